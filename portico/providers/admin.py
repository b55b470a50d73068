from django.contrib import admin

from portico.providers.models import (
    Affiliation,
    BillingArrangement,
    NetworkParticipation,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)


class LocationInline(admin.TabularInline):
    model = ServiceLocation
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = NetworkParticipation
    extra = 0


@admin.register(ProviderOrganization)
class ProviderOrganizationAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "kind", "tin", "group_npi")
    list_filter = ("kind",)
    search_fields = ("legal_name", "tin", "group_npi")
    inlines = [LocationInline, ParticipationInline]


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "npi", "credentials", "taxonomy_code")
    search_fields = ("last_name", "npi")


admin.site.register(Affiliation)
admin.site.register(BillingArrangement)
