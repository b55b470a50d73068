from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portico.members"
    label = "members"
