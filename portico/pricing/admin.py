"""Back office for fee schedules: staff define schedules here and see versions and the Medicare data loaded.
Versions are added and published with ``portico pricing`` (which checks the rates and the dates); published
versions are read-only here, so what priced a claim stays as it was."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from portico.common.errors import DomainError
from portico.pricing.models import FeeSchedule, FeeScheduleVersion, MpfsLocality, MpfsRelease, VersionStatus
from portico.pricing.services import fee_schedule_version_publish


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    list_display = ("name", "network_status", "provider_kind", "line_of_business", "organization", "method")
    list_filter = ("network_status", "method", "provider_kind")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("organization",)


@admin.register(FeeScheduleVersion)
class FeeScheduleVersionAdmin(admin.ModelAdmin):
    list_display = ("schedule", "number", "status", "effective_start", "effective_end", "percentage", "published_at")
    list_filter = ("status",)
    actions = ["publish"]
    readonly_fields = [f.name for f in FeeScheduleVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Publish the selected draft versions")
    def publish(self, request: HttpRequest, queryset: QuerySet[FeeScheduleVersion]) -> None:
        for version in queryset.filter(status=VersionStatus.DRAFT).order_by("effective_start"):
            try:
                fee_schedule_version_publish(version=version, user=request.user)  # type: ignore[arg-type]
            except DomainError as exc:
                self.message_user(request, f"{version}: {exc.message}", level=messages.ERROR)
            else:
                self.message_user(request, f"{version} is published.")


@admin.register(MpfsRelease)
class MpfsReleaseAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "conversion_factor", "source_file", "loaded_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MpfsLocality)
class MpfsLocalityAdmin(admin.ModelAdmin):
    list_display = ("year", "mac", "locality", "state", "name", "work_gpci", "pe_gpci", "mp_gpci")
    list_filter = ("year", "state")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
