"""Single sign-on writes: verify the hub's assertion, remember it against replay, and turn it into a signed-in
person (a linked account, or one created just in time where the organization's administrator allowed it)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from portico.accounts.models import Membership, ProviderRole, SecurityEventKind, User
from portico.accounts.services import security_event_record
from portico.accounts.sso import config
from portico.accounts.sso.models import SsoAssertion, SsoIdentity, SsoOrganizationSetting
from portico.common.errors import DomainError, ValidationFailed
from portico.providers.models import ProviderOrganization

# How long an assertion with no NotOnOrAfter of its own is remembered against replay.
REPLAY_MEMORY = dt.timedelta(hours=24)

# The roles an organization may give people through the hub: every role but administrator, which an
# administrator gives in person.
HUB_ROLES = [role for role in ProviderRole if role != ProviderRole.ADMINISTRATOR]

# python3-saml's validation codes, as a short reason for the security event.
_REASONS = {
    OneLogin_Saml2_ValidationError.NO_SIGNED_ASSERTION: "assertion not signed",
    OneLogin_Saml2_ValidationError.NO_SIGNATURE_FOUND: "not signed",
    OneLogin_Saml2_ValidationError.NO_SIGNED_MESSAGE: "response not signed",
    OneLogin_Saml2_ValidationError.INVALID_SIGNATURE: "signature does not verify (altered, or another key)",
    OneLogin_Saml2_ValidationError.WRONG_SIGNED_ELEMENT: "signature covers the wrong element",
    OneLogin_Saml2_ValidationError.UNEXPECTED_SIGNED_ELEMENTS: "unexpected signed elements",
    OneLogin_Saml2_ValidationError.DEPRECATED_SIGNATURE_METHOD: "deprecated signature algorithm",
    OneLogin_Saml2_ValidationError.DEPRECATED_DIGEST_METHOD: "deprecated digest algorithm",
    OneLogin_Saml2_ValidationError.WRONG_AUDIENCE: "wrong audience",
    OneLogin_Saml2_ValidationError.WRONG_DESTINATION: "wrong destination",
    OneLogin_Saml2_ValidationError.WRONG_SUBJECTCONFIRMATION: "no valid subject confirmation (recipient or time)",
    OneLogin_Saml2_ValidationError.ASSERTION_EXPIRED: "expired",
    OneLogin_Saml2_ValidationError.ASSERTION_TOO_EARLY: "not yet valid",
    OneLogin_Saml2_ValidationError.WRONG_ISSUER: "wrong issuer",
    OneLogin_Saml2_ValidationError.WRONG_INRESPONSETO: "answers another request",
    OneLogin_Saml2_ValidationError.STATUS_CODE_IS_NOT_SUCCESS: "the hub reported a failure",
    OneLogin_Saml2_ValidationError.INVALID_XML_FORMAT: "not valid SAML",
    OneLogin_Saml2_ValidationError.WRONG_NUMBER_OF_ASSERTIONS: "not exactly one assertion",
    OneLogin_Saml2_ValidationError.SESSION_EXPIRED: "hub session expired",
    OneLogin_Saml2_ValidationError.NO_NAMEID: "no NameID",
    OneLogin_Saml2_ValidationError.EMPTY_NAMEID: "empty NameID",
}


class SsoRejected(DomainError):
    """The hub's answer cannot be trusted. ``reason`` goes to the security event; the person sees ``message``."""

    code = "sso_rejected"

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "The answer from the hub could not be verified, so you were not signed in. Sign in again from the hub."
            )
        )
        self.reason = reason


class SsoNotLinked(DomainError):
    """The assertion is good, but it names nobody Portico may sign in. Nothing was created.

    ``contacts`` are the administrators of the organization concerned, if any, whom the person can ask."""

    code = "sso_not_linked"

    def __init__(
        self, reason: str, message: str, *, organization: ProviderOrganization | None = None, contacts: list[User]
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.organization = organization
        self.contacts = contacts


@dataclass(frozen=True)
class HubAssertion:
    """What a verified assertion says about the person. Never stored as a whole, never logged."""

    issuer: str
    name_id: str
    name_id_format: str | None
    session_index: str | None
    assertion_id: str
    expires_at: dt.datetime
    in_response_to: str | None
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str:
        values = self.attributes.get(name) or []
        return str(values[0]).strip() if values else ""

    @property
    def email(self) -> str:
        return self.first(config.attribute_names().email).lower()

    @property
    def first_name(self) -> str:
        return self.first(config.attribute_names().first_name)

    @property
    def last_name(self) -> str:
        return self.first(config.attribute_names().last_name)

    @property
    def tin(self) -> str:
        return "".join(ch for ch in self.first(config.attribute_names().tin) if ch.isdigit())

    @property
    def role_hints(self) -> list[str]:
        hints: list[str] = []
        for value in self.attributes.get(config.attribute_names().roles) or []:
            hints += [part.strip().lower() for part in str(value).replace(";", ",").split(",") if part.strip()]
        return hints


@dataclass(frozen=True)
class SignIn:
    user: User
    organization_id: int | None
    provisioned: bool


def _saml_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(OneLogin_Saml2_Utils.parse_SAML_to_time(value), tz=dt.UTC)


def _check_time_window(response: OneLogin_Saml2_Response, now: dt.datetime) -> dt.datetime | None:
    """The assertion's time window: NotBefore / NotOnOrAfter of its Conditions with Portico's clock skew (python3-
    saml allows five minutes; Portico allows ``PORTICO_SSO_CLOCK_SKEW_SECONDS``), and the bearer confirmation's
    NotOnOrAfter with none. Run before the signature check too: refusing is safe on any data, and the reason is
    then the precise one. Returns the end of the Conditions' window."""
    skew = dt.timedelta(seconds=config.clock_skew_seconds())
    expired = _("The hub's answer has expired (it is good for a few minutes only). Sign in again from the hub.")
    not_on_or_after = None
    # The (signed) assertion's Conditions: python3-saml's own query, which follows the signature's reference.
    for node in response._query_assertion("/saml:Conditions"):
        not_before = _saml_time(node.get("NotBefore"))
        not_on_or_after = _saml_time(node.get("NotOnOrAfter"))
        if not_before is not None and not_before > now + skew:
            raise SsoRejected("not yet valid (NotBefore is in the future: check the clocks)")
        if not_on_or_after is not None and not_on_or_after + skew <= now:
            raise SsoRejected("expired (Conditions NotOnOrAfter)", expired)
    confirmations = response._query_assertion("/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData")
    ends = [_saml_time(node.get("NotOnOrAfter")) for node in confirmations]
    if ends and all(end is not None and end <= now for end in ends):
        raise SsoRejected("expired (SubjectConfirmationData NotOnOrAfter)", expired)
    return not_on_or_after


@transaction.atomic
def assertion_verify(*, saml_response: str, request_data: dict[str, Any], request_id: str | None) -> HubAssertion:
    """Verify the hub's SAML response and remember its assertion until it expires.

    Promises: the assertion is signed by the hub's key, for Portico's entity id (audience), received where the
    hub was told to send it (destination, recipient), inside its time window (Portico's clock skew), answers the
    sign-in request ``request_id`` if it answers any, and has never been accepted before. Raises
    ``SsoRejected`` otherwise."""
    try:
        settings = OneLogin_Saml2_Settings(config.saml_settings(), sp_validation_only=True)
        response = OneLogin_Saml2_Response(settings, saml_response)
    except (OneLogin_Saml2_Error, ValueError, TypeError) as exc:
        raise SsoRejected("malformed response") from exc
    except Exception as exc:  # lxml and the base64 decoder raise their own errors for garbage
        raise SsoRejected("malformed response") from exc
    now = timezone.now()
    try:
        _check_time_window(response, now)
    except SsoRejected:
        raise
    except Exception as exc:  # an unreadable time is no valid one
        raise SsoRejected("malformed time window") from exc
    try:
        response.is_valid(request_data, request_id=request_id, raise_exceptions=True)
    except OneLogin_Saml2_ValidationError as exc:
        raise SsoRejected(f"{_REASONS.get(exc.code, 'invalid')}: {exc}"[:300]) from exc
    except Exception as exc:  # a document that breaks the toolkit is not a valid one
        raise SsoRejected(f"invalid: {type(exc).__name__}") from exc

    in_response_to = response.get_in_response_to()
    if in_response_to and in_response_to != request_id:
        raise SsoRejected("answers a sign-in request this portal did not start or already used")
    if not response.get_audiences():
        raise SsoRejected("no audience restriction")
    conditions_end = _check_time_window(response, now)
    issuer = str(response.get_issuers()[0])
    assertion_id = str(response.get_assertion_id() or "")
    name_id = str(response.get_nameid() or "").strip()
    if not assertion_id:
        raise SsoRejected("assertion without ID")
    if not name_id:
        raise SsoRejected("no NameID")
    ends = [moment for moment in (conditions_end, _timestamp(response.get_assertion_not_on_or_after())) if moment]
    expires_at = min(ends) if ends else now + REPLAY_MEMORY

    # The replay guard: the unique constraint refuses a second copy, even from a concurrent request.
    SsoAssertion.objects.filter(expires_at__lt=now - dt.timedelta(seconds=config.clock_skew_seconds())).delete()
    try:
        with transaction.atomic():
            SsoAssertion.objects.create(
                issuer=issuer[:255],
                assertion_id=assertion_id[:255],
                expires_at=expires_at + dt.timedelta(seconds=config.clock_skew_seconds()),
            )
    except IntegrityError as exc:
        raise SsoRejected(
            "replayed: this assertion was already used",
            _("This answer from the hub was already used. Sign in again from the hub."),
        ) from exc

    return HubAssertion(
        issuer=issuer,
        name_id=name_id,
        name_id_format=response.get_nameid_format(),
        session_index=response.get_session_index(),
        assertion_id=assertion_id,
        expires_at=expires_at,
        in_response_to=in_response_to,
        attributes={str(key): [str(v) for v in values] for key, values in response.get_attributes().items()},
    )


def _timestamp(value: float | int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC) if value else None


def sso_rejection_record(*, reason: str, ip_address: str | None, username: str = "") -> int:
    """Record a refused assertion (the reason, never the assertion); returns the event's id, the reference the
    person can give to support."""
    event = security_event_record(
        kind=SecurityEventKind.SSO_REJECTED,
        username=username,
        ip_address=ip_address,
        detail=f"{config.hub_name()}: {reason}",
    )
    return event.pk


def organization_administrators(organization: ProviderOrganization) -> list[User]:
    memberships = Membership.objects.filter(organization=organization, is_active=True, user__is_active=True)
    admins = [m.user for m in memberships.select_related("user") if ProviderRole.ADMINISTRATOR.value in m.roles]
    return sorted(admins, key=lambda user: (user.last_name, user.first_name, user.username))


def sso_setting_for(organization: ProviderOrganization) -> SsoOrganizationSetting:
    """The organization's settings; an organization that never saved any allows nothing."""
    setting = SsoOrganizationSetting.objects.filter(organization=organization).first()
    return setting or SsoOrganizationSetting(organization=organization)


def roles_for_new_person(setting: SsoOrganizationSetting, hints: list[str]) -> list[str]:
    """The organization's default roles, plus the hub's hints the administrator chose to honor."""
    allowed = {role.value for role in HUB_ROLES}
    roles = [role for role in setting.default_roles if role in allowed]
    if setting.honor_role_hints:
        honored = set(setting.honored_roles) & allowed
        roles += [hint for hint in hints if hint in honored and hint not in roles]
    return roles


def _username_for(assertion: HubAssertion) -> str:
    if assertion.email and not User.objects.filter(username__iexact=assertion.email).exists():
        return assertion.email[:150]
    digest = hashlib.sha256(f"{assertion.issuer}\n{assertion.name_id}".encode()).hexdigest()[:12]
    return f"hub-{digest}"


def _not_linked(reason: str, message: str, organization: ProviderOrganization | None = None) -> SsoNotLinked:
    contacts = organization_administrators(organization) if organization is not None else []
    return SsoNotLinked(reason, message, organization=organization, contacts=contacts)


@transaction.atomic
def sso_sign_in(*, assertion: HubAssertion, ip_address: str | None) -> SignIn:
    """The account a verified assertion signs in: the one linked to the hub identity (issuer + NameID), or a new
    one in the organization whose TIN the hub sent, if that organization's administrator allows it.

    Raises ``SsoNotLinked`` (and creates nothing) when neither applies."""
    identity = (
        SsoIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=assertion.issuer, name_id=assertion.name_id)
        .first()
    )
    provisioned = False
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise _not_linked(
                "account disabled",
                _("Your portal account is disabled. Ask your organization's administrator to enable it."),
            )
    else:
        user = _provision(assertion=assertion, ip_address=ip_address)
        identity = SsoIdentity.objects.get(issuer=assertion.issuer, name_id=assertion.name_id)
        provisioned = True
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at"])
    memberships = list(Membership.objects.filter(user=user, is_active=True).select_related("organization"))
    chosen = next((m for m in memberships if assertion.tin and m.organization.tin == assertion.tin), None)
    chosen = chosen or (memberships[0] if memberships else None)
    organization_id = chosen.organization_id if chosen else None
    security_event_record(
        kind=SecurityEventKind.SSO_SIGN_IN,
        user=user,
        organization_id=organization_id,
        ip_address=ip_address,
        detail=config.hub_name(),
    )
    return SignIn(user=user, organization_id=organization_id, provisioned=provisioned)


def _provision(*, assertion: HubAssertion, ip_address: str | None) -> User:
    if not assertion.tin:
        raise _not_linked(
            "no organization identifier",
            _(
                "The hub did not say which organization you work for, and your hub sign-in is not linked to a "
                "portal account. Ask your organization's portal administrator to invite you, or ask the hub to "
                "send your organization's TIN."
            ),
        )
    organizations = list(ProviderOrganization.objects.filter(tin=assertion.tin).order_by("legal_name", "pk"))
    if not organizations:
        raise _not_linked(
            "no organization with the TIN",
            _(
                "No organization in the portal has the TIN the hub sent for you. Your organization may not be "
                "registered yet: ask your office manager to register it, or call provider services."
            ),
        )
    allowing = [org for org in organizations if sso_setting_for(org).allow_provisioning]
    if not allowing:
        raise _not_linked(
            "provisioning not allowed",
            _(
                "%(organization)s has not allowed accounts to be created through the hub. Ask its portal "
                "administrator to invite you, or to allow sign-in through the hub."
            )
            % {"organization": organizations[0].legal_name},
            organizations[0],
        )
    if not assertion.email:
        raise _not_linked(
            "no email address",
            _("The hub did not send your email address, which the portal needs for a new account."),
            allowing[0],
        )
    if User.objects.filter(email__iexact=assertion.email).exists():
        raise _not_linked(
            "email belongs to an existing account",
            _(
                "A portal account with your email address already exists. Sign in to it directly once, then link "
                "your hub sign-in on the Single sign-on page of your account."
            ),
            allowing[0],
        )
    user = User(
        username=_username_for(assertion),
        email=assertion.email[:254],
        first_name=assertion.first_name[:150],
        last_name=assertion.last_name[:150],
    )
    user.set_unusable_password()  # the hub is this person's way in
    user.save()
    SsoIdentity.objects.create(user=user, issuer=assertion.issuer, name_id=assertion.name_id)
    for organization in allowing:
        roles = roles_for_new_person(sso_setting_for(organization), assertion.role_hints)
        Membership.objects.create(user=user, organization=organization, roles=roles)
        security_event_record(
            kind=SecurityEventKind.SSO_PROVISIONED,
            user=user,
            organization_id=organization.pk,
            ip_address=ip_address,
            detail=f"{config.hub_name()}; roles: {', '.join(roles) or 'none'}",
        )
    return user


@transaction.atomic
def sso_identity_link(*, user: User, assertion: HubAssertion, ip_address: str | None) -> SsoIdentity:
    """Link the hub identity in ``assertion`` to ``user`` (who asked for it while signed in). Refuses an identity
    already linked to someone else."""
    existing = SsoIdentity.objects.filter(issuer=assertion.issuer, name_id=assertion.name_id).first()
    if existing is not None and existing.user_id != user.pk:
        raise _not_linked(
            "identity linked to another account",
            _("That hub sign-in is already linked to another portal account. Ask your administrator."),
        )
    if existing is not None:
        return existing
    identity = SsoIdentity.objects.create(user=user, issuer=assertion.issuer, name_id=assertion.name_id)
    security_event_record(kind=SecurityEventKind.SSO_LINKED, user=user, ip_address=ip_address, detail=config.hub_name())
    return identity


@transaction.atomic
def sso_identity_unlink(*, user: User, identity_id: int) -> None:
    SsoIdentity.objects.filter(pk=identity_id, user=user).delete()


@transaction.atomic
def sso_organization_setting_update(
    *,
    organization: ProviderOrganization,
    actor: User,
    allow_provisioning: bool,
    default_roles: list[str],
    honor_role_hints: bool,
    honored_roles: list[str],
) -> SsoOrganizationSetting:
    """Save what the hub may do for the organization (its administrator's choice)."""
    allowed = {role.value for role in HUB_ROLES}
    errors: dict[str, list[str]] = {}
    if any(role not in allowed for role in default_roles):
        errors["default_roles"] = [_("Choose roles from the list (the administrator role is given in person).")]
    if any(role not in allowed for role in honored_roles):
        errors["honored_roles"] = [_("Choose roles from the list (the administrator role is given in person).")]
    if honor_role_hints and not honored_roles:
        errors["honored_roles"] = [_("Choose which of the hub's role hints to honor, or do not honor them.")]
    if errors:
        raise ValidationFailed(errors)
    setting, _created = SsoOrganizationSetting.objects.select_for_update().get_or_create(organization=organization)
    setting.allow_provisioning = allow_provisioning
    setting.default_roles = [role.value for role in HUB_ROLES if role.value in default_roles]
    setting.honor_role_hints = honor_role_hints
    setting.honored_roles = (
        [role.value for role in HUB_ROLES if role.value in honored_roles] if honor_role_hints else []
    )
    setting.updated_by_id = actor.pk
    setting.save()
    security_event_record(
        kind=SecurityEventKind.SSO_SETTINGS_CHANGED,
        user=actor,
        organization_id=organization.pk,
        detail=(
            f"Single sign-on settings: provisioning {'on' if allow_provisioning else 'off'}; "
            f"roles {', '.join(setting.default_roles) or 'none'}; "
            f"hub hints {', '.join(setting.honored_roles) if setting.honor_role_hints else 'ignored'}"
        ),
    )
    return setting
