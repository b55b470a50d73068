"""A fee schedule version as a printable PDF: portrait letter, the header row repeated on every page,
"Page X of Y" — the house style of the code-list and roster PDFs. Plan reference data only, no member data."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from portico.common.pdf import numbered_canvas, pdf_fonts
from portico.pricing.models import FeeSchedule, FeeScheduleVersion, MpfsLocality, PricingMethod
from portico.pricing.queries import RateRow

PAGE_SIZE = letter
MARGIN = 0.5 * inch
FOOTER_HEIGHT = 0.4 * inch
FONT_SIZE = 8.5
MAX_ROWS = 3000  # about 70 pages; a Medicare-derived schedule (~17,000 codes) is for the CSV
LEADING = 10.5


def _money(value: object) -> str:
    return f"${value}" if value is not None else "—"


def _span(version: FeeScheduleVersion) -> str:
    start = formats.date_format(version.effective_start, "SHORT_DATE_FORMAT")
    if version.effective_end:
        end = formats.date_format(version.effective_end, "SHORT_DATE_FORMAT")
        return _("Version %(number)s, for dates of service %(start)s through %(end)s.") % {
            "number": version.number,
            "start": start,
            "end": end,
        }
    return _("Version %(number)s, for dates of service from %(start)s.") % {"number": version.number, "start": start}


def fee_schedule_pdf_render(
    *, schedule: FeeSchedule, version: FeeScheduleVersion, rows: Sequence[RateRow], locality: MpfsLocality | None
) -> bytes:
    regular, bold = pdf_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    meta = ParagraphStyle("meta", fontName=regular, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=FONT_SIZE, leading=LEADING)
    head = ParagraphStyle("head", fontName=bold, fontSize=FONT_SIZE, leading=LEADING)
    mpfs = schedule.method == PricingMethod.MPFS
    story: list[Any] = [
        Paragraph(escape(schedule.name), title),
        Paragraph(escape(_span(version)), meta),
        Paragraph(
            escape(
                _("Generated %(now)s.") % {"now": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")}
            ),
            meta,
        ),
    ]
    if schedule.description:
        story.append(Paragraph(escape(schedule.description), meta))
    if mpfs and version.mpfs_release:
        basis = _(
            "%(pct)s%% of the Medicare physician fee schedule: relative values of %(release)s, conversion factor "
            "%(cf)s, %(year)s GPCIs"
        ) % {
            "pct": version.percentage,
            "release": version.mpfs_release.name,
            "cf": version.conversion_factor,
            "year": version.gpci_year,
        }
        if locality:
            basis += " · " + _("locality %(name)s (%(counties)s)") % {
                "name": locality.name,
                "counties": locality.counties,
            }
        story.append(Paragraph(escape(basis + "."), meta))
    story.append(Spacer(1, 6))
    titles = [_("Code"), _("Modifier"), _("Description")]
    titles += [_("Non-facility rate"), _("Facility rate")] if mpfs else [_("Rate")]
    widths = [50, 50, 300, 70, 70] if mpfs else [60, 60, 340, 80]
    data: list[list[Any]] = [[Paragraph(escape(text), head) for text in titles]]
    for row in rows:
        line: list[Any] = [row.code, row.modifier or "—", Paragraph(escape(row.description or "—"), cell)]
        line.append(_money(row.rate))
        if mpfs:
            line.append(_money(row.facility_rate if row.facility_rate is not None else row.rate))
        data.append(line)
    if not rows:
        data.append([_("No rates."), *[""] * (len(titles) - 1)])
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, FONT_SIZE, LEADING),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edef")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story.append(table)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=schedule.name,
        creator="Portico",
    )
    footer = f"{schedule.name} · " + _span(version)
    document.build(
        story,
        canvasmaker=numbered_canvas(
            lines=[footer], font=regular, page_size=PAGE_SIZE, margin=MARGIN, footer_height=FOOTER_HEIGHT
        ),
    )
    return buffer.getvalue()
