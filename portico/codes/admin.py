"""Back office for code reference data. Specialty vendors are kept here; list versions are uploaded and published
on the staff pages (/prior-auth/manage/), never edited here."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from portico.codes.models import MueEdit, PtpEdit, ReviewVendor


@admin.register(ReviewVendor)
class ReviewVendorAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "starts", "ends", "phone", "fax")
    search_fields = ("name", "key")
    prepopulated_fields = {"key": ("name",)}


class _ReadOnly(admin.ModelAdmin):
    """NCCI edits come only from CMS's files (``portico codes ncci-ptp`` / ``mue``): shown here, never edited."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(PtpEdit)
class PtpEditAdmin(_ReadOnly):
    list_display = ("column1", "column2", "effective_start", "effective_end", "modifier_indicator", "rationale", "part")
    list_filter = ("modifier_indicator", "part")
    search_fields = ("column1", "column2")
    list_select_related = ("load",)


@admin.register(MueEdit)
class MueEditAdmin(_ReadOnly):
    list_display = ("code", "units", "indicator", "effective_start", "effective_end", "rationale")
    list_filter = ("indicator", "effective_start")
    search_fields = ("code",)
