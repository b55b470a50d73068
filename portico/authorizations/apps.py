from django.apps import AppConfig


class AuthorizationsConfig(AppConfig):
    name = "portico.authorizations"
    label = "authorizations"

    def ready(self) -> None:
        from portico.authorizations.queries import authorization_has_relationship
        from portico.members.access import relationship_register

        # A submitted request links the organization to the member (members.access never imports us).
        relationship_register(name="authorization", check=authorization_has_relationship)
