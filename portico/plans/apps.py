from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "portico.plans"
    label = "plans"
