"""Back office: claims as the plan's staff see them (read-mostly), and the adjustments adjudication will make."""

from django.contrib import admin

from portico.claims.adjudication.models import AuthorizationUnitUse, TimelyFilingLimit
from portico.claims.models import Claim, ClaimAdjustment, ClaimEvent, ClaimLine


class ClaimLineInline(admin.TabularInline):
    model = ClaimLine
    extra = 0
    fields = ("number", "service_from", "service_to", "revenue_code", "code", "modifiers", "units", "charge", "status",
              "allowed", "paid", "member_responsibility")  # fmt: skip
    readonly_fields = ("number", "service_from", "service_to", "revenue_code", "code", "modifiers", "units", "charge")
    show_change_link = True


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    fk_name = "claim"
    extra = 0
    fields = ("kind", "at", "by", "status", "related", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("icn", "organization", "kind", "frequency", "status", "total_charge", "submitted_at")
    list_filter = ("status", "kind", "frequency", "line_of_business")
    search_fields = ("icn", "patient_account_number")
    raw_id_fields = ("organization", "member", "replaces", "authorization", "rendering_practitioner",
                     "service_location", "created_by", "submitted_by")  # fmt: skip
    readonly_fields = ("icn", "idempotency_key", "created_at", "updated_at", "submitted_at")
    inlines = (ClaimLineInline, ClaimEventInline)


class ClaimAdjustmentInline(admin.TabularInline):
    model = ClaimAdjustment
    extra = 0


@admin.register(ClaimLine)
class ClaimLineAdmin(admin.ModelAdmin):
    list_display = ("claim", "number", "code", "revenue_code", "charge", "status", "allowed", "paid")
    list_filter = ("status",)
    raw_id_fields = ("claim",)
    inlines = (ClaimAdjustmentInline,)


@admin.register(ClaimAdjustment)
class ClaimAdjustmentAdmin(admin.ModelAdmin):
    list_display = ("line", "group", "reason", "remark", "amount", "rule")
    list_filter = ("group", "rule")
    raw_id_fields = ("line",)


@admin.register(TimelyFilingLimit)
class TimelyFilingLimitAdmin(admin.ModelAdmin):
    """Timely filing limits: per program, or per line of business (which wins), each with its effective dates."""

    list_display = ("program", "line_of_business", "days", "effective_start", "effective_end")
    list_filter = ("program",)


@admin.register(AuthorizationUnitUse)
class AuthorizationUnitUseAdmin(admin.ModelAdmin):
    list_display = ("authorization_line", "claim_line", "units", "created_at")
    raw_id_fields = ("authorization_line", "claim_line")
