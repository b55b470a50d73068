"""The emails of registration and invitations. They are sent after the transaction commits (never for a change
that was rolled back); a failing mail server is logged without the address or the link, and the administrator
can resend an invitation."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _base() -> str:
    return str(settings.PORTICO_BASE_URL).rstrip("/")


def email_send_after_commit(*, to: list[str], subject: str, body: str, what: str) -> None:
    """Send once the transaction commits. ``what`` names the email in the log (no address, no link)."""

    def send() -> None:
        try:
            send_mail(subject, body, None, to)
        except (OSError, smtplib.SMTPException):
            log.warning("email not sent (%s): the mail server refused or could not be reached", what)

    transaction.on_commit(send)


def registration_received_text(*, reference: str, legal_name: str) -> tuple[str, str]:
    portal = settings.PORTICO_PORTAL_NAME
    subject = _("We received your registration %(reference)s") % {"reference": reference}
    body = "\n\n".join(
        [
            _("Thank you: the %(portal)s received the registration of %(organization)s.")
            % {"portal": portal, "organization": legal_name},
            _("Your reference number is %(reference)s. Quote it if you contact provider relations.")
            % {"reference": reference},
            _(
                "Provider relations checks the organization's TIN and NPIs against the plan's network. You will "
                "get an email when the registration is approved (with an invitation to set up each "
                "administrator's account) or declined (with the reason)."
            ),
            _("You get this email because this address was given as an administrator of the organization."),
        ]
    )
    return subject, body


def registration_declined_text(*, reference: str, legal_name: str, reason: str) -> tuple[str, str]:
    subject = _("Your registration %(reference)s was declined") % {"reference": reference}
    body = "\n\n".join(
        [
            _("Provider relations declined the registration of %(organization)s (reference %(reference)s).")
            % {"organization": legal_name, "reference": reference},
            _("The reason:") + "\n" + reason,
            _("You may register again once the reason is dealt with:") + f"\n{_base()}/register/",
        ]
    )
    return subject, body


def invitation_text(
    *, organization: str, inviter: str, roles: list[str], token: str, expires: str, registration: str = ""
) -> tuple[str, str]:
    link = f"{_base()}/accounts/invitation/{token}/"
    subject = _("Invitation to the %(portal)s for %(organization)s") % {
        "portal": settings.PORTICO_PORTAL_NAME,
        "organization": organization,
    }
    opening = (
        _("The registration %(reference)s of %(organization)s was approved. You are one of its administrators.")
        % {"reference": registration, "organization": organization}
        if registration
        else _("%(inviter)s invited you to work for %(organization)s in the %(portal)s.")
        % {"inviter": inviter, "organization": organization, "portal": settings.PORTICO_PORTAL_NAME}
    )
    body = "\n\n".join(
        [
            opening,
            _("Your roles: %(roles)s.") % {"roles": ", ".join(roles)},
            _("Open this link to accept (it works once, until %(expires)s):") % {"expires": expires} + f"\n{link}",
            _(
                "If you already have an account in the portal, sign in first and the organization is added to it. "
                "If you did not expect this invitation, ignore this email."
            ),
        ]
    )
    return subject, body
