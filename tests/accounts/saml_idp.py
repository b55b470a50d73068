"""A real SAML 2.0 identity provider for the single sign-on tests: the test "Northwest Provider Hub".

It is pysaml2's IdP (``saml2.server.Server``) with keys and self-signed certificates made at test time; it signs
with Debian's ``xmlsec1`` (scripts/ensure-xmlsec1). The tests drive it directly (``HubIdP``: parse Portico's
requests, answer with signed responses and logout messages) or over HTTP (``serve``: a small WSGI app in a
thread, for the browser journey). Portico's side is never mocked: its metadata, requests and checks are real.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def key_and_certificate(common_name: str, *, days: int = 30) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class HubUser:
    """A person at the hub, with the attributes the hub releases about them."""

    name_id: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    tin: str = ""
    roles: list[str] = field(default_factory=list)

    def attributes(self) -> dict[str, list[str]]:
        values = {
            "email": [self.email],
            "givenName": [self.first_name],
            "sn": [self.last_name],
            "organizationTin": [self.tin],
            "portalRoles": self.roles,
        }
        return {name: value for name, value in values.items() if value and value != [""]}


@dataclass
class Posted:
    """What the hub's browser form posts to Portico's assertion consumer service."""

    action: str
    data: dict[str, str]

    @property
    def xml(self) -> str:
        return base64.b64decode(self.data["SAMLResponse"]).decode()

    def with_xml(self, xml: str) -> Posted:
        return Posted(self.action, {**self.data, "SAMLResponse": base64.b64encode(xml.encode()).decode()})


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class HubIdP:
    """The hub. ``metadata`` is its IdP metadata (give it to Portico); ``trust(sp_metadata)`` loads Portico's."""

    def __init__(self, directory: Path, *, base_url: str = "https://hub.nwph.example") -> None:
        self.base_url = base_url.rstrip("/")
        self.entity_id = f"{self.base_url}/idp"
        self.sso_url = f"{self.base_url}/sso/redirect"
        self.slo_url = f"{self.base_url}/slo/redirect"
        directory.mkdir(parents=True, exist_ok=True)
        key_pem, self.certificate = key_and_certificate("Northwest Provider Hub (test)")
        self.key_file = directory / "idp.key"
        self.cert_file = directory / "idp.crt"
        self.key_file.write_text(key_pem)
        self.cert_file.write_text(self.certificate)
        self.sp_metadata: list[str] = []
        self.server = self._server()
        self.metadata = create_metadata_string(None, config=self.server.config, valid=24 * 30).decode()
        self.users: dict[str, HubUser] = {}
        self.sessions: dict[str, str] = {}  # NameID -> the SessionIndex of its last sign-in

    def _config(self) -> dict[str, Any]:
        xmlsec = shutil.which("xmlsec1")
        if xmlsec is None:
            raise RuntimeError(
                "The SSO tests need the xmlsec1 command: run scripts/ensure-xmlsec1 (apt-get install xmlsec1)"
            )
        return {
            "entityid": self.entity_id,
            "xmlsec_binary": xmlsec,
            "key_file": str(self.key_file),
            "cert_file": str(self.cert_file),
            "metadata": {"inline": list(self.sp_metadata)} if self.sp_metadata else {},
            "service": {
                "idp": {
                    "name": "Northwest Provider Hub (test)",
                    "endpoints": {
                        "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(self.slo_url, BINDING_HTTP_REDIRECT)],
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "name_form": NAME_FORMAT_BASIC,
                            "attribute_restrictions": None,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                }
            },
            "allow_unknown_attributes": True,
        }

    def _server(self) -> Server:
        config = IdPConfig()
        config.load(self._config())
        return Server(config=config)

    def trust(self, sp_metadata: str) -> None:
        """Load a service provider's metadata (Portico's, fetched from /accounts/sso/metadata/)."""
        self.sp_metadata.append(sp_metadata)
        self.server = self._server()

    def add_user(self, user: HubUser) -> HubUser:
        self.users[user.name_id] = user
        return user

    # --- sign-in -------------------------------------------------------------------------------------------
    def authn_request(self, redirect_url: str) -> Any:
        """Parse (and check the signature of) the AuthnRequest Portico sent the browser to the hub with."""
        params = _query(redirect_url)
        # The hub wants signed requests: pysaml2 refuses one whose redirect signature does not verify.
        return self.server.parse_authn_request(
            params["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=params.get("RelayState"),
            sigalg=params.get("SigAlg"),
            signature=params.get("Signature"),
        )

    def answer(self, redirect_url: str, user: HubUser, **options: Any) -> Posted:
        """The hub's answer to Portico's sign-in request (SP-initiated), after ``user`` signs in at the hub."""
        request = self.authn_request(redirect_url)
        relay_state = _query(redirect_url).get("RelayState")
        return self.response(
            user,
            in_response_to=request.message.id,
            sp_entity_id=request.message.issuer.text,
            relay_state=relay_state,
            **options,
        )

    def response(
        self,
        user: HubUser,
        *,
        sp_entity_id: str,
        in_response_to: str | None = None,
        relay_state: str | None = None,
        acs_url: str | None = None,
        audience: str | None = None,
        sign_assertion: bool = True,
        sign_response: bool = False,
    ) -> Posted:
        """A SAML response for ``user`` (IdP-initiated when ``in_response_to`` is None). ``audience`` sends it as
        if for another service provider (one the hub also trusts)."""
        destination = acs_url or self.acs_url(sp_entity_id)
        response = self.server.create_authn_response(
            identity=user.attributes(),
            in_response_to=in_response_to,
            destination=destination,
            sp_entity_id=audience or sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user.name_id),
            authn={"class_ref": PASSWORD_CONTEXT, "authn_auth": self.entity_id},
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        xml = str(response)
        session_index = xml.split('SessionIndex="', 1)[1].split('"', 1)[0] if 'SessionIndex="' in xml else ""
        self.sessions[user.name_id] = session_index
        data = {"SAMLResponse": base64.b64encode(xml.encode()).decode()}
        if relay_state is not None:
            data["RelayState"] = relay_state
        return Posted(destination, data)

    def acs_url(self, sp_entity_id: str) -> str:
        return self.server.metadata.assertion_consumer_service(sp_entity_id, BINDING_HTTP_POST)[0]["location"]

    def sls_url(self, sp_entity_id: str) -> str:
        return self.server.metadata.single_logout_service(sp_entity_id, BINDING_HTTP_REDIRECT, "spsso")[0]["location"]

    # --- single logout -------------------------------------------------------------------------------------
    def answer_logout(self, redirect_url: str) -> str:
        """The hub ends its session for Portico's LogoutRequest and sends the browser back with a signed
        LogoutResponse; returns that URL."""
        params = _query(redirect_url)
        request = self.server.parse_logout_request(
            params["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=params.get("RelayState"),
            sigalg=params.get("SigAlg"),
            signature=params.get("Signature"),
        )
        sp = request.message.issuer.text
        self.sessions.pop(request.message.name_id.text, None)
        response = self.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        http = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(response),
            destination=self.sls_url(sp),
            relay_state=params.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(http["headers"])["Location"]

    def logout_request(self, user: HubUser, *, sp_entity_id: str, sign: bool = True) -> str:
        """IdP-initiated single logout: the URL the hub sends the browser to, to end the portal session."""
        _request_id, request = self.server.create_logout_request(
            destination=self.sls_url(sp_entity_id),
            issuer_entity_id=sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user.name_id),
            session_indexes=[self.sessions.get(user.name_id, "")],
            expire=None,
        )
        http = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(request),
            destination=self.sls_url(sp_entity_id),
            relay_state="",
            sign=sign,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(http["headers"])["Location"]

    # --- over HTTP (for the browser) -----------------------------------------------------------------------
    def wsgi(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        url = f"{self.base_url}{path}?{query}"

        def page(title: str, body: str) -> list[bytes]:
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            document = (
                f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><main><h1>{title}</h1>{body}</main></body></html>"
            )
            return [document.encode()]

        if path == "/sso/redirect":
            options = "".join(
                f'<option value="{html.escape(u.name_id)}">{html.escape(u.email or u.name_id)}</option>'
                for u in self.users.values()
            )
            body = (
                '<form method="get" action="/sso/login">'
                f'<input type="hidden" name="request" value="{html.escape(url)}">'
                f'<label for="who">Person</label> <select id="who" name="who">{options}</select> '
                '<button type="submit">Sign in at the hub</button></form>'
            )
            return page("Northwest Provider Hub (test)", body)
        if path == "/sso/login":
            params = _query(url)
            posted = self.answer(params["request"], self.users[params["who"]])
            return page("Northwest Provider Hub (test)", self._post_form(posted))
        if path == "/idp-initiated":
            params = _query(url)
            sp = self.sp_entity_ids()[0]
            posted = self.response(self.users[params["who"]], sp_entity_id=sp, relay_state=params.get("next"))
            return page("Northwest Provider Hub (test)", self._post_form(posted))
        if path == "/slo/redirect" and "SAMLRequest" in query:
            location = self.answer_logout(url)
            start_response("302 Found", [("Location", location)])
            return [b""]
        if path == "/slo/redirect":
            return page("Northwest Provider Hub (test)", "<p>Signed out of the hub.</p>")
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def sp_entity_ids(self) -> list[str]:
        return [entity for entity in self.server.metadata.keys() if entity != self.entity_id]  # noqa: SIM118 - no __iter__

    @staticmethod
    def _post_form(posted: Posted) -> str:
        fields = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
            for name, value in posted.data.items()
        )
        return (
            f'<form method="post" action="{html.escape(posted.action)}">{fields}'
            '<button type="submit">Continue to the portal</button></form>'
        )


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def bind() -> WSGIServer:
    """A server on a free port of the loopback address, not yet serving (its URL goes into the metadata)."""
    return make_server("127.0.0.1", 0, lambda environ, start_response: [], handler_class=_QuietHandler)


@contextmanager
def serve(server: WSGIServer, idp: HubIdP) -> Iterator[str]:
    """Serve the hub over HTTP in a thread; yields its base URL."""
    server.set_app(idp.wsgi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def redirect_params(url: str) -> dict[str, str]:
    return _query(url)


__all__ = ["HubIdP", "HubUser", "Posted", "bind", "key_and_certificate", "redirect_params", "serve", "urlencode"]
