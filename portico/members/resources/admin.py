"""The back office: plan administrators keep the catalog of programs (a change is a new version with a later
start); requests are listed for support without the member or what the form said (care coordinators read those in
the portal, where each read is recorded)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from portico.members.resources.models import ResourceProgram, ResourceRequest


@admin.register(ResourceProgram)
class ResourceProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "kind", "effective_start", "effective_end", "season_start", "season_end", "position")
    list_filter = ("kind",)
    search_fields = ("name", "key")


@admin.register(ResourceRequest)
class ResourceRequestAdmin(admin.ModelAdmin):
    list_display = ("reference", "program", "organization", "status", "submitted_at", "assignee")
    list_filter = ("status", "kind")
    fields = ("program", "organization", "status", "submitted_at", "assignee", "updated_at", "closed_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
