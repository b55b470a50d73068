"""A record of each demo-world build, so a second build can be skipped (or refused) quickly."""

from __future__ import annotations

from django.db import models


class DemoBuild(models.Model):
    """One run of ``portico demo-data``: its parameters, and when (and whether) it finished.

    A row with ``finished_at`` empty is a build that started and did not complete; the database then holds a
    partial world and is refused for another build.
    """

    seed = models.BigIntegerField()
    members = models.PositiveIntegerField()
    as_of = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    row_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"demo world seed {self.seed}, {self.members} members, as of {self.as_of.isoformat()}"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None
