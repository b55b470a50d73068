from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "portico.claims"
    label = "claims"

    def ready(self) -> None:
        from portico.claims.queries import claim_has_relationship
        from portico.members.access import relationship_register

        # A submitted claim links the organization to the member (members.access never imports us).
        relationship_register(name="claim", check=claim_has_relationship)
        # "What is this message about?" can name one of the organization's claims by its ICN.
        import portico.claims.links  # noqa: F401
