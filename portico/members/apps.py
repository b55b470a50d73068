from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "portico.members"
    label = "members"

    def ready(self) -> None:
        from portico.members.resources.links import resource_link_register

        # A secure message may be about a member resource request (messaging's links never import us).
        resource_link_register()
