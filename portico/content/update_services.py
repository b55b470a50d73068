"""Writes for provider updates: write and publish (content editors), sign up, confirm and unsubscribe (anyone with
an email address), and the email run that tells confirmed subscribers of a category about a published update."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.content.updates import (
    ProviderUpdate,
    UpdateCategory,
    UpdateDelivery,
    UpdateStatus,
    UpdateSubscription,
)

log = logging.getLogger(__name__)

CONFIRM_SALT = "portico.content.subscription.confirm"
UNSUBSCRIBE_SALT = "portico.content.subscription.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week
SIGNUP_PAUSE_SECONDS = 600  # one confirmation email per address per ten minutes: no mail-bombing through the form


@dataclass(frozen=True)
class UpdateInput:
    title: str
    category: str
    summary: str
    body: str


def update_input_check(data: UpdateInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Write a title.")]
    elif len(data.title.strip()) > 200:
        errors["title"] = [_("Keep the title to 200 characters.")]
    if data.category not in UpdateCategory.values:
        errors["category"] = [_("Choose a category.")]
    if not data.summary.strip():
        errors["summary"] = [_("Write a one- or two-sentence summary.")]
    elif len(data.summary.strip()) > 400:
        errors["summary"] = [_("Keep the summary to 400 characters.")]
    if not data.body.strip():
        errors["body"] = [_("Write the update's text.")]
    return errors


RESERVED_SLUGS = frozenset({"subscribe", "unsubscribe"})  # pages under /updates/ an update must not hide


def _unique_slug(title: str, *, exclude_id: int | None = None) -> str:
    base = slugify(title)[:70] or "update"
    if base in RESERVED_SLUGS:
        base = f"{base}-update"
    slug, n = base, 2
    rows = ProviderUpdate.objects.exclude(pk=exclude_id) if exclude_id else ProviderUpdate.objects.all()
    while rows.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def update_create(*, data: UpdateInput, user: User | None) -> ProviderUpdate:
    """A new update, as a draft (not public until published)."""
    errors = update_input_check(data)
    if errors:
        raise ValidationFailed(errors)
    return ProviderUpdate.objects.create(
        title=data.title.strip(),
        slug=_unique_slug(data.title),
        category=data.category,
        summary=data.summary.strip(),
        body=data.body.strip(),
        created_by=user,
    )


@transaction.atomic
def update_edit(*, update_id: int, data: UpdateInput) -> ProviderUpdate:
    """Change an update's text (a published one keeps its address and date; subscribers are not emailed again)."""
    update = ProviderUpdate.objects.select_for_update().filter(pk=update_id).first()
    if update is None:
        raise NotFound(_("Update not found."))
    errors = update_input_check(data)
    if errors:
        raise ValidationFailed(errors)
    update.title = data.title.strip()
    update.category = data.category
    update.summary = data.summary.strip()
    update.body = data.body.strip()
    update.save()
    return update


@transaction.atomic
def update_publish(*, update_id: int) -> ProviderUpdate:
    """Publish a draft: it is public from now, in the list and the feed, and the confirmed subscribers of its
    category are emailed (by a task, after commit). Publishing twice changes nothing."""
    update = ProviderUpdate.objects.select_for_update().filter(pk=update_id).first()
    if update is None:
        raise NotFound(_("Update not found."))
    if update.status == UpdateStatus.PUBLISHED:
        return update
    update.status = UpdateStatus.PUBLISHED
    update.published_at = timezone.now()
    update.save(update_fields=["status", "published_at", "updated_at"])
    update_pk = update.pk
    transaction.on_commit(lambda: _enqueue_emails(update_pk))
    return update


def _enqueue_emails(update_id: int) -> None:
    from portico.content.tasks import update_emails_send  # tasks import services; not at module level

    update_emails_send.enqueue(update_id=update_id)


# ---- subscriptions ---------------------------------------------------------------------------------------


def _normalized_email(email: str) -> str:
    email = email.strip()
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if local else email


def _base_url() -> str:
    return str(settings.PORTICO_BASE_URL).rstrip("/")


def unsubscribe_token(subscription: UpdateSubscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: UpdateSubscription) -> str:
    return _base_url() + reverse("updates:unsubscribe", args=[unsubscribe_token(subscription)])


def subscription_request(*, email: str, topics: Iterable[str]) -> bool:
    """Send a confirmation link to the address; nothing is stored until it is followed (double opt-in). Returns
    whether an email went out (not when one went to the address in the last ten minutes). Raises
    ValidationFailed for a bad address or no topic. The answer never says whether the address is subscribed."""
    email = _normalized_email(email)
    chosen = sorted({str(t) for t in topics})
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter an email address like name@example.org.")]
    if not chosen:
        errors["topics"] = [_("Choose at least one topic.")]
    elif set(chosen) - set(UpdateCategory.values):
        errors["topics"] = [_("Choose from the topics listed.")]
    if errors:
        raise ValidationFailed(errors)
    if not cache.add(f"portico:update-signup:{email.lower()}", 1, SIGNUP_PAUSE_SECONDS):
        return False
    token = signing.dumps({"e": email, "t": chosen}, salt=CONFIRM_SALT)
    link = _base_url() + reverse("updates:confirm", args=[token])
    labels = ", ".join(str(UpdateCategory(t).label) for t in chosen)
    subject = _("Confirm your %(plan)s provider updates") % {"plan": "Cascadia Health"}
    body = "\n\n".join(
        [
            _("Someone (we hope you) asked to get provider updates from %(plan)s by email on: %(topics)s.")
            % {"plan": "Cascadia Health", "topics": labels},
            _("To confirm, open this link (it works for seven days):") + f"\n{link}",
            _("If you did not ask, ignore this email: you will get nothing more."),
        ]
    )
    EmailMessage(subject, body, None, [email]).send()
    log.info("update subscription confirmation sent")
    return True


class LinkExpired(DomainError):
    code = "link_expired"


@transaction.atomic
def subscription_confirm(*, token: str) -> UpdateSubscription:
    """Follow a confirmation link: the address gets the topics it chose (replacing earlier ones). Raises
    LinkExpired for an old or altered link."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired(_("This confirmation link has expired. Sign up again to get a new one.")) from exc
    except signing.BadSignature as exc:
        raise LinkExpired(_("This confirmation link is not valid. Sign up again to get a new one.")) from exc
    topics = [t for t in payload.get("t", []) if t in UpdateCategory.values]
    subscription, _created = UpdateSubscription.objects.select_for_update().update_or_create(
        email=payload["e"], defaults={"topics": topics, "confirmed_at": timezone.now(), "unsubscribed_at": None}
    )
    return subscription


def subscription_for_unsubscribe(*, token: str) -> UpdateSubscription:
    """The subscription an unsubscribe link names; NotFound for an altered link or a removed subscription."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise NotFound(_("This unsubscribe link is not valid.")) from exc
    subscription = UpdateSubscription.objects.filter(pk=payload.get("s"), email=payload.get("e")).first()
    if subscription is None:
        raise NotFound(_("This unsubscribe link is not valid."))
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, token: str) -> UpdateSubscription:
    """Stop every email to the address the link names. Unsubscribing twice is fine."""
    subscription = subscription_for_unsubscribe(token=token)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


# ---- the email run ---------------------------------------------------------------------------------------


def _update_email(update: ProviderUpdate, subscription: UpdateSubscription) -> EmailMessage:
    link = _base_url() + reverse("updates:detail", args=[update.slug])
    leave = unsubscribe_url(subscription)
    body = "\n\n".join(
        [
            update.title,
            update.summary,
            _("Read it on the provider portal:") + f"\n{link}",
            _("You get this email because you signed up for %(topic)s updates. Unsubscribe with one click:")
            % {"topic": update.category_label}
            + f"\n{leave}",
        ]
    )
    return EmailMessage(
        f"[{update.category_label}] {update.title}",
        body,
        None,
        [subscription.email],
        headers={"List-Unsubscribe": f"<{leave}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def update_emails_send_run(*, update_id: int) -> int:
    """Email a published update to each confirmed, still subscribed address that chose its category and has not
    had it yet; returns the number sent. A failing mail server leaves the rest for the next run."""
    update = ProviderUpdate.objects.filter(pk=update_id, status=UpdateStatus.PUBLISHED).first()
    if update is None:
        return 0
    already = set(UpdateDelivery.objects.filter(update=update).values_list("subscription_id", flat=True))
    sent = 0
    for subscription in UpdateSubscription.objects.filter(unsubscribed_at__isnull=True).iterator():
        if update.category not in (subscription.topics or []) or subscription.pk in already:
            continue
        with transaction.atomic():
            _delivery, created = UpdateDelivery.objects.get_or_create(update=update, subscription=subscription)
            if not created:
                continue  # another worker sent it
            _update_email(update, subscription).send()
        sent += 1
    log.info("provider update %s emailed to %s subscriber(s)", update.pk, sent)
    return sent
