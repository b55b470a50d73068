"""Back office: decision deadlines are data with effective dates, kept here by plan administrators, and the link
that makes a UM reviewer a specialty vendor's reviewer."""

from django.contrib import admin

from portico.authorizations.models import DecisionDeadline, VendorReviewer


@admin.register(DecisionDeadline)
class DecisionDeadlineAdmin(admin.ModelAdmin):
    list_display = (
        "line_of_business",
        "urgency",
        "amount",
        "unit",
        "extension_days",
        "clock_stops_when_pended",
        "effective",
    )
    list_filter = ("urgency", "line_of_business")


@admin.register(VendorReviewer)
class VendorReviewerAdmin(admin.ModelAdmin):
    list_display = ("user", "vendor")
    list_filter = ("vendor",)
    raw_id_fields = ("user",)
