"""The remittance advice as a letter-size PDF, in the house style of the determination letter and PCP roster:
the payment, then each claim with its lines and every adjustment (group, CARC, RARC, amount, the explanation),
then the provider-level adjustments. Members' data never goes into the file name or the PDF's metadata.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portico.common.money import money_text
from portico.common.pdf import numbered_canvas, pdf_fonts
from portico.payments.models import Payment

MARGIN = 0.6 * inch
FOOTER_HEIGHT = 0.45 * inch


def remittance_filename(payment: Payment) -> str:
    """remittance-<trace or check number>.pdf: names the payment, never a member."""
    return f"remittance-{payment.trace_number}.pdf"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else money_text(value)


def remittance_render(payment: Payment) -> bytes:
    """The remittance advice of one payment (fetched with ``access_payment``), as PDF bytes."""
    regular, bold = pdf_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4)
    meta = ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=12)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5)
    warn = ParagraphStyle("warn", fontName=bold, fontSize=9.5, leading=12, textColor=colors.darkred)
    grid = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edef")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
        ]
    )

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text), style)

    facts = [
        (_("Payee"), payment.payee_name),
        (_("TIN"), payment.tin),
        (_("Billing NPI"), payment.npi or "—"),
        (_("Payment method"), str(payment.get_method_display())),
        (_("EFT trace or check number"), payment.trace_number),
        (_("Payment date"), formats.date_format(payment.payment_date, "SHORT_DATE_FORMAT")),
        (_("Claims paid"), _money(payment.claims_total)),
        (_("Provider-level adjustments"), _money(payment.adjustments_total)),
        (_("Payment amount"), _money(payment.amount)),
    ]
    story: list[Any] = [Paragraph(escape(_("Remittance advice")), title)]
    story += [Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", meta) for label, value in facts]
    synthetic = False
    for paid in payment.claims.all():
        claim = paid.claim
        member = claim.member
        synthetic = synthetic or bool(member and member.is_synthetic)
        who = f"{member.last_name}, {member.first_name} · {member.member_number}" if member else claim.member_id_given
        story.append(
            Paragraph(
                escape(
                    _("Claim %(icn)s · %(member)s · account %(account)s")
                    % {"icn": claim.icn, "member": who, "account": claim.patient_account_number or "—"}
                ),
                heading,
            )
        )
        story.append(
            p(
                _("Charged %(charge)s · paid %(paid)s · member responsibility %(pr)s")
                % {
                    "charge": _money(paid.charge),
                    "paid": _money(paid.paid),
                    "pr": _money(paid.member_responsibility),
                },
                meta,
            )
        )
        rows: list[list[Any]] = [
            [p(t, head) for t in (_("Line"), _("Service"), _("Charge"), _("Allowed"), _("Paid"), _("Adjustments"))]
        ]
        for line in claim.lines.all():
            service = (line.revenue_code + " " if line.revenue_code else "") + line.code
            service += "".join(f"-{m}" for m in line.modifiers or [])
            if line.service_from:
                service += " · " + formats.date_format(line.service_from, "SHORT_DATE_FORMAT")
            adjustments = "<br/>".join(
                escape(
                    f"{a.group}-{a.reason}{' ' + a.remark if a.remark else ''} {_money(a.amount)}: {a.explanation_text}"
                )
                for a in line.adjustments.all()
            )
            rows.append(
                [
                    str(line.number),
                    p(f"{service} · {line.get_status_display()}"),
                    _money(line.charge),
                    _money(line.allowed),
                    _money(line.paid),
                    Paragraph(adjustments or "—", cell),
                ]
            )
        table = Table(rows, colWidths=[30, 120, 55, 55, 55, 190], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    provider_adjustments = list(payment.adjustments.all())
    if provider_adjustments:
        story.append(Paragraph(escape(_("Provider-level adjustments")), heading))
        rows = [[p(t, head) for t in (_("Reason"), _("Reference"), _("Amount"), _("Explanation"))]]
        rows += [
            [p(f"{a.reason} {a.get_reason_display()}"), p(a.reference or "—"), _money(a.amount), p(a.note or "—")]
            for a in provider_adjustments
        ]
        table = Table(rows, colWidths=[120, 90, 70, 225], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    if synthetic:
        story += [Spacer(1, 6), Paragraph(escape(_("Synthetic demonstration data")), warn)]

    footer = [_("Contains protected health information. Minimum necessary use only.")]
    if synthetic:
        footer.append(_("Synthetic demonstration data"))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=_("Remittance advice"),
        subject=payment.trace_number,
        creator="Portico",
    )
    document.build(
        story,
        canvasmaker=numbered_canvas(
            lines=footer, font=regular, page_size=letter, margin=MARGIN, footer_height=FOOTER_HEIGHT
        ),
    )
    return buffer.getvalue()
