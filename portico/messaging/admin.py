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


# ---- secure messaging: teams, holidays, specialists (threads are read in the portal, not here) ----------------------

from django import forms  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from portico.accounts.models import StaffRole  # noqa: E402
from portico.messaging.threads.models import BusinessHoliday, OrganizationContact, PlanTeam  # noqa: E402


class PlanTeamForm(forms.ModelForm):
    class Meta:
        model = PlanTeam
        fields = (
            "key",
            "name",
            "handles",
            "phone",
            "hours",
            "reply_target_days",
            "position",
            "accepts_messages",
            "staff",
        )

    def clean_staff(self):
        staff = self.cleaned_data["staff"]
        outsiders = [u.username for u in staff if not u.is_plan_staff]
        if outsiders:
            message = _("Only plan staff can work a team's inbox: %(names)s hold no staff role.")
            raise forms.ValidationError(message % {"names": ", ".join(outsiders)})
        return staff


@admin.register(PlanTeam)
class PlanTeamAdmin(admin.ModelAdmin):
    form = PlanTeamForm
    list_display = ("name", "handles", "phone", "hours", "reply_target_days", "accepts_messages", "position")
    list_editable = ("reply_target_days", "accepts_messages", "position")
    filter_horizontal = ("staff",)


@admin.register(BusinessHoliday)
class BusinessHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"


class OrganizationContactForm(forms.ModelForm):
    class Meta:
        model = OrganizationContact
        fields = ("organization", "specialist", "phone")

    def clean_specialist(self):
        specialist = self.cleaned_data["specialist"]
        if not specialist.has_staff_role(StaffRole.PROVIDER_RELATIONS):
            raise forms.ValidationError(_("Choose a person with the Provider relations staff role."))
        return specialist


@admin.register(OrganizationContact)
class OrganizationContactAdmin(admin.ModelAdmin):
    form = OrganizationContactForm
    list_display = ("organization", "specialist", "phone")
    raw_id_fields = ("organization", "specialist")
