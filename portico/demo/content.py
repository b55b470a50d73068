"""The demo's alerts, provider updates and documents — the seed pages' data-breach notice and fee-schedule update
among them. Every file is generated here and says it is synthetic; no rate in it is a real one."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from portico.common.pdf import pdf_fonts
from portico.content.alerts import Alert, AlertAudience, AlertLevel
from portico.content.document_services import (
    DocumentInput,
    PublishOptions,
    VersionInput,
    document_create,
    document_version_publish,
    document_version_upload,
)
from portico.content.documents import Document
from portico.content.updates import ProviderUpdate, UpdateCategory, UpdateStatus
from portico.plans.models import LineOfBusiness
from portico.pricing.demo import NONCONTRACTED_BH_RATES, noncontracted_bh_rates

SYNTHETIC = "Synthetic demonstration data: Cascadia Health is fictional and no rate here is a real one."

# The fee schedule's rates come from the pricing app, the source of truth (portico/pricing/demo.py): the library's
# documents are generated from the same table, so the page, the download and the pricer agree.
BH_RATES = NONCONTRACTED_BH_RATES


def _rates(factor: Decimal) -> list[tuple[str, str, Decimal]]:
    return noncontracted_bh_rates(factor)


def fee_schedule_csv(*, effective: dt.date, factor: Decimal) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "description", "rate_usd", "effective"])
    for code, text, rate in _rates(factor):
        writer.writerow([code, text, f"{rate}", effective.isoformat()])
    writer.writerow(["#", SYNTHETIC, "", ""])
    return out.getvalue().encode("utf-8")


def _pdf(title: str, lines: list[str]) -> bytes:
    regular, bold = pdf_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1)
    canvas.setTitle(title)
    _width, height = letter
    y = height - 72
    canvas.setFont(bold, 14)
    canvas.drawString(72, y, title)
    y -= 20
    canvas.setFont(regular, 9)
    canvas.drawString(72, y, SYNTHETIC)
    y -= 28
    canvas.setFont(regular, 10)
    for line in lines:
        if y < 72:
            canvas.showPage()
            canvas.setFont(regular, 10)
            y = height - 72
        canvas.drawString(72, y, line)
        y -= 15
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fee_schedule_pdf(*, effective: dt.date, factor: Decimal) -> bytes:
    lines = [f"Effective for dates of service on and after {effective:%B %-d, %Y}.", ""]
    lines += [f"{code}   {rate:>8}   {text}" for code, text, rate in _rates(factor)]
    lines += [
        "",
        "Applies to behavioral-health providers without a contract with Cascadia Health, all lines of business.",
    ]
    return _pdf("Non-contracted Behavioral Health Fee Schedule", lines)


def _document(title: str, *, kind: str, area: str, description: str, lobs: list[int] | None = None,
              providers_only: bool = False, versions: list[tuple[dt.date, str, str, bytes]]) -> Document:  # fmt: skip
    """A document with its versions, each published in order (earlier ones become superseded)."""
    first_date, first_note, first_name, first_content = versions[0]
    version = document_create(
        data=DocumentInput(
            title=title,
            kind=kind,
            area=area,
            line_of_business_ids=lobs or [],
            description=description,
            providers_only=providers_only,
        ),
        version=VersionInput(effective_date=first_date, note=first_note, file_name=first_name, content=first_content),
        user=None,
    )
    document_version_publish(version_id=version.pk, user=None, options=PublishOptions())
    for day, note, name, content in versions[1:]:
        later = document_version_upload(
            document_id=version.document_id,
            data=VersionInput(effective_date=day, note=note, file_name=name, content=content),
            user=None,
        )
        document_version_publish(version_id=later.pk, user=None, options=PublishOptions())
    return version.document


def _update(title: str, category: str, published: dt.datetime, summary: str, body: str) -> ProviderUpdate:
    from django.utils.text import slugify

    return ProviderUpdate.objects.create(
        title=title,
        slug=slugify(title)[:70],
        category=category,
        summary=summary,
        body=body + "\n\n" + SYNTHETIC,
        status=UpdateStatus.PUBLISHED,
        published_at=published,
    )


def content_demo_create(*, as_of: dt.date) -> None:
    """Documents (with versions), provider updates and the two alerts of the seed pages."""

    def at(days_before: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(as_of - dt.timedelta(days=days_before), dt.time(9, 0)))

    lobs = {lob.code: lob.pk for lob in LineOfBusiness.objects.all()}
    fee_schedule = _document(
        "Non-contracted Behavioral Health Fee Schedule",
        kind="fee_schedule",
        area="behavioral_health",
        description="What Cascadia Health pays behavioral-health providers who have no contract with it.",
        versions=[
            (dt.date(2024, 7, 1), "2024 rates", "bh-noncontracted-2024.csv",
             fee_schedule_csv(effective=dt.date(2024, 7, 1), factor=Decimal("1"))),
            (dt.date(2025, 6, 1), "Rates raised 3% for every code", "bh-noncontracted-2025.pdf",
             fee_schedule_pdf(effective=dt.date(2025, 6, 1), factor=Decimal("1.03"))),
        ],
    )  # fmt: skip
    _document(
        "Prior authorization request form",
        kind="form",
        area="physical_health",
        description="For services the plan reviews itself; the portal's request form does the same, faster.",
        versions=[(dt.date(2026, 1, 1), "", "prior-authorization-request.pdf", _pdf(
            "Prior authorization request form",
            ["Member name, ID and date of birth", "Requesting and servicing provider (NPI)",
             "Service codes, units, dates of service", "Clinical notes attached", "Fax: see the provider manual"],
        ))],
    )  # fmt: skip
    _document(
        "Provider manual",
        kind="manual",
        area="physical_health",
        description="How to work with Cascadia Health: eligibility, prior authorization, claims, appeals.",
        versions=[(dt.date(2026, 1, 1), "2026 edition", "provider-manual-2026.pdf", _pdf(
            "Provider manual (2026)",
            ["1. Eligibility and benefits", "2. Prior authorization and the specialty vendor",
             "3. Claims: timely filing is 120 days from the date of service", "4. Appeals and grievances"],
        ))],
    )  # fmt: skip
    _document(
        "Model of Care policy (D-SNP)",
        kind="policy",
        area="medicare",
        description="The Model of Care for Cascadia Advantage Dual and the yearly training it requires.",
        lobs=[lobs["CADSNP"]] if "CADSNP" in lobs else [],
        versions=[(dt.date(2026, 1, 1), "", "model-of-care-policy.pdf", _pdf(
            "Model of Care policy (D-SNP)",
            ["Every provider serving Cascadia Advantage Dual members completes Model of Care training each year."],
        ))],
    )  # fmt: skip
    _document(
        "Contracted dental fee schedule",
        kind="fee_schedule",
        area="dental",
        description="Rates for contracted dental offices. Providers only.",
        providers_only=True,
        versions=[(dt.date(2026, 1, 1), "", "dental-contracted-2026.csv", (
            "code,description,rate_usd\nD0120,Periodic oral evaluation,31.00\nD1110,Prophylaxis - adult,58.00\n"
            f"#,{SYNTHETIC},\n"
        ).encode())],
    )  # fmt: skip

    breach = _update(
        "Members to be notified of recent data breach",
        UpdateCategory.NETWORK_NEWS,
        at(10),
        "Cascadia Health is writing to members whose information was exposed in a vendor's security incident.",
        "A vendor that prints member mail told Cascadia Health of a security incident. Members whose information "
        "was involved get a letter this month with what happened and what they can do.\n\n"
        "Providers do not need to do anything. If a member asks, Provider Services can answer questions.",
    )
    _update(
        "Important changes for non-contracted behavioral health providers",
        UpdateCategory.BEHAVIORAL_HEALTH,
        at(40),
        "A new fee schedule prices claims from behavioral-health providers without a contract from June 1, 2025.",
        "Claims from behavioral-health providers with no contract are priced with the Non-contracted Behavioral "
        "Health Fee Schedule. The schedule effective June 1, 2025 raises every rate by 3%.\n\n"
        "Download it from the document library.",
    )
    fee_update = _update(
        "Provider document update: Non-contracted Behavioral Health Fee Schedule effective June 1, 2025",
        UpdateCategory.BEHAVIORAL_HEALTH,
        at(35),
        "The fee schedule for non-contracted behavioral-health providers effective June 1, 2025 is published.",
        "Version 2 of the Non-contracted Behavioral Health Fee Schedule takes effect on June 1, 2025. Version 1 "
        "is kept in the document library, marked superseded.\n\n"
        f"Download it from the document library: /documents/{fee_schedule.slug}/",
    )
    _update(
        "New in 2026: more than one way to submit prior authorizations",
        UpdateCategory.PRIOR_AUTHORIZATION,
        at(60),
        "From May 1, 2026, Summit Specialty Review handles prior authorization for some specialty services.",
        "For dates of service on or after May 1, 2026, requests for cardiac services, diagnostic imaging, "
        "MSK and interventional pain, sleep medicine and genetic testing go to Summit Specialty Review. Earlier "
        "dates of service stay with the plan.\n\nThe portal's requirement check tells you where each line goes.",
    )
    _update(
        "Timely filing reminder",
        UpdateCategory.CLAIMS_BILLING,
        at(20),
        "Claims must reach Cascadia Health within 120 days of the date of service.",
        "Corrected claims and claims after another payer's decision have their own limits: see the provider manual.",
    )
    _update(
        "Preferred drug list changes for the third quarter",
        UpdateCategory.PHARMACY,
        at(25),
        "Three drugs move to the preferred tier; two need prior authorization from the first of next month.",
        "The full list of changes is in the pharmacy section of the document library.",
    )
    _update(
        "Model of Care training is due for D-SNP providers",
        UpdateCategory.MEDICARE,
        at(15),
        "Providers serving Cascadia Advantage Dual members complete the Model of Care training every year.",
        "Take it in the portal under Training; your administrator sees who is due.",
    )
    Alert.objects.create(
        level=AlertLevel.URGENT,
        title="Members to be notified of recent data breach.",
        audience=AlertAudience.EVERYONE,
        starts_at=at(10),
        update=breach,
    )
    Alert.objects.create(
        level=AlertLevel.IMPORTANT,
        title="Provider document update: Non-contracted Behavioral Health Fee Schedule effective June 1, 2025.",
        audience=AlertAudience.EVERYONE,
        starts_at=at(35),
        ends_at=at(35) + dt.timedelta(days=400),
        update=fee_update,
    )
    if "CADSNP" in lobs:
        Alert.objects.create(
            level=AlertLevel.INFORMATIONAL,
            title="Model of Care training is due for providers serving Cascadia Advantage Dual members.",
            audience=AlertAudience.LINE_OF_BUSINESS,
            line_of_business_id=lobs["CADSNP"],
            starts_at=at(15),
        )
