"""Back office: notifications are read-only here (they are written by the services that raise them)."""

from django.contrib import admin
from django.http import HttpRequest

from portico.messaging.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "topic", "read_at", "email_wanted", "emailed_at")
    list_filter = ("topic", "email_wanted")
    raw_id_fields = ("recipient",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
