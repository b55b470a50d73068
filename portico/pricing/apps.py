from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "portico.pricing"
    label = "pricing"
    verbose_name = "Pricing and fee schedules"
