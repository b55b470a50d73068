"""Staff-only lookups of members, for the privacy officer's access audit.

Provider users reach members only through ``queries.access_member`` and its relationship checks. The privacy
officer works on the plan's side and may see any member, but only to audit access: these lookups check the
staff role themselves, so no caller can skip it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.utils.translation import gettext as _

from portico.accounts.models import StaffRole, User
from portico.common.errors import PermissionDenied
from portico.members.models import Member

MEMBER_LOOKUP_BATCH = 500


class MemberLabel(NamedTuple):
    """How a member is named in the audit: the plan's member ID and "Last, First"."""

    member_number: str
    display_name: str


def _require_privacy_officer(user: User) -> None:
    if not user.is_authenticated or not user.has_staff_role(StaffRole.PRIVACY_OFFICER):
        raise PermissionDenied(_("Only a privacy officer may look up members for the access audit."))


def member_number_normalize(member_number: str) -> str:
    """A member ID as typed (spaces, hyphens, lower case) in the form the plan stores it."""
    return "".join(member_number.split()).replace("-", "").upper()


def member_for_privacy_officer(*, user: User, member_number: str) -> Member | None:
    """The member with the plan member ID ``member_number``, or None. Raises PermissionDenied for anyone
    without the privacy-officer staff role."""
    _require_privacy_officer(user)
    number = member_number_normalize(member_number)
    if not number:
        return None
    return Member.objects.filter(member_number=number).first()


def member_labels_for_privacy_officer(*, user: User, member_ids: Iterable[int]) -> dict[int, MemberLabel]:
    """Member ID and name for each of ``member_ids`` that still exists, in one query per 500 ids.

    Raises PermissionDenied for anyone without the privacy-officer staff role.
    """
    _require_privacy_officer(user)
    wanted = sorted(set(member_ids))
    labels: dict[int, MemberLabel] = {}
    for start in range(0, len(wanted), MEMBER_LOOKUP_BATCH):
        rows = Member.objects.filter(pk__in=wanted[start : start + MEMBER_LOOKUP_BATCH]).values_list(
            "pk", "member_number", "last_name", "first_name"
        )
        for pk, number, last_name, first_name in rows:
            labels[pk] = MemberLabel(member_number=number, display_name=f"{last_name}, {first_name}")
    return labels


def members_by_number_for_privacy_officer(*, user: User, member_numbers: Iterable[str]) -> dict[str, int]:
    """Member IDs (as the plan stores them) to internal ids, for those that exist; 500 a query.

    Raises PermissionDenied for anyone without the privacy-officer staff role."""
    _require_privacy_officer(user)
    wanted = sorted({member_number_normalize(n) for n in member_numbers} - {""})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), MEMBER_LOOKUP_BATCH):
        found.update(
            Member.objects.filter(member_number__in=wanted[start : start + MEMBER_LOOKUP_BATCH]).values_list(
                "member_number", "pk"
            )
        )
    return found
