"""The back office for alerts, provider updates and the document library.

Content editors publish through the portal's own pages (/publish/), which run the services: a new document
version supersedes the old one, an update is emailed once, an alert can come with both. The admin is for
correcting what was published — a typo in a title, an alert's end date — so what the services own (version
numbers, stored files and their checksums, publication stamps, deliveries) is read-only here.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from portico.content.alerts import Alert, AlertDismissal
from portico.content.documents import Document, DocumentVersion
from portico.content.updates import ProviderUpdate, UpdateDelivery, UpdateSubscription


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = ("title", "level", "audience", "starts_at", "ends_at")
    list_filter = ("level", "audience")
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    raw_id_fields = ("update", "document", "created_by")
    readonly_fields = ("created_by", "created_at", "updated_at")


@admin.register(AlertDismissal)
class AlertDismissalAdmin(admin.ModelAdmin[AlertDismissal]):
    list_display = ("alert", "user", "dismissed_at")
    raw_id_fields = ("alert", "user")
    readonly_fields = ("dismissed_at",)


@admin.register(ProviderUpdate)
class ProviderUpdateAdmin(admin.ModelAdmin[ProviderUpdate]):
    list_display = ("title", "category", "status", "published_at")
    list_filter = ("category", "status")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "published_at", "created_by", "created_at", "updated_at")


@admin.register(UpdateSubscription)
class UpdateSubscriptionAdmin(admin.ModelAdmin[UpdateSubscription]):
    list_display = ("email", "confirmed_at", "unsubscribed_at")
    search_fields = ("email",)
    readonly_fields = ("confirmed_at",)


@admin.register(UpdateDelivery)
class UpdateDeliveryAdmin(admin.ModelAdmin[UpdateDelivery]):
    list_display = ("update", "subscription", "sent_at")
    raw_id_fields = ("update", "subscription")
    readonly_fields = ("update", "subscription", "sent_at")


class VersionInline(admin.TabularInline[DocumentVersion, Document]):
    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = ("number", "effective_date", "status", "note", "file_name", "size", "published_at")
    readonly_fields = ("number", "status", "file_name", "size", "published_at")

    def has_add_permission(self, request: HttpRequest, obj: Document | None = None) -> bool:
        return False  # a version comes with its file: upload it on /publish/documents/


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ("title", "kind", "area", "providers_only")
    list_filter = ("kind", "area", "providers_only")
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("lines_of_business",)
    inlines = (VersionInline,)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin[DocumentVersion]):
    list_display = ("document", "number", "effective_date", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("document__title", "file_name", "note")
    readonly_fields = (
        "document",
        "number",
        "status",
        "file_name",
        "stored_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "published_by",
        "published_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
