"""The SAML endpoints (metadata, sign-in, assertion consumer, single logout) and the single sign-on pages.

Sign-in requests started here are remembered in the cache by their ID, not in the session: the hub posts its
answer from another site, and the browser does not send the (SameSite=Lax) session cookie with that post."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.logout_request import OneLogin_Saml2_Logout_Request
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from portico.accounts.actors import client_ip, provider_role_required
from portico.accounts.gate import AUTH_SSO, SESSION_AUTH_METHOD
from portico.accounts.middleware import SESSION_KEY
from portico.accounts.models import ProviderRole, SecurityEventKind, User
from portico.accounts.services import security_event_record
from portico.accounts.sso import config, services
from portico.accounts.sso.models import SsoIdentity
from portico.common.errors import ValidationFailed

# What the session keeps of the hub sign-in, for single logout: issuer, NameID (and format), session index.
SESSION_SSO = "portico_sso"
SESSION_SLO_REQUEST = "portico_sso_logout_request"
PENDING_PREFIX = "portico:sso:request:"
PENDING_SECONDS = 600


def _require_enabled() -> None:
    if not config.sso_enabled():
        raise Http404("Single sign-on is not configured.")


def local_path(value: str | None) -> str | None:
    """``value`` if it is a path on this portal (a deep link), else None: never another site."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return None
    return value


def _pending_put(request_id: str, data: dict[str, Any]) -> None:
    cache.set(PENDING_PREFIX + request_id, data, PENDING_SECONDS)


def _pending_take(request_id: str) -> dict[str, Any] | None:
    """The sign-in request this portal started with that ID, once: a second answer to it finds nothing."""
    key = PENDING_PREFIX + request_id
    data = cache.get(key)
    if data is None or not cache.delete(key):
        return None
    return dict(data)


def _in_response_to(saml_response: str) -> str | None:
    try:
        settings_ = OneLogin_Saml2_Settings(config.saml_settings(), sp_validation_only=True)
        value = OneLogin_Saml2_Response(settings_, saml_response).get_in_response_to()
    except Exception:  # garbage: assertion_verify says why
        return None
    return str(value) if value else None


def _start_sign_in(request: HttpRequest, *, next_path: str, link_user_id: int | None = None) -> HttpResponse:
    auth = OneLogin_Saml2_Auth(config.request_data(request), config.saml_settings())
    url = auth.login(return_to=next_path)
    _pending_put(str(auth.get_last_request_id()), {"link_user_id": link_user_id})
    return redirect(url)


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    """Portico's service-provider metadata, for the hub's administrators."""
    _require_enabled()
    saml = OneLogin_Saml2_Settings(config.saml_settings(), sp_validation_only=True)
    xml = saml.get_sp_metadata()
    errors = saml.validate_metadata(xml)
    if errors:
        raise RuntimeError(f"Portico's SAML metadata is invalid: {', '.join(errors)}")
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


@require_GET
def sign_in(request: HttpRequest) -> HttpResponse:
    """SP-initiated sign-in: off to the hub, and back to ``next`` (a local path) afterwards."""
    _require_enabled()
    next_path = local_path(request.GET.get("next")) or reverse(settings.LOGIN_REDIRECT_URL)
    if request.user.is_authenticated:
        return redirect(next_path)
    return _start_sign_in(request, next_path=next_path)


@login_required
@require_POST
def link(request: HttpRequest) -> HttpResponse:
    """A person signed in directly links their hub sign-in to this account (the hub must then say who they are)."""
    _require_enabled()
    return _start_sign_in(request, next_path=reverse("accounts:sso_account"), link_user_id=request.user.pk)


@csrf_exempt  # the hub posts from its own site; the signed assertion is the proof, not a CSRF token
@require_POST
def acs(request: HttpRequest) -> HttpResponse:
    """The assertion consumer service (HTTP-POST binding): SP- and IdP-initiated sign-in."""
    _require_enabled()
    saml_response = request.POST.get("SAMLResponse", "")
    next_path = local_path(request.POST.get("RelayState")) or reverse(settings.LOGIN_REDIRECT_URL)
    ip = client_ip(request)
    in_response_to = _in_response_to(saml_response)
    pending = _pending_take(in_response_to) if in_response_to else None
    assertion: services.HubAssertion | None = None
    try:
        assertion = services.assertion_verify(
            saml_response=saml_response,
            request_data=config.request_data(request),
            request_id=in_response_to if pending is not None else None,
        )
        link_user_id = (pending or {}).get("link_user_id")
        if link_user_id:
            linking = User.objects.filter(pk=link_user_id, is_active=True).first()
            if linking is not None:
                services.sso_identity_link(user=linking, assertion=assertion, ip_address=ip)
                messages.success(request, _("Your hub sign-in is now linked to this account."))
        result = services.sso_sign_in(assertion=assertion, ip_address=ip)
    except services.SsoRejected as exc:
        reference = services.sso_rejection_record(reason=exc.reason, ip_address=ip)
        context = {"message": exc.message, "reference": reference, "hub": config.hub_name()}
        return render(request, "accounts/sso/rejected.html", context, status=403)
    except services.SsoNotLinked as exc:
        reference = services.sso_rejection_record(
            reason=exc.reason, ip_address=ip, username=assertion.email if assertion else ""
        )
        context = {
            "message": exc.message,
            "organization": exc.organization,
            "contacts": exc.contacts,
            "reference": reference,
            "hub": config.hub_name(),
        }
        return render(request, "accounts/sso/not_linked.html", context, status=403)
    assert assertion is not None
    # The first configured backend restores the user on later requests (the hub authenticated the person).
    login(request, result.user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[SESSION_AUTH_METHOD] = AUTH_SSO
    request.session[SESSION_SSO] = {
        "issuer": assertion.issuer,
        "name_id": assertion.name_id,
        "name_id_format": assertion.name_id_format,
        "session_index": assertion.session_index,
    }
    if result.organization_id is not None:
        request.session[SESSION_KEY] = result.organization_id
    if result.provisioned:
        messages.success(
            request, _("Welcome. Your portal account was created through %(hub)s.") % {"hub": config.hub_name()}
        )
    return redirect(next_path)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """SP-initiated single logout: sign out here at once, then ask the hub to end its session too."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    hub_session = request.session.get(SESSION_SSO)
    target = None
    logout_request_id = None
    if config.sso_enabled() and hub_session and request.session.get(SESSION_AUTH_METHOD) == AUTH_SSO:
        auth = OneLogin_Saml2_Auth(config.request_data(request), config.saml_settings())
        if auth.get_slo_url():
            target = auth.logout(
                return_to=reverse("accounts:login"),
                name_id=hub_session.get("name_id"),
                session_index=hub_session.get("session_index"),
                name_id_format=hub_session.get("name_id_format"),
            )
            logout_request_id = auth.get_last_request_id()
    if hub_session:
        security_event_record(
            kind=SecurityEventKind.SSO_SIGN_OUT,
            user=request.user,
            ip_address=client_ip(request),
            detail=f"{config.hub_name()}: signed out in the portal",
        )
    logout(request)
    if target is None:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    request.session[SESSION_SLO_REQUEST] = logout_request_id
    return redirect(target)


@require_GET
def single_logout_service(request: HttpRequest) -> HttpResponse:
    """The hub's logout messages (HTTP-Redirect binding): its answer to our logout request, or its own request
    to end the person's portal session (IdP-initiated single logout)."""
    _require_enabled()
    auth = OneLogin_Saml2_Auth(config.request_data(request), config.saml_settings())
    ip = client_ip(request)
    if "SAMLResponse" in request.GET:
        request_id = request.session.pop(SESSION_SLO_REQUEST, None)
        auth.process_slo(keep_local_session=True, request_id=request_id)
        if auth.get_errors():
            services.sso_rejection_record(
                reason=f"logout response: {auth.get_last_error_reason()}"[:300], ip_address=ip
            )
            messages.warning(
                request,
                _(
                    "You are signed out of the portal, but the hub did not confirm that you are signed out there. "
                    "Close your browser to be sure."
                ),
            )
        else:
            messages.success(
                request, _("You are signed out of the portal and of %(hub)s.") % {"hub": config.hub_name()}
            )
        return redirect(settings.LOGOUT_REDIRECT_URL)
    if "SAMLRequest" not in request.GET:
        return render(
            request,
            "accounts/sso/rejected.html",
            {"message": _("This address is for the hub's sign-out messages."), "hub": config.hub_name()},
            status=400,
        )
    target = auth.process_slo(keep_local_session=True)
    if auth.get_errors():
        reference = services.sso_rejection_record(
            reason=f"logout request: {auth.get_last_error_reason() or ', '.join(auth.get_errors())}"[:300],
            ip_address=ip,
        )
        context = {
            "message": _("The hub's sign-out request could not be verified."),
            "reference": reference,
            "hub": config.hub_name(),
        }
        return render(request, "accounts/sso/rejected.html", context, status=400)
    request_xml = auth.get_last_request_xml()
    name_id = OneLogin_Saml2_Logout_Request.get_nameid(request_xml)
    issuer = OneLogin_Saml2_Logout_Request.get_issuer(request_xml)
    hub_session = request.session.get(SESSION_SSO) or {}
    if request.user.is_authenticated and hub_session.get("name_id") == name_id and hub_session.get("issuer") == issuer:
        security_event_record(
            kind=SecurityEventKind.SSO_SIGN_OUT,
            user=request.user,
            ip_address=ip,
            detail=f"{config.hub_name()}: signed out by the hub",
        )
        logout(request)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The person's hub sign-in: linked or not, link it, unlink it."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        try:
            identity_id = int(request.POST.get("identity", ""))
        except ValueError:
            identity_id = 0
        services.sso_identity_unlink(user=user, identity_id=identity_id)
        messages.success(request, _("Your hub sign-in is no longer linked to this account."))
        return redirect("accounts:sso_account")
    membership = getattr(request, "membership", None)
    context = {
        "enabled": config.sso_enabled(),
        "hub": config.hub_name(),
        "identities": SsoIdentity.objects.filter(user=user).order_by("created_at"),
        "is_administrator": membership is not None and membership.has_role(ProviderRole.ADMINISTRATOR),
        "has_password": user.has_usable_password(),
    }
    return render(request, "accounts/sso/account.html", context)


@provider_role_required(ProviderRole.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def organization(request: HttpRequest) -> HttpResponse:
    """The organization's administrator decides what the hub may do for the organization."""
    membership = request.membership  # type: ignore[attr-defined]
    setting = services.sso_setting_for(membership.organization)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = {
            "allow_provisioning": request.POST.get("allow_provisioning") == "on",
            "default_roles": request.POST.getlist("default_roles"),
            "honor_role_hints": request.POST.get("honor_role_hints") == "on",
            "honored_roles": request.POST.getlist("honored_roles"),
        }
        try:
            services.sso_organization_setting_update(
                organization=membership.organization,
                actor=request.user,  # type: ignore[arg-type]
                allow_provisioning=bool(form["allow_provisioning"]),
                default_roles=list(form["default_roles"]),  # type: ignore[call-overload]
                honor_role_hints=bool(form["honor_role_hints"]),
                honored_roles=list(form["honored_roles"]),  # type: ignore[call-overload]
            )
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Single sign-on settings saved."))
            return redirect("accounts:sso_organization")
    else:
        form = {
            "allow_provisioning": setting.allow_provisioning,
            "default_roles": list(setting.default_roles),
            "honor_role_hints": setting.honor_role_hints,
            "honored_roles": list(setting.honored_roles),
        }
    roles = [{"value": role.value, "label": role.label} for role in services.HUB_ROLES]
    error_links = [(f"field-{name}", message) for name, messages_ in errors.items() for message in messages_]
    context = {
        "organization": membership.organization,
        "form": form,
        "roles": roles,
        "errors": errors,
        "error_links": error_links,
        "enabled": config.sso_enabled(),
        "hub": config.hub_name(),
    }
    return render(request, "accounts/sso/organization.html", context, status=400 if errors else 200)
