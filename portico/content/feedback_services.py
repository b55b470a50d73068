"""Writes of website feedback: anyone gives a rating and a comment about a page (rate-limited per address);
staff mark items handled."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portico.accounts.models import User
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.common.throttle import throttle_hit
from portico.content.feedback import COMMENT_MAX, PAGE_MAX, RATING_MAX, RATING_MIN, WebsiteFeedback

NOTE_MAX = 300
WINDOW_SECONDS = 3600


def feedback_limit() -> int:
    """How many feedback items one address may send per hour."""
    return int(settings.PORTICO.get("FEEDBACK_PER_HOUR", 10))


def clean_page(raw: str) -> str:
    """The path of a page of this site, without its query or fragment (which may carry a member ID); "" if it
    is not a path here."""
    page = (raw or "").strip().split("?", 1)[0].split("#", 1)[0]
    if not page.startswith("/") or page.startswith("//") or "\\" in page or len(page) > PAGE_MAX:
        return ""
    return page


@transaction.atomic
def feedback_submit(
    *, page: str, rating: str, comment: str, user: User | None, language: str = "", ip_address: str | None
) -> WebsiteFeedback:
    """Record one feedback item. Each bad field is named in ValidationFailed; more than the hourly limit from one
    address raises Throttled and records nothing."""
    try:
        throttle_hit(
            scope="website_feedback", key=ip_address or "-", limit=feedback_limit(), window_seconds=WINDOW_SECONDS
        )
    except Throttled as exc:
        minutes = max(1, round(exc.retry_after / 60))
        raise Throttled(
            ngettext(
                "Thank you, but we have had a lot of feedback from your address. Try again in %(minutes)d minute.",
                "Thank you, but we have had a lot of feedback from your address. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            retry_after=exc.retry_after,
        ) from exc
    errors: dict[str, list[str]] = {}
    path = clean_page(page)
    if not path:
        errors["page"] = [_("The page this feedback is about is missing. Open the form from that page.")]
    value = (rating or "").strip()
    if not value.isdigit() or not RATING_MIN <= int(value) <= RATING_MAX:
        errors["rating"] = [_("Choose a rating from 1 (poor) to 5 (very good).")]
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        errors["comment"] = [
            _("Keep the comment to %(max)s characters (it has %(count)s).") % {"max": COMMENT_MAX, "count": len(text)}
        ]
    if errors:
        raise ValidationFailed(errors)
    return WebsiteFeedback.objects.create(
        page=path,
        rating=int(value),
        comment=text,
        language=(language or "")[:10],
        user=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def feedback_handle(*, feedback_id: int, user: User, handled: bool = True, note: str = "") -> WebsiteFeedback:
    """Mark an item handled (with an optional note of what was done), or open it again."""
    row = WebsiteFeedback.objects.select_for_update().filter(pk=feedback_id).first()
    if row is None:
        raise NotFound(_("Feedback not found."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed({"note": [_("Keep the note to %(max)s characters.") % {"max": NOTE_MAX}]})
    if handled:
        row.handled_at = timezone.now()
        row.handled_by = user
        row.handled_note = note
    else:
        row.handled_at = None
        row.handled_by = None
        row.handled_note = ""
    row.save(update_fields=["handled_at", "handled_by", "handled_note"])
    return row
