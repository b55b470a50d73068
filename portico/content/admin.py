"""The content app's back office: each area registers its models in its own admin module, imported here."""

from portico.content import publishing_admin, training_admin  # noqa: F401
