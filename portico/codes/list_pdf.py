"""The code lists of a line of business on a date as a printable PDF: portrait letter, one section per list
(No-Auth first, then each vendor reviewing on the date), the header row repeated on every page, "Page X of Y".

The same house style as the PCP roster PDF (``members/roster_pdf.py``). Lists are plan reference data: no
member data is ever in this file.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from portico.codes.list_queries import BrowseResult, ListedCode, ListInForce
from portico.common.pdf import numbered_canvas, pdf_fonts

PAGE_SIZE = letter
MARGIN = 0.5 * inch
FOOTER_HEIGHT = 0.4 * inch
COLUMN_WIDTHS = (58, 250, 130, 102)  # 540 points: the width between the margins
FONT_SIZE = 8.5
LEADING = 10.5


def code_lists_filename(*, lob_code: str, day: dt.date, extension: str) -> str:
    return f"prior-auth-code-lists-{slugify(lob_code)}-{day.isoformat()}.{extension}"


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _span(source: ListInForce) -> str:
    if source.ends:
        return _("version %(number)s, for dates of service %(start)s through %(end)s") % {
            "number": source.version.number,
            "start": _date(source.version.effective),
            "end": _date(source.ends),
        }
    return _("version %(number)s, for dates of service from %(start)s") % {
        "number": source.version.number,
        "start": _date(source.version.effective),
    }


def code_lists_pdf_render(result: BrowseResult) -> bytes:
    """Every code of the lists in force (``result.rows`` unfiltered) as PDF bytes."""
    regular, bold = pdf_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11.5, leading=14, spaceBefore=10, spaceAfter=2)
    meta = ParagraphStyle("meta", fontName=regular, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=FONT_SIZE, leading=LEADING)
    head = ParagraphStyle("head", fontName=bold, fontSize=FONT_SIZE, leading=LEADING)
    lists = result.lists
    lob = lists.line_of_business
    story: list[Any] = [
        Paragraph(escape(_("Prior authorization code lists: %(lob)s") % {"lob": lob.name}), title),
        Paragraph(
            escape(
                _("For dates of service on %(date)s. Generated %(now)s.")
                % {
                    "date": _date(lists.day),
                    "now": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
                }
            ),
            meta,
        ),
        Paragraph(
            escape(
                _(
                    "A code on the No-Auth list needs no prior authorization. A code on a specialty vendor's list "
                    "is sent to that vendor. Any other code is sent to %(plan)s."
                )
                % {"plan": lob.plan.name}
            ),
            meta,
        ),
    ]
    for waiting in lists.waiting:
        if waiting.vendor is not None:
            story.append(
                Paragraph(
                    escape(
                        _("%(vendor)s reviews dates of service from %(date)s; its list is not in force on this date.")
                        % {"vendor": waiting.vendor.name, "date": _date(waiting.vendor.starts)}
                    ),
                    meta,
                )
            )
    by_source: dict[int, list[ListedCode]] = {}
    for row in result.rows:
        by_source.setdefault(row.source.version.pk, []).append(row)
    if not lists.in_force:
        story.append(Paragraph(escape(_("No list is published for this line of business on this date.")), heading))
    for source in lists.in_force:
        rows = by_source.get(source.version.pk, [])
        header = [
            Paragraph(escape(text), head)
            for text in (_("Code"), _("Description"), _("Category") if source.vendor else _("Group"), _("Note"))
        ]
        data: list[list[Any]] = [header]
        for row in rows:
            data.append(
                [
                    row.display,
                    Paragraph(escape(row.description or "—"), cell),
                    Paragraph(escape(row.category), cell),
                    Paragraph(escape(row.note), cell),
                ]
            )
        if not rows:
            data.append([_("No codes."), "", "", ""])
        table = LongTable(data, colWidths=list(COLUMN_WIDTHS), repeatRows=1)
        style = [
            ("FONT", (0, 0), (-1, -1), regular, FONT_SIZE, LEADING),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edef")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if not rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        table.setStyle(TableStyle(style))
        what = (
            _("Send to %(vendor)s") % {"vendor": source.vendor.name} if source.vendor else _("No authorization needed")
        )
        story.append(
            KeepTogether(
                [
                    Paragraph(escape(f"{source.code_list.name} · {what}"), heading),
                    Paragraph(escape(_span(source) + " · " + _("%(count)s codes") % {"count": len(rows)}), meta),
                    Spacer(1, 3),
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
        title=_("Prior authorization code lists: %(lob)s") % {"lob": lob.name},
        author=lob.plan.name,
        creator="Portico",
    )
    footer = _("%(plan)s · %(lob)s · code lists for %(date)s") % {
        "plan": lob.plan.name,
        "lob": lob.name,
        "date": _date(lists.day),
    }
    document.build(
        story,
        canvasmaker=numbered_canvas(
            lines=[footer], font=regular, page_size=PAGE_SIZE, margin=MARGIN, footer_height=FOOTER_HEIGHT
        ),
    )
    return buffer.getvalue()
