"""Joining the network: the applicant drafts and submits an application through a private resume link (no
account: an applicant is not yet a provider organization, and the portal's accounts belong to organizations —
once approved, the organization registers for portal access like any other); provider relations credential it
against the checklist, ask questions, and approve (creating the organization, its location, practitioners and
network participation in one transaction) or decline with a reason. Emails go through Django mail after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from portico.accounts.models import StaffRole, User
from portico.accounts.people import validation
from portico.accounts.people.emails import email_send_after_commit
from portico.authorizations.attachments import Upload, attachment_discard, attachment_write, attachments_check
from portico.common.errors import NotFound, PermissionDenied, ValidationFailed
from portico.common.identifiers import is_valid_npi
from portico.plans.models import LineOfBusiness
from portico.providers.directory.taxonomy import is_taxonomy_code
from portico.providers.joining.models import (
    OPEN_STATUSES,
    ApplicationCheck,
    ApplicationDocument,
    ApplicationPractitioner,
    ApplicationQuestion,
    ApplicationStatus,
    ChecklistItem,
    DocumentKind,
    NetworkApplication,
)
from portico.providers.models import (
    Affiliation,
    NetworkParticipation,
    OrganizationKind,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)

REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
MAX_PRACTITIONERS = 50
MAX_DOCUMENTS = 20
MAX_TEXT = 4000
ORGANIZATION_FIELDS = (
    "legal_name",
    "tin",
    "group_npi",
    "kind",
    "taxonomy_code",
    "address_line1",
    "city",
    "state",
    "postal_code",
    "phone",
)
PRACTITIONER_FIELDS = (
    "npi",
    "first_name",
    "last_name",
    "credentials",
    "taxonomy_code",
    "license_state",
    "license_number",
    "license_expires",
)


# The checklist an installation starts with (the migration writes the same rows; staff edit them in the admin).
# The default labels are in the catalog, so pages show them translated; a label staff rewrote shows as written.
DEFAULT_CHECKLIST = (
    ("license_verified", gettext_noop("Each practitioner's license verified with the state board"), 10),
    (
        "npi_verified",
        gettext_noop("NPIs verified against the NPPES registry (format and check digit already pass)"),
        20,
    ),
    ("w9_received", gettext_noop("W-9 received and the TIN matches it"), 30),
    ("sanctions_checked", gettext_noop("Sanctions check recorded (OIG exclusions list, SAM.gov, state Medicaid)"), 40),
    ("insurance_verified", gettext_noop("Malpractice insurance certificate current"), 50),
)


def checklist_defaults_ensure() -> None:
    """Write the default checklist items that are missing (a database flushed by tests, say); never changes
    items staff edited."""
    for code, label, position in DEFAULT_CHECKLIST:
        ChecklistItem.objects.get_or_create(code=code, defaults={"label": label, "position": position})


def kinds() -> list[tuple[str, str]]:
    return [(k.value, str(k.label)) for k in OrganizationKind if k != OrganizationKind.BILLING_SERVICE]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def resume_link(token: str) -> str:
    return f"{str(settings.PORTICO_BASE_URL).rstrip('/')}/join/a/{token}/"


def _new_reference() -> str:
    return "APP-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


# ---- the applicant's side -------------------------------------------------------------------------------------


def application_start(*, data: Mapping[str, str]) -> tuple[NetworkApplication, str]:
    """A new draft with the applicant's contact and the organization's name; returns it and the resume link's
    secret (only its hash is kept). The link goes to the contact by email."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for name, run in (
        ("contact_name", lambda: validation.required_clean(data.get("contact_name", ""), _("Enter your name."))),
        ("contact_email", lambda: validation.email_clean(data.get("contact_email", ""))),
        (
            "legal_name",
            lambda: validation.required_clean(data.get("legal_name", ""), _("Enter the organization's legal name.")),
        ),
    ):
        try:
            clean[name] = run()
        except validation.FieldProblem as problem:
            errors[name] = [str(problem)]
    if errors:
        raise ValidationFailed(errors)
    for _attempt in range(5):
        token = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                application = NetworkApplication.objects.create(
                    reference=_new_reference(), token_hash=_hash(token), **clean
                )
                email_send_after_commit(
                    to=[application.contact_email],
                    subject=_("Your application to join the %(plan)s network (%(reference)s)")
                    % {"plan": "Cascadia Health", "reference": application.reference},
                    body="\n\n".join(
                        [
                            _("You started an application for %(organization)s.")
                            % {"organization": application.legal_name},
                            _("Continue it, and later follow its status, with this private link (keep it to yourself):")
                            + "\n"
                            + resume_link(token),
                            _("Your reference number is %(reference)s.") % {"reference": application.reference},
                        ]
                    ),
                    what=f"application {application.reference} started",
                )
                return application, token
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a free application reference")


def application_by_token(token: str) -> NetworkApplication:
    application = NetworkApplication.objects.filter(token_hash=_hash(token or "")).first()
    if application is None:
        raise NotFound("Application not found.")
    return application


def _date_clean(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise validation.FieldProblem(_("Enter the date as YYYY-MM-DD, such as 2027-06-30.")) from exc


def _npi_clean(value: str) -> str:
    npi = re.sub(r"\s", "", value or "")
    if not is_valid_npi(npi):
        raise validation.FieldProblem(_("An NPI is ten digits and its last digit must check (Luhn, prefix 80840)."))
    return npi


def _taxonomy_clean(value: str) -> str:
    code = (value or "").strip().upper()
    if not is_taxonomy_code(code):
        raise validation.FieldProblem(_("A taxonomy code is ten characters, such as 207Q00000X."))
    return code


def _kind_clean(value: str) -> str:
    if value not in dict(kinds()):
        raise validation.FieldProblem(_("Choose the kind of organization."))
    return value


ORG_CLEANERS = {
    "legal_name": lambda v: validation.required_clean(v, _("Enter the organization's legal name.")),
    "tin": validation.tin_clean,
    "group_npi": _npi_clean,
    "kind": _kind_clean,
    "taxonomy_code": _taxonomy_clean,
    "address_line1": lambda v: validation.required_clean(v, _("Enter the street address.")),
    "city": lambda v: validation.required_clean(v, _("Enter the city."), max_length=100),
    "state": validation.state_clean,
    "postal_code": validation.postal_code_clean,
    "phone": validation.phone_clean,
}
PRACTITIONER_CLEANERS = {
    "npi": _npi_clean,
    "first_name": lambda v: validation.required_clean(v, _("Enter the first name."), max_length=100),
    "last_name": lambda v: validation.required_clean(v, _("Enter the last name."), max_length=100),
    "credentials": lambda v: (v or "").strip()[:40],
    "taxonomy_code": lambda v: _taxonomy_clean(v) if (v or "").strip() else "",
    "license_state": validation.state_clean,
    "license_number": lambda v: validation.required_clean(v, _("Enter the license number."), max_length=40),
    "license_expires": _date_clean,
}


@dataclass(frozen=True)
class Draft:
    organization: dict[str, str]
    practitioners: list[dict[str, object]]
    line_of_business_ids: list[int]


def draft_clean(
    *, organization: Mapping[str, str], practitioners: Sequence[Mapping[str, str]], line_of_business_ids: Sequence[str]
) -> Draft:
    """What the applicant typed, checked: organization fields left empty are allowed in a draft (submitting
    requires them), filled ones must be right; a practitioner row with anything in it must be complete. Errors
    are keyed by field, and ``practitioner-<n>-<field>`` for the n-th practitioner row."""
    errors: dict[str, list[str]] = {}
    org: dict[str, str] = {}
    for name in ORGANIZATION_FIELDS:
        value = (organization.get(name) or "").strip()
        if not value:
            org[name] = ""
            continue
        try:
            org[name] = ORG_CLEANERS[name](value)
        except validation.FieldProblem as problem:
            errors[name] = [str(problem)]
    people: list[dict[str, object]] = []
    seen: set[str] = set()
    rows = [row for row in practitioners if any((row.get(f) or "").strip() for f in PRACTITIONER_FIELDS)]
    if len(rows) > MAX_PRACTITIONERS:
        errors["practitioners"] = [_("List at most %(count)s practitioners.") % {"count": MAX_PRACTITIONERS}]
    for index, row in enumerate(practitioners):
        if row not in rows:
            continue
        clean: dict[str, object] = {}
        for name in PRACTITIONER_FIELDS:
            try:
                clean[name] = PRACTITIONER_CLEANERS[name](row.get(name) or "")
            except validation.FieldProblem as problem:
                errors[f"practitioner-{index}-{name}"] = [str(problem)]
        npi = clean.get("npi")
        if isinstance(npi, str) and npi in seen:
            errors[f"practitioner-{index}-npi"] = [_("This NPI is already listed above.")]
        if isinstance(npi, str):
            seen.add(npi)
        people.append(clean)
    valid_lobs = set(LineOfBusiness.objects.values_list("pk", flat=True))
    lob_ids: list[int] = []
    for raw in line_of_business_ids:
        try:
            lob_id = int(raw)
        except (TypeError, ValueError):
            lob_id = -1
        if lob_id not in valid_lobs:
            errors["lines_of_business"] = [_("Choose lines of business from the list.")]
            break
        lob_ids.append(lob_id)
    if errors:
        raise ValidationFailed(errors)
    return Draft(organization=org, practitioners=people, line_of_business_ids=lob_ids)


def application_save(
    *,
    application_id: int,
    organization: Mapping[str, str],
    practitioners: Sequence[Mapping[str, str]],
    line_of_business_ids: Sequence[str],
) -> NetworkApplication:
    """Save the draft as typed (checked by ``draft_clean``): the practitioners are replaced by the rows given."""
    draft = draft_clean(
        organization=organization, practitioners=practitioners, line_of_business_ids=line_of_business_ids
    )
    with transaction.atomic():
        application = NetworkApplication.objects.select_for_update().get(pk=application_id)
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationFailed({"__all__": [_("This application was submitted: it cannot be changed any more.")]})
        for name, value in draft.organization.items():
            setattr(application, name, value)
        application.save()
        application.lines_of_business.set(draft.line_of_business_ids)
        application.practitioners.all().delete()
        ApplicationPractitioner.objects.bulk_create(
            [ApplicationPractitioner(application=application, **row) for row in draft.practitioners]
        )
    return application


def application_document_add(*, application_id: int, kind: str, upload: Upload) -> ApplicationDocument:
    """Keep one document (PDF or image, checked by content, outside the web root) on a draft or an application
    waiting for answers."""
    if kind not in DocumentKind.values:
        raise ValidationFailed({"kind": [_("Choose what the document is.")]})
    checked = attachments_check([upload], field="document")[0]
    stored = attachment_write(checked.content)
    try:
        with transaction.atomic():
            application = NetworkApplication.objects.select_for_update().get(pk=application_id)
            if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.QUESTIONS):
                raise ValidationFailed(
                    {"document": [_("Documents can be added to a draft, or when provider relations ask a question.")]}
                )
            if application.documents.count() >= MAX_DOCUMENTS:
                raise ValidationFailed(
                    {"document": [_("An application holds at most %(count)s documents.") % {"count": MAX_DOCUMENTS}]}
                )
            return ApplicationDocument.objects.create(
                application=application,
                kind=kind,
                name=checked.name,
                content_type=checked.content_type,
                size=len(checked.content),
                sha256=checked.sha256,
                stored_name=stored,
            )
    except BaseException:
        attachment_discard([stored])
        raise


def submission_problems(application: NetworkApplication) -> dict[str, list[str]]:
    """What is missing before the application can be submitted, by field."""
    problems: dict[str, list[str]] = {}
    messages = {
        "legal_name": _("Enter the organization's legal name."),
        "tin": _("Enter the organization's TIN."),
        "group_npi": _("Enter the organization's NPI."),
        "kind": _("Choose the kind of organization."),
        "taxonomy_code": _("Enter the organization's taxonomy code."),
        "address_line1": _("Enter the street address."),
        "city": _("Enter the city."),
        "state": _("Enter the state, such as OR."),
        "postal_code": _("Enter the ZIP code."),
        "phone": _("Enter a phone number."),
    }
    for name, message in messages.items():
        if not getattr(application, name):
            problems[name] = [message]
    if not application.practitioners.exists():
        problems["practitioners"] = [_("List at least one practitioner with an NPI and a license.")]
    if not application.lines_of_business.exists():
        problems["lines_of_business"] = [_("Choose at least one line of business.")]
    if not application.documents.filter(kind=DocumentKind.W9).exists():
        problems["document"] = [_("Upload the organization's W-9.")]
    return problems


def application_submit(*, application_id: int) -> NetworkApplication:
    with transaction.atomic():
        application = NetworkApplication.objects.select_for_update().get(pk=application_id)
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationFailed({"__all__": [_("This application was already submitted.")]})
        problems = submission_problems(application)
        if problems:
            raise ValidationFailed(problems)
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = timezone.now()
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        email_send_after_commit(
            to=[application.contact_email],
            subject=_("We received your application %(reference)s") % {"reference": application.reference},
            body="\n\n".join(
                [
                    _("Thank you: provider relations received the application of %(organization)s.")
                    % {"organization": application.legal_name},
                    _(
                        "Credentialing checks licenses, NPIs, the W-9 and sanctions lists. If we have a question, "
                        "you get an email and answer it on your application's status page "
                        "(the link in our first email)."
                    ),
                ]
            ),
            what=f"application {application.reference} submitted",
        )
    return application


def application_answer(*, application_id: int, question_id: int, answer: str) -> ApplicationQuestion:
    """The applicant answers a question; once every question is answered the application is back with provider
    relations."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed({"answer": [_("Write your answer.")]})
    if len(answer) > MAX_TEXT:
        raise ValidationFailed(
            {"answer": [_("Keep the answer to %(count)s characters or fewer.") % {"count": MAX_TEXT}]}
        )
    with transaction.atomic():
        application = NetworkApplication.objects.select_for_update().get(pk=application_id)
        question = application.questions.filter(pk=question_id, answered_at__isnull=True).first()
        if question is None:
            raise NotFound("Question not found.")
        question.answer = answer
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_at"])
        if (
            application.status == ApplicationStatus.QUESTIONS
            and not application.questions.filter(answered_at__isnull=True).exists()
        ):
            application.status = ApplicationStatus.SUBMITTED
            application.save(update_fields=["status", "updated_at"])
    return question


# ---- provider relations ---------------------------------------------------------------------------------------


def _require_staff(staff: User) -> None:
    if not staff.has_staff_role(StaffRole.PROVIDER_RELATIONS):
        raise PermissionDenied(_("Only provider relations work network applications."))


def _open_application(application_id: int) -> NetworkApplication:
    application = NetworkApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise NotFound("Application not found.")
    if application.status not in OPEN_STATUSES:
        raise ValidationFailed({"__all__": [_("This application is not open for credentialing.")]})
    return application


def applications_queue(*, status: str) -> list[NetworkApplication]:
    return list(NetworkApplication.objects.filter(status=status).order_by("submitted_at", "created_at")[:200])


def application_get(*, application_id: int) -> NetworkApplication:
    application = (
        NetworkApplication.objects.prefetch_related("practitioners", "documents", "lines_of_business")
        .filter(pk=application_id)
        .exclude(status=ApplicationStatus.DRAFT)
        .first()
    )
    if application is None:
        raise NotFound("Application not found.")
    return application


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    check: ApplicationCheck | None


def checklist(application: NetworkApplication) -> list[ChecklistRow]:
    done = {c.item_id: c for c in ApplicationCheck.objects.select_related("done_by").filter(application=application)}
    return [ChecklistRow(item=item, check=done.get(item.pk)) for item in ChecklistItem.objects.filter(active=True)]


def application_check_record(*, application_id: int, item_code: str, staff: User, note: str = "") -> ApplicationCheck:
    """Record that a checklist item was done (who, when, an optional note such as where it was verified)."""
    _require_staff(staff)
    item = ChecklistItem.objects.filter(code=item_code, active=True).first()
    if item is None:
        raise ValidationFailed({"item": [_("Choose an item of the checklist.")]})
    with transaction.atomic():
        application = _open_application(application_id)
        check, _created = ApplicationCheck.objects.get_or_create(
            application=application, item=item, defaults={"done_by": staff, "note": (note or "").strip()[:500]}
        )
    return check


def application_question_ask(*, application_id: int, staff: User, text: str) -> ApplicationQuestion:
    _require_staff(staff)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"question": [_("Write the question for the applicant.")]})
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            {"question": [_("Keep the question to %(count)s characters or fewer.") % {"count": MAX_TEXT}]}
        )
    with transaction.atomic():
        application = _open_application(application_id)
        question = ApplicationQuestion.objects.create(application=application, asked_by=staff, text=text)
        application.status = ApplicationStatus.QUESTIONS
        application.save(update_fields=["status", "updated_at"])
        email_send_after_commit(
            to=[application.contact_email],
            subject=_("A question about your application %(reference)s") % {"reference": application.reference},
            body="\n\n".join(
                [
                    _("Provider relations have a question about the application of %(organization)s.")
                    % {"organization": application.legal_name},
                    _(
                        "Read it and answer on your application's status page: "
                        "open the private link from our first email."
                    ),
                ]
            ),
            what=f"application {application.reference} question",
        )
    return question


def application_approve(*, application_id: int, staff: User) -> ProviderOrganization:
    """Create the provider organization, its location (the application's address), its practitioners (an NPI
    already in the network is the same practitioner) with their affiliation, and a contracted network
    participation in each line of business asked for — all in one transaction, from today. Every required
    checklist item must be recorded, every question answered, and the TIN must be new to the network."""
    _require_staff(staff)
    today = timezone.localdate()
    with transaction.atomic():
        application = _open_application(application_id)
        missing = [gettext(row.item.label) for row in checklist(application) if row.item.required and row.check is None]
        if missing:
            raise ValidationFailed(
                {"checklist": [_("Record these checks first: %(items)s.") % {"items": "; ".join(missing)}]}
            )
        if application.questions.filter(answered_at__isnull=True).exists():
            raise ValidationFailed({"__all__": [_("Wait for the applicant's answer before deciding.")]})
        if ProviderOrganization.objects.filter(tin=application.tin).exists():
            raise ValidationFailed(
                {
                    "tin": [
                        _(
                            "An organization with this TIN is already in the network: "
                            "it registers for the portal instead."
                        )
                    ]
                }
            )
        organization = ProviderOrganization.objects.create(
            legal_name=application.legal_name,
            tin=application.tin,
            group_npi=application.group_npi,
            kind=application.kind,
            phone=application.phone,
        )
        location = ServiceLocation.objects.create(
            organization=organization,
            name=application.legal_name,
            npi=application.group_npi,
            address_line1=application.address_line1,
            city=application.city,
            state=application.state,
            postal_code=application.postal_code,
            phone=application.phone,
            languages=["English"],
        )
        rows = list(application.practitioners.all())
        existing = {p.npi: p for p in Practitioner.objects.filter(npi__in=[r.npi for r in rows])}
        for row in rows:
            practitioner = existing.get(row.npi) or Practitioner.objects.create(
                npi=row.npi,
                first_name=row.first_name,
                last_name=row.last_name,
                credentials=row.credentials,
                taxonomy_code=row.taxonomy_code or application.taxonomy_code,
            )
            Affiliation.objects.create(practitioner=practitioner, location=location, start=today)
        NetworkParticipation.objects.bulk_create(
            [
                NetworkParticipation(organization=organization, line_of_business=lob, contracted=True, start=today)
                for lob in application.lines_of_business.all()
            ]
        )
        application.status = ApplicationStatus.APPROVED
        application.organization = organization
        application.decided_by = staff
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "organization", "decided_by", "decided_at", "updated_at"])
        email_send_after_commit(
            to=[application.contact_email],
            subject=_("Welcome to the network: application %(reference)s approved")
            % {"reference": application.reference},
            body="\n\n".join(
                [
                    _("%(organization)s is now in the Cascadia Health network.")
                    % {"organization": application.legal_name},
                    _(
                        "Register for the provider portal to check eligibility, request authorizations "
                        "and keep your directory data right:"
                    )
                    + f"\n{str(settings.PORTICO_BASE_URL).rstrip('/')}/register/",
                ]
            ),
            what=f"application {application.reference} approved",
        )
    return organization


def application_decline(*, application_id: int, staff: User, reason: str) -> NetworkApplication:
    _require_staff(staff)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Write the reason: the applicant reads it.")]})
    if len(reason) > MAX_TEXT:
        raise ValidationFailed(
            {"reason": [_("Keep the reason to %(count)s characters or fewer.") % {"count": MAX_TEXT}]}
        )
    with transaction.atomic():
        application = _open_application(application_id)
        application.status = ApplicationStatus.DECLINED
        application.decline_reason = reason
        application.decided_by = staff
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
        email_send_after_commit(
            to=[application.contact_email],
            subject=_("Your application %(reference)s was declined") % {"reference": application.reference},
            body="\n\n".join(
                [
                    _("Provider relations declined the application of %(organization)s.")
                    % {"organization": application.legal_name},
                    _("The reason:") + "\n" + reason,
                ]
            ),
            what=f"application {application.reference} declined",
        )
    return application


def document_of(*, application_id: int, document_id: int) -> ApplicationDocument:
    document = ApplicationDocument.objects.filter(
        Q(application__status__in=[s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]),
        pk=document_id,
        application_id=application_id,
    ).first()
    if document is None:
        raise NotFound("Document not found.")
    return document
