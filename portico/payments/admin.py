from django.contrib import admin

from portico.payments.models import Payment, PaymentRun, ProviderAdjustment


@admin.register(PaymentRun)
class PaymentRunAdmin(admin.ModelAdmin[PaymentRun]):
    list_display = ("id", "as_of", "trigger", "status", "claim_count", "payment_count", "total_amount")
    readonly_fields = ("started_by", "started_at")


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin[Payment]):
    list_display = ("trace_number", "payee_name", "tin", "npi", "method", "payment_date", "amount")
    search_fields = ("trace_number", "tin", "npi")
    raw_id_fields = ("run", "organization")


@admin.register(ProviderAdjustment)
class ProviderAdjustmentAdmin(admin.ModelAdmin[ProviderAdjustment]):
    """Staff record an overpayment recovery or interest here; the next run applies it."""

    list_display = ("organization", "tin", "npi", "reason", "amount", "reference", "payment")
    raw_id_fields = ("organization", "claim", "payment", "created_by")
