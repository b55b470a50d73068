from django.contrib import admin

from portico.providers.models import (
    Affiliation,
    BillingArrangement,
    ChecklistItem,
    DirectoryChange,
    NetworkApplication,
    NetworkParticipation,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)


class LocationInline(admin.TabularInline):
    model = ServiceLocation
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = NetworkParticipation
    extra = 0


@admin.register(ProviderOrganization)
class ProviderOrganizationAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "kind", "tin", "group_npi")
    list_filter = ("kind",)
    search_fields = ("legal_name", "tin", "group_npi")
    inlines = [LocationInline, ParticipationInline]


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "npi", "credentials", "taxonomy_code")
    search_fields = ("last_name", "npi")


admin.site.register(Affiliation)
admin.site.register(BillingArrangement)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    """The credentialing checklist of network applications: data provider relations may change."""

    list_display = ("position", "code", "label", "required", "active")
    list_editable = ("label", "required", "active")
    ordering = ("position", "code")


@admin.register(DirectoryChange)
class DirectoryChangeAdmin(admin.ModelAdmin):
    list_display = ("pk", "organization", "target", "status", "proposed_at", "decided_at")
    list_filter = ("status", "target")
    readonly_fields = ("proposed_at",)


@admin.register(NetworkApplication)
class NetworkApplicationAdmin(admin.ModelAdmin):
    list_display = ("reference", "legal_name", "status", "submitted_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("reference", "legal_name", "tin")
    exclude = ("token_hash",)
