"""Back office for code reference data. Specialty vendors are kept here; list versions are uploaded and published
on the staff pages (/prior-auth/manage/), never edited here."""

from django.contrib import admin

from portico.codes.models import ReviewVendor


@admin.register(ReviewVendor)
class ReviewVendorAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "starts", "ends", "phone", "fax")
    search_fields = ("name", "key")
    prepopulated_fields = {"key": ("name",)}
