"""Plan administrators publish a new version of the privacy statement and terms in the Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from portico.accounts.terms.models import TermsAcceptance, TermsVersion
from portico.accounts.terms.services import terms_cache_clear

TEXT_FIELDS = ("version", "effective_date", "privacy_statement_en", "privacy_statement_es", "terms_en", "terms_es")


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "effective_date", "created_at", "acceptance_count")
    ordering = ("-effective_date", "-id")

    @admin.display(description="acceptances")
    def acceptance_count(self, obj: TermsVersion) -> int:
        return obj.acceptances.count()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # People accepted these words: they stay as they were. Publish a new version instead.
        if obj is not None and obj.acceptances.exists():
            return TEXT_FIELDS
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.acceptances.exists()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        terms_cache_clear()  # the new version applies at everyone's next request


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(admin.ModelAdmin):
    list_display = ("user", "version", "accepted_at", "ip_address")
    list_filter = ("version",)
    search_fields = ("user__username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
