"""The hub's and Portico's SAML settings, read from ``settings.PORTICO_SSO`` (itself from the environment).

Single sign-on is on when the hub is described: by its metadata file (``PORTICO_SSO_IDP_METADATA_FILE``), or by
its entity id, sign-in URL and certificate. Without that, ``sso_enabled()`` is False, the SSO pages answer 404 and
the sign-in page offers no hub link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from portico.env import ConfigurationError

PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.DOTALL)

_metadata_cache: dict[tuple[str, float], dict[str, Any]] = {}


@dataclass(frozen=True)
class AttributeNames:
    """Which SAML attribute carries each fact about the person (``PORTICO_SSO_ATTR_*``)."""

    email: str
    first_name: str
    last_name: str
    tin: str
    roles: str


def _conf() -> dict[str, Any]:
    return dict(getattr(settings, "PORTICO_SSO", {}) or {})


def sso_enabled() -> bool:
    conf = _conf()
    return bool(conf.get("IDP_METADATA_FILE") or (conf.get("IDP_ENTITY_ID") and conf.get("IDP_SSO_URL")))


def hub_name() -> str:
    return str(_conf().get("IDP_NAME") or "Northwest Provider Hub")


def clock_skew_seconds() -> int:
    return int(_conf().get("CLOCK_SKEW_SECONDS", 120))


def attribute_names() -> AttributeNames:
    names = {"email": "email", "first_name": "givenName", "last_name": "sn", "tin": "organizationTin"}
    names |= {"roles": "portalRoles"} | dict(_conf().get("ATTRIBUTES") or {})
    return AttributeNames(**{key: names[key] for key in ("email", "first_name", "last_name", "tin", "roles")})


def base_url() -> str:
    """Where people reach the portal (``PORTICO_BASE_URL``), without a trailing slash."""
    return str(settings.PORTICO_BASE_URL).rstrip("/")


def sp_entity_id() -> str:
    return str(_conf().get("SP_ENTITY_ID") or base_url() + reverse("accounts:sso_metadata"))


def certificates(pem: str) -> list[str]:
    """The base64 bodies of the PEM certificates in ``pem`` (one, or two during a rollover)."""
    found = ["".join(body.split()) for body in PEM_CERTIFICATE.findall(pem or "")]
    if not found and pem.strip():
        found = ["".join(pem.split())]  # a bare base64 certificate
    return found


def _idp_from_metadata(path: str) -> dict[str, Any]:
    file = Path(path)
    try:
        key = (str(file), file.stat().st_mtime)
    except OSError as exc:
        raise ConfigurationError(f"PORTICO_SSO_IDP_METADATA_FILE: cannot read {path}: {exc.strerror}") from exc
    if key not in _metadata_cache:
        try:
            parsed = OneLogin_Saml2_IdPMetadataParser.parse(file.read_text(encoding="utf-8"))
        except Exception as exc:  # the parser raises bare exceptions for malformed XML
            raise ConfigurationError(f"PORTICO_SSO_IDP_METADATA_FILE: {path} is not SAML metadata ({exc})") from exc
        if not parsed.get("idp", {}).get("entityId"):
            raise ConfigurationError(f"PORTICO_SSO_IDP_METADATA_FILE: {path} describes no identity provider")
        _metadata_cache.clear()
        _metadata_cache[key] = parsed["idp"]
    return dict(_metadata_cache[key])


def _idp(conf: dict[str, Any]) -> dict[str, Any]:
    if conf.get("IDP_METADATA_FILE"):
        return _idp_from_metadata(str(conf["IDP_METADATA_FILE"]))
    certs = certificates(str(conf.get("IDP_CERT") or ""))
    if not certs:
        raise ConfigurationError("PORTICO_SSO_IDP_CERT (or PORTICO_SSO_IDP_CERT_FILE) must hold the hub's certificate")
    idp: dict[str, Any] = {
        "entityId": conf["IDP_ENTITY_ID"],
        "singleSignOnService": {"url": conf["IDP_SSO_URL"], "binding": OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT},
    }
    if conf.get("IDP_SLO_URL"):
        idp["singleLogoutService"] = {
            "url": conf["IDP_SLO_URL"],
            "binding": OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT,
        }
    if len(certs) == 1:
        idp["x509cert"] = certs[0]
    else:
        idp["x509certMulti"] = {"signing": certs, "encryption": certs[:1]}
    return idp


def saml_settings() -> dict[str, Any]:
    """The python3-saml settings: strict, signed assertions required, SHA-256, requests signed when Portico has
    a key. Raises ``ConfigurationError`` naming the variable when the configuration is incomplete."""
    conf = _conf()
    if not sso_enabled():
        raise ConfigurationError("Single sign-on is not configured (PORTICO_SSO_IDP_METADATA_FILE is not set)")
    sp_cert = certificates(str(conf.get("SP_CERT") or ""))
    sp_key = str(conf.get("SP_KEY") or "")
    if bool(sp_cert) != bool(sp_key):
        raise ConfigurationError("PORTICO_SSO_SP_CERT and PORTICO_SSO_SP_KEY (or their _FILE variants) go together")
    signs = bool(sp_key)
    base = base_url()
    return {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": sp_entity_id(),
            "assertionConsumerService": {
                "url": base + reverse("accounts:sso_acs"),
                "binding": OneLogin_Saml2_Constants.BINDING_HTTP_POST,
            },
            "singleLogoutService": {
                "url": base + reverse("accounts:sso_sls"),
                "binding": OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT,
            },
            "NameIDFormat": OneLogin_Saml2_Constants.NAMEID_UNSPECIFIED,
            "x509cert": sp_cert[0] if sp_cert else "",
            "privateKey": sp_key,
        },
        "idp": _idp(conf),
        "security": {
            "authnRequestsSigned": signs,
            "logoutRequestSigned": signs,
            "logoutResponseSigned": signs,
            "signMetadata": False,
            "wantAssertionsSigned": True,
            "wantMessagesSigned": bool(conf.get("WANT_MESSAGES_SIGNED", False)),
            "wantNameId": True,
            "wantAttributeStatement": False,
            "requestedAuthnContext": False,
            "signatureAlgorithm": OneLogin_Saml2_Constants.RSA_SHA256,
            "digestAlgorithm": OneLogin_Saml2_Constants.SHA256,
            "rejectDeprecatedAlgorithm": True,
        },
    }


def request_data(request: HttpRequest) -> dict[str, Any]:
    """The request as python3-saml reads it. The host is the configured ``PORTICO_BASE_URL``, not the Host
    header: the Destination and Recipient of an assertion must be the address the hub was given."""
    base = urlsplit(base_url())
    return {
        "https": "on" if base.scheme == "https" else "off",
        "http_host": base.netloc,
        "script_name": request.path,
        "get_data": {key: request.GET[key] for key in request.GET},
        "post_data": {key: request.POST[key] for key in request.POST} if request.method == "POST" else {},
        "query_string": request.META.get("QUERY_STRING", ""),
        "validate_signature_from_qs": True,
    }
