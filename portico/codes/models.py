"""Code systems and their codes, every load of a code file, and the code lists that route prior authorization.

A code is kept once per system with the dates it is valid for; descriptions are the newest loaded. Code lists
(No-Auth, one per specialty vendor) are versioned per line of business: a published version applies to dates
of service from its effective date until the next published version's.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.plans.models import LineOfBusiness


class CodeSystem(models.TextChoices):
    ICD10CM = "icd10cm", _("ICD-10-CM diagnosis")
    CPT = "cpt", _("CPT procedure")
    HCPCS = "hcpcs", _("HCPCS Level II")
    MODIFIER = "modifier", _("Modifier")
    REVENUE = "revenue", _("Revenue code")
    POS = "pos", _("Place of service")
    CARC = "carc", _("Claim adjustment reason (CARC)")
    RARC = "rarc", _("Remittance advice remark (RARC)")
    GROUP = "group", _("Claim adjustment group")
    TAXONOMY = "taxonomy", _("Provider taxonomy (NUCC)")


class Code(models.Model):
    """One code of one system. ``code`` is normalized (upper case, no ICD dot); ``display`` is how people write it."""

    system = models.CharField(max_length=10, choices=CodeSystem.choices)
    code = models.CharField(max_length=12)
    display = models.CharField(max_length=14, help_text="As written: F32.A, 99213, 0450.")
    short_description = models.CharField(max_length=200, blank=True)
    long_description = models.TextField(blank=True)
    effective = models.DateField(null=True, blank=True, help_text="First date of service; empty: since ever.")
    terminated = models.DateField(null=True, blank=True, help_text="Last date of service; empty: still valid.")
    billable = models.BooleanField(default=True, help_text="False for ICD-10-CM headers (categories).")
    parent = models.CharField(max_length=12, blank=True, help_text="Normalized code of the parent, if any.")
    chapter = models.CharField(max_length=200, blank=True)
    replaced_by = models.CharField(max_length=60, blank=True, help_text="Replacement code(s) when terminated.")
    attributes = models.JSONField(default=dict, blank=True, help_text="What only this system has.")
    search_text = models.TextField(blank=True, help_text="Words the full-text index sees.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="code_unique_per_system"),
            models.CheckConstraint(
                condition=Q(terminated__isnull=True)
                | Q(effective__isnull=True)
                | Q(terminated__gte=models.F("effective")),
                name="code_terminated_after_effective",
            ),
        ]
        indexes = [
            models.Index(fields=["code", "system"], name="code_by_code"),
            # Prefix search walks these in the order it answers: billable codes first, then headers.
            models.Index(fields=["billable", "code"], name="code_prefix_any_system"),
            models.Index(fields=["system", "billable", "code"], name="code_prefix_in_system"),
        ]
        ordering = ["system", "code"]

    def __str__(self) -> str:
        return f"{self.display} {self.short_description}"

    def valid_on(self, day: dt.date) -> bool:
        return (self.effective is None or self.effective <= day) and (self.terminated is None or day <= self.terminated)


class LoadSource(models.TextChoices):
    COMMAND = "command", _("Command line")
    PAGE = "page", _("Staff page")
    DEMO = "demo", _("Demo world")


class EditFile(models.TextChoices):
    """The files of coding edits (not code systems) whose loads are recorded as ``CodeLoad`` too."""

    NCCI_PTP = "ncci_ptp", _("NCCI procedure-to-procedure edits")
    MUE = "mue", _("NCCI medically unlikely edits (units per day)")


class CodeLoad(models.Model):
    """The record of loading one file into one code system (or one file of coding edits, ``EditFile``): which file,
    when, by whom, and what changed."""

    system = models.CharField(max_length=10, choices=CodeSystem.choices + EditFile.choices)
    file_format = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=10, choices=LoadSource.choices)
    release = models.CharField(max_length=60, blank=True, help_text="The release the file says it is.")
    records = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    terminated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.system} {self.file_name} {self.loaded_at:%Y-%m-%d}"


class ListKind(models.TextChoices):
    NO_AUTH = "no_auth", _("No-Auth list")
    VENDOR = "vendor", _("Specialty vendor list")


class ReviewVendor(models.Model):
    """A specialty benefit manager that reviews some prior authorizations for the plan from its start date."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    starts = models.DateField(help_text="First date of service the vendor reviews.")
    ends = models.DateField(null=True, blank=True, help_text="Last date of service; empty: no end.")
    phone = models.CharField(max_length=30, blank=True)
    fax = models.CharField(max_length=30, blank=True)
    how_to_submit = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=models.F("starts")), name="vendor_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def active_on(self, day: dt.date) -> bool:
        return self.starts <= day and (self.ends is None or day <= self.ends)


class CodeList(models.Model):
    """The No-Auth list, or one vendor's list, for one line of business."""

    kind = models.CharField(max_length=10, choices=ListKind.choices)
    line_of_business = models.ForeignKey(LineOfBusiness, on_delete=models.PROTECT, related_name="code_lists")
    vendor = models.ForeignKey(ReviewVendor, null=True, blank=True, on_delete=models.PROTECT, related_name="lists")
    name = models.CharField(max_length=160)

    class Meta:
        ordering = ["line_of_business__name", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="vendor") & Q(vendor__isnull=False)) | (Q(kind="no_auth") & Q(vendor__isnull=True)),
                name="code_list_vendor_iff_vendor_list",
            ),
            models.UniqueConstraint(
                fields=["line_of_business", "kind", "vendor"], name="code_list_one_per_kind_vendor_lob"
            ),
            models.UniqueConstraint(
                fields=["line_of_business"],
                condition=Q(kind="no_auth"),
                name="code_list_one_no_auth_per_lob",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class CodeListVersion(models.Model):
    """One uploaded version of a list. Published versions are never edited; a new version supersedes them."""

    code_list = models.ForeignKey(CodeList, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    effective = models.DateField(help_text="First date of service this version applies to.")
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    file_name = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["code_list", "-effective", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "number"], name="code_list_version_number_unique"),
            models.UniqueConstraint(
                fields=["code_list", "effective"],
                condition=Q(status="published"),
                name="code_list_one_published_version_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_list} v{self.number} from {self.effective.isoformat()}"


class CodeListEntry(models.Model):
    """One code on one version of a list; vendor lists carry the vendor's category."""

    version = models.ForeignKey(CodeListVersion, on_delete=models.CASCADE, related_name="entries")
    system = models.CharField(max_length=10, choices=CodeSystem.choices)
    code = models.CharField(max_length=12, help_text="Normalized, as in Code.code.")
    category = models.CharField(max_length=80, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "system", "code"], name="code_list_entry_unique"),
        ]
        indexes = [models.Index(fields=["code", "version"], name="code_list_entry_by_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.category})" if self.category else self.code


class ModifierIndicator(models.TextChoices):
    """Whether an NCCI-associated modifier lets both codes of a procedure-to-procedure edit be paid."""

    NOT_ALLOWED = "0", _("0 — no modifier allowed")
    ALLOWED = "1", _("1 — allowed with an NCCI-associated modifier")
    NOT_APPLICABLE = "9", _("9 — not applicable (the edit is not applied)")


class PtpEdit(models.Model):
    """One NCCI procedure-to-procedure edit as CMS publishes it: when both codes are billed for the member on the
    same date of service, the column 2 code is not paid (unless the modifier indicator and a modifier allow it).

    ``effective_end`` is CMS's deletion date, taken as the last date of service the edit applies to; empty while
    the edit stands. ``part`` names the file the row came from (CMS splits a table over several files, such as
    ``ccipra-f1`` … ``ccipra-f4``): loading a file again replaces that part's rows and no other.
    """

    column1 = models.CharField(max_length=12, help_text="The comprehensive code, which is paid.")
    column2 = models.CharField(max_length=12, help_text="The component code, which is not paid with column 1.")
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True, help_text="CMS's deletion date; empty: in force.")
    before_1996 = models.BooleanField(default=False, help_text="CMS's '*': in existence prior to 1996.")
    modifier_indicator = models.CharField(max_length=1, choices=ModifierIndicator.choices)
    rationale = models.CharField(max_length=200, blank=True)
    part = models.CharField(max_length=60, help_text="The file (part of the table) the row came from.")
    load = models.ForeignKey(CodeLoad, on_delete=models.PROTECT, related_name="ptp_edits")

    class Meta:
        ordering = ["column1", "column2", "effective_start"]
        constraints = [
            models.UniqueConstraint(fields=["column1", "column2", "effective_start"], name="ptp_edit_unique"),
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="ptp_edit_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["column2", "column1"], name="ptp_edit_by_column2"),
            models.Index(fields=["part"], name="ptp_edit_by_part"),
        ]

    def __str__(self) -> str:
        return f"{self.column1}/{self.column2} from {self.effective_start.isoformat()}"


class MueIndicator(models.TextChoices):
    """How a medically unlikely edit counts units (CMS's MUE adjudication indicator, MAI)."""

    LINE = "1", _("1 — per claim line")
    DATE_POLICY = "2", _("2 — per date of service (policy)")
    DATE_CLINICAL = "3", _("3 — per date of service (clinical)")


class MueEdit(models.Model):
    """One medically unlikely edit: the most units of a code a provider reports for a member on one date of
    service. A file applies from its effective date until the next file's (``effective_end`` is set when a newer
    file is loaded); a code missing from the newer file has no edit from then on."""

    code = models.CharField(max_length=12)
    units = models.PositiveIntegerField(help_text="The most units payable (per line or per date of service).")
    indicator = models.CharField(max_length=1, choices=MueIndicator.choices)
    rationale = models.CharField(max_length=200, blank=True)
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True, help_text="Empty: until a newer file.")
    load = models.ForeignKey(CodeLoad, on_delete=models.PROTECT, related_name="mue_edits")

    class Meta:
        ordering = ["code", "effective_start"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_start"], name="mue_edit_unique"),
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="mue_edit_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["effective_start"], name="mue_edit_by_start")]

    def __str__(self) -> str:
        return f"{self.code} ≤ {self.units} from {self.effective_start.isoformat()}"
