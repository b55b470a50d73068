"""Back office: decision deadlines are data with effective dates, kept here by plan administrators."""

from django.contrib import admin

from portico.authorizations.models import DecisionDeadline


@admin.register(DecisionDeadline)
class DecisionDeadlineAdmin(admin.ModelAdmin):
    list_display = ("line_of_business", "urgency", "amount", "unit", "effective")
    list_filter = ("urgency", "line_of_business")
