"""SAML 2.0 single sign-on through the regional hub (the Northwest Provider Hub): Portico is the service provider.

``config`` reads the hub's and Portico's SAML settings, ``models`` keeps linked identities, seen assertions and
each organization's settings, ``services`` turns a verified assertion into a signed-in person, ``views`` are the
SAML endpoints and pages under /accounts/sso/. docs/sso.md is the operator's guide.
"""
