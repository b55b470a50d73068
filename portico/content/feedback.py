"""Website feedback: a rating and a comment about one page, from anyone, signed in or not.

Only the page's path is kept (never its query string, which can carry a member ID), and the form asks for no
patient information. Staff read the results and mark each item handled.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

RATING_MIN = 1
RATING_MAX = 5
COMMENT_MAX = 2000
PAGE_MAX = 300


class WebsiteFeedback(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    page = models.CharField(max_length=PAGE_MAX, help_text="The path of the page it came from, without a query.")
    rating = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (very good).")
    comment = models.TextField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN) & Q(rating__lte=RATING_MAX), name="website_feedback_rating_range"
            )
        ]
        indexes = [models.Index(fields=["page", "created_at"], name="website_feedback_page")]

    def __str__(self) -> str:
        return f"{self.page} {self.rating}"

    @property
    def handled(self) -> bool:
        return self.handled_at is not None
