from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "portico.common"
    label = "common"
