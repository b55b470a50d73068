"""Writes for notifications: send (in the portal, and by email for those who asked), read, preferences, and the
email run that the task worker (or ``portico notifications send``) performs."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portico.accounts.models import User
from portico.common.errors import NotFound, ValidationFailed
from portico.messaging.models import Notification, NotificationPreference, NotificationTopic

log = logging.getLogger(__name__)

MAX_PARAM_LENGTH = 40  # reference numbers and line numbers, never free text


def email_topics_of(*, user: User) -> set[str]:
    return set(NotificationPreference.objects.filter(user=user, email=True).values_list("topic", flat=True))


def notification_send(
    *,
    recipients: Iterable[User],
    topic: NotificationTopic,
    message: str,
    params: Mapping[str, str | int] | None = None,
    link: str,
    organization_id: int | None = None,
) -> list[Notification]:
    """Notify each active recipient once. ``message`` is an untranslated text (mark it with ``gettext_noop``) with
    ``%(name)s`` parameters: short references such as a request number, never a member's data or free text.
    Those who want ``topic`` by email get one email (after commit) that only points to the portal."""
    values = {key: str(value)[:MAX_PARAM_LENGTH] for key, value in (params or {}).items()}
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    by_email = set(
        NotificationPreference.objects.filter(user_id__in=people, topic=topic, email=True).values_list(
            "user_id", flat=True
        )
    )
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                organization_id=organization_id,
                topic=topic,
                message=message[:200],
                params=values,
                link=link[:300],
                email_wanted=user.pk in by_email and bool(user.email),
            )
            for user in people.values()
        ]
    )
    mailed = sorted({row.recipient_id for row in rows if row.email_wanted})
    if mailed:
        transaction.on_commit(lambda: _enqueue_emails(mailed))
    return rows


def _enqueue_emails(user_ids: list[int]) -> None:
    from portico.messaging.tasks import notification_emails_send  # tasks import services; not at module level

    for user_id in user_ids:
        notification_emails_send.enqueue(user_id=user_id)


@transaction.atomic
def notification_read(*, user: User, notification_id: int, organization_id: int | None = None) -> Notification:
    """Mark one of the person's own notifications read; another person's answers not found (and, with
    ``organization_id``, one about another organization)."""
    rows = Notification.objects.select_for_update().filter(pk=notification_id, recipient=user)
    if organization_id is not None:
        rows = rows.filter(Q(organization_id=organization_id) | Q(organization_id__isnull=True))
    row = rows.first()
    if row is None:
        raise NotFound(_("Notification not found."))
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: User, email_topics: Iterable[str], offered: Iterable[str]) -> set[str]:
    """Set which of the ``offered`` topics the person gets by email too; returns the topics now by email."""
    offered_set = {str(topic) for topic in offered}
    chosen = {str(topic) for topic in email_topics}
    unknown = chosen - offered_set
    if unknown:
        raise ValidationFailed({"email_topics": [_("Choose from the topics listed.")]})
    if chosen and not user.email:
        raise ValidationFailed(
            {"email_topics": [_("Your account has no email address. Ask your administrator to add one first.")]}
        )
    for topic in offered_set:
        NotificationPreference.objects.update_or_create(user=user, topic=topic, defaults={"email": topic in chosen})
    return email_topics_of(user=user)


def _email_text(count: int) -> tuple[str, str]:
    base = settings.PORTICO_BASE_URL.rstrip("/")
    subject = _("You have new notifications in the %(portal)s") % {"portal": settings.PORTICO_PORTAL_NAME}
    body = "\n\n".join(
        [
            ngettext(
                "You have %(count)s new notification in the %(portal)s.",
                "You have %(count)s new notifications in the %(portal)s.",
                count,
            )
            % {"count": count, "portal": settings.PORTICO_PORTAL_NAME},
            _("Sign in to read them:") + f"\n{base}/notifications/",
            _("For your patients' privacy this email never says more than that."),
            _("You get this email because you asked for it. To stop it, change your notification settings:")
            + f"\n{base}/notifications/settings/",
        ]
    )
    return subject, body


def notification_emails_send_run(*, user_id: int | None = None) -> int:
    """Send each person with notifications waiting for email one email that says how many there are; returns the
    number of emails sent. A failing mail server leaves them waiting for the next run; nothing is lost."""
    pending = Notification.objects.filter(email_wanted=True, emailed_at__isnull=True)
    if user_id is not None:
        pending = pending.filter(recipient_id=user_id)
    sent = 0
    for recipient_id in sorted(set(pending.values_list("recipient_id", flat=True))):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True).filter(
                    recipient_id=recipient_id, email_wanted=True, emailed_at__isnull=True
                )
            )
            if not rows:
                continue  # another worker has them
            user = User.objects.get(pk=recipient_id)
            if not user.is_active or not user.email:
                Notification.objects.filter(pk__in=[r.pk for r in rows]).update(email_wanted=False)
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                subject, body = _email_text(len(rows))
            send_mail(subject, body, None, [user.email])
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=timezone.now())
            log.info("notification email sent: user %s, %s notification(s)", recipient_id, len(rows))
            sent += 1
    return sent
