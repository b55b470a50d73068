"""Writes for alerts: create, edit, end (content editors), and dismiss (a provider person)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.common.errors import NotFound, ValidationFailed
from portico.content.alerts import Alert, AlertAudience, AlertDismissal, AlertLevel
from portico.content.documents import Document
from portico.content.updates import ProviderUpdate
from portico.plans.models import LineOfBusiness
from portico.providers.models import OrganizationKind

SESSION_HIDDEN = "portico_alerts_hidden"  # important alerts hidden for this session


@dataclass(frozen=True)
class AlertInput:
    level: str
    title: str
    audience: str
    line_of_business_id: int | None
    provider_kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    update_id: int | None = None
    document_id: int | None = None


def alert_input_check(data: AlertInput) -> dict[str, list[str]]:
    """Each problem with the input, by field name (empty when it is fine)."""
    errors: dict[str, list[str]] = {}
    if data.level not in AlertLevel.values:
        errors["level"] = [_("Choose how urgent the alert is.")]
    if not data.title.strip():
        errors["title"] = [_("Write the alert's text.")]
    elif len(data.title) > 200:
        errors["title"] = [_("Keep the alert's text to 200 characters.")]
    if data.audience not in AlertAudience.values:
        errors["audience"] = [_("Choose who sees the alert.")]
    elif data.audience == AlertAudience.LINE_OF_BUSINESS and (
        data.line_of_business_id is None or not LineOfBusiness.objects.filter(pk=data.line_of_business_id).exists()
    ):
        errors["line_of_business"] = [_("Choose the line of business.")]
    elif data.audience == AlertAudience.PROVIDER_KIND and data.provider_kind not in OrganizationKind.values:
        errors["provider_kind"] = [_("Choose the kind of provider.")]
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The end must be after the start.")]
    if data.update_id is not None and not ProviderUpdate.objects.filter(pk=data.update_id).exists():
        errors["update"] = [_("Choose one of the updates listed.")]
    if data.document_id is not None and not Document.objects.filter(pk=data.document_id).exists():
        errors["document"] = [_("Choose one of the documents listed.")]
    return errors


def _apply(alert: Alert, data: AlertInput) -> None:
    alert.level = data.level
    alert.title = data.title.strip()
    alert.audience = data.audience
    alert.line_of_business_id = data.line_of_business_id if data.audience == AlertAudience.LINE_OF_BUSINESS else None
    alert.provider_kind = data.provider_kind if data.audience == AlertAudience.PROVIDER_KIND else ""
    alert.starts_at = data.starts_at
    alert.ends_at = data.ends_at
    alert.update_id = data.update_id
    alert.document_id = data.document_id


@transaction.atomic
def alert_create(*, data: AlertInput, user: User | None) -> Alert:
    """A new alert, shown from its start to its end to its audience. Raises ValidationFailed naming each field."""
    errors = alert_input_check(data)
    if errors:
        raise ValidationFailed(errors)
    alert = Alert(created_by=user)
    _apply(alert, data)
    alert.save()
    return alert


@transaction.atomic
def alert_edit(*, alert_id: int, data: AlertInput) -> Alert:
    """Change an alert (its text, level, audience, dates or link)."""
    alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("Alert not found."))
    errors = alert_input_check(data)
    if errors:
        raise ValidationFailed(errors)
    _apply(alert, data)
    alert.save()
    return alert


@transaction.atomic
def alert_end(*, alert_id: int) -> Alert:
    """End an alert now (an alert not started yet ends before it starts: it is never shown)."""
    alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("Alert not found."))
    now = timezone.now()
    if alert.ends_at is None or alert.ends_at > now:
        if alert.starts_at >= now:
            alert.starts_at = now - dt.timedelta(seconds=1)
        alert.ends_at = now
        alert.save(update_fields=["starts_at", "ends_at", "updated_at"])
    return alert


def alert_dismiss(*, alert_id: int, user: User, session: SessionBase) -> Alert:
    """Dismiss an alert for this person: an informational one for good, an important one for this session; an
    urgent one cannot be dismissed (ValidationFailed)."""
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("Alert not found."))
    if alert.level == AlertLevel.URGENT:
        raise ValidationFailed({"alert": [_("Urgent alerts stay until they end; they cannot be dismissed.")]})
    if alert.level == AlertLevel.IMPORTANT:
        hidden = set(session.get(SESSION_HIDDEN, []))
        hidden.add(alert.pk)
        session[SESSION_HIDDEN] = sorted(hidden)
    else:
        AlertDismissal.objects.get_or_create(alert=alert, user=user)
    return alert
