"""The determination letter a decision produces: letter-size PDF in the house style of the PCP roster.

It says what was decided on the line (units and dates), for a denial or a partial approval the specific reason
and the criteria or policy cited (CMS-0057-F), the provider's appeal rights and how to use them, and whom to
contact. Members' data never goes into the file name or the PDF's metadata.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portico.authorizations.models import AuthorizationDecision, AuthorizationLine, DecisionOutcome, LineRoute
from portico.codes.requirements import plan_review_contact, vendor_contact
from portico.common.pdf import numbered_canvas, pdf_fonts

MARGIN = 0.75 * inch
FOOTER_HEIGHT = 0.45 * inch
ADVERSE = (DecisionOutcome.DENIED, DecisionOutcome.PARTIALLY_APPROVED)


def appeal_days() -> int:
    return int(settings.PORTICO.get("AUTH_APPEAL_DAYS", 60))


def letter_filename(decision: AuthorizationDecision) -> str:
    """determination-<request number>-line-<n>-<decision id>.pdf: names the request, never the member."""
    line = decision.line
    return f"determination-{line.request.number}-line-{line.number}-{decision.pk}.pdf"


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return "—"
    return _date(start) if end in (None, start) else f"{_date(start)} \u2013 {_date(end)}"


def _title(decision: AuthorizationDecision) -> str:
    if decision.outcome == DecisionOutcome.DENIED:
        return _("Prior-authorization determination: denied")
    if decision.outcome == DecisionOutcome.PARTIALLY_APPROVED:
        return _("Prior-authorization determination: partially approved")
    if decision.outcome == DecisionOutcome.WITHDRAWN:
        return _("Prior-authorization request withdrawn")
    return _("Prior-authorization determination: approved")


def _contact(line: AuthorizationLine) -> tuple[str, str, str]:
    """(name, phone, fax) of who decided the line."""
    if line.route == LineRoute.VENDOR and line.vendor is not None:
        found = vendor_contact(line.vendor)
    else:
        assert line.request.line_of_business is not None
        found = plan_review_contact(line_of_business=line.request.line_of_business)
    return found.name, found.phone, found.fax


def letter_render(decision: AuthorizationDecision) -> bytes:
    """The letter for one decision, as PDF bytes."""
    line = decision.line
    row = line.request
    regular, bold = pdf_fonts()
    title_style = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=8)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceAfter=4)
    meta = ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=12)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName=bold, fontSize=9, leading=11)
    warn = ParagraphStyle("warn", fontName=bold, fontSize=9.5, leading=12, textColor=colors.darkred)

    plan = row.line_of_business.plan.name if row.line_of_business else ""
    contact_name, phone, fax = _contact(line)
    member = row.member
    written = timezone.localtime(decision.decided_at)
    facts = [
        (_("Date"), formats.date_format(written, "SHORT_DATE_FORMAT")),
        (_("Authorization number"), row.number or ""),
        (_("Provider organization"), row.organization.legal_name),
        (_("Member"), f"{member.last_name}, {member.first_name} · {member.member_number}" if member else "—"),
        (_("Line of business"), row.line_of_business.name if row.line_of_business else "—"),
        (_("Urgency"), str(row.get_urgency_display())),
        (_("Received"), formats.date_format(timezone.localtime(row.submitted_at), "SHORT_DATETIME_FORMAT")),
        (_("Reviewed by"), contact_name),
    ]
    story: list[Any] = [Paragraph(escape(plan), heading), Paragraph(escape(_title(decision)), title_style)]
    story += [Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", meta) for label, value in facts]
    if member is not None and member.is_synthetic:
        story.append(Paragraph(escape(_("Synthetic demonstration data")), warn))
    if decision.on_appeal:
        story.append(Paragraph(escape(_("This decision was made on the provider's appeal.")), heading))

    story.append(Paragraph(escape(_("What was decided")), heading))
    decided_units = "—" if decision.units is None else str(decision.units)
    table = Table(
        [
            [Paragraph(escape(t), head) for t in (_("Line"), _("Service"), _("Requested"), _("Decision"))],
            [
                str(line.number),
                Paragraph(escape(line.code + "".join(f"-{m}" for m in line.modifiers)), cell),
                Paragraph(
                    escape(
                        _("%(units)s unit(s), %(dates)s") % {"units": line.units, "dates": _dates(line.start, line.end)}
                    ),
                    cell,
                ),
                Paragraph(
                    escape(str(decision.get_outcome_display()))
                    + (
                        "<br/>"
                        + escape(
                            _("%(units)s unit(s), %(dates)s")
                            % {"units": decided_units, "dates": _dates(decision.start, decision.end)}
                        )
                        if decision.outcome in (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED)
                        else ""
                    ),
                    cell,
                ),
            ],
        ],
        colWidths=[40, 120, 160, 170],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9, 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edef")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
            ]
        )
    )
    story.append(table)

    if decision.reason:
        label = _("Reason for the decision") if decision.outcome in ADVERSE else _("Note")
        story += [Paragraph(escape(label), heading), Paragraph(escape(decision.reason).replace("\n", "<br/>"), body)]
    if decision.criteria:
        story += [
            Paragraph(escape(_("Criteria or policy applied")), heading),
            Paragraph(escape(decision.criteria), body),
        ]
    if decision.outcome in ADVERSE:
        story.append(Paragraph(escape(_("Your right to appeal")), heading))
        story.append(
            Paragraph(
                escape(
                    _(
                        "You may appeal this decision within %(days)s days of the date of this letter. Open "
                        "authorization %(number)s in the provider portal and choose “Appeal this line”, with your "
                        "reasons and any records that support the request; or call %(phone)s or fax %(fax)s. If "
                        "waiting could seriously jeopardize the member's health, ask for an expedited appeal. You may "
                        "also ask to discuss this decision with the reviewer (a peer-to-peer conversation). The "
                        "criteria used are available on request at no cost."
                    )
                    % {"days": appeal_days(), "number": row.number, "phone": phone or "—", "fax": fax or "—"}
                ),
                body,
            )
        )
    elif decision.outcome == DecisionOutcome.APPROVED:
        story.append(
            Paragraph(
                escape(
                    _(
                        "Put authorization number %(number)s on the claim. An approval is not a guarantee of "
                        "payment: the member must be eligible on the date of service and the claim is subject to "
                        "the plan's terms."
                    )
                    % {"number": row.number}
                ),
                body,
            )
        )
    story.append(Paragraph(escape(_("Questions")), heading))
    story.append(
        Paragraph(
            escape(
                _("Call %(name)s at %(phone)s (fax %(fax)s), and give the authorization number.")
                % {"name": contact_name, "phone": phone or "—", "fax": fax or "—"}
            ),
            body,
        )
    )
    story.append(Spacer(1, 6))

    footer = [_("Contains protected health information. Minimum necessary use only.")]
    if member is not None and member.is_synthetic:
        footer.append(_("Synthetic demonstration data"))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=_("Prior-authorization determination"),
        author=plan,
        subject=row.number or "",
        creator="Portico",
    )
    document.build(
        story,
        canvasmaker=numbered_canvas(
            lines=footer, font=regular, page_size=letter, margin=MARGIN, footer_height=FOOTER_HEIGHT
        ),
    )
    return buffer.getvalue()
