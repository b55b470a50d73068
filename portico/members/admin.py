"""The members app's back office: the member resources catalog (its own module)."""

from portico.members.resources import admin as resources_admin  # noqa: F401  (registers the models)
