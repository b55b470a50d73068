from django.contrib import admin

from portico.plans.models import Benefit, BenefitPlan, HealthPlan, LineOfBusiness

admin.site.register(HealthPlan)
admin.site.register(LineOfBusiness)


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0


@admin.register(BenefitPlan)
class BenefitPlanAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "line_of_business")
    inlines = [BenefitInline]
