from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from portico.accounts.mfa import mfa_reset
from portico.accounts.models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    actions = ["reset_two_step_verification"]

    @admin.action(description="Reset two-step verification (after confirming who is asking)")
    def reset_two_step_verification(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            mfa_reset(user=user, actor=request.user, reason="Django admin")  # type: ignore[arg-type]
        self.message_user(
            request,
            f"Two-step verification reset for {queryset.count()} person(s): their next direct sign-in sets up a new "
            "authenticator app.",
        )

    fieldsets = (*BaseUserAdmin.fieldsets, ("Portico", {"fields": ("staff_roles", "preferred_language")}))  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "organization", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")


# The privacy statement and terms versions (plan administrators publish new ones here).
from portico.accounts.terms import admin as _terms_admin  # noqa: E402, F401
