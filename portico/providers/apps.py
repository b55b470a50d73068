from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "portico.providers"
    label = "providers"
