from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "portico.codes"
    label = "codes"
