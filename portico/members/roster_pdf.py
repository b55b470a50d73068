"""A PCP roster as a printable PDF: landscape letter, the header row repeated on every page, "Page X of Y".

Members' data never goes into the file name or the PDF's metadata; the footer of every page says the file
contains protected health information (and, for demonstration data, that it is synthetic).
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from portico.common.pdf import numbered_canvas, pdf_fonts
from portico.members.rosters import Roster, RosterRow

PAGE_SIZE = landscape(letter)
COLUMN_WIDTHS = (66, 150, 58, 110, 120, 62, 48, 106)  # 720 points: the width between the margins
CELL_PADDING = 4
CELL_V_PADDING = 2
FONT_SIZE = 8
LEADING = 9.5
MARGIN = 0.5 * inch
FOOTER_HEIGHT = 0.45 * inch


def roster_filename(roster: Roster, *, extension: str) -> str:
    """roster-<location or practitioner>-<date>.<extension>: names the clinic, never a member."""
    slug = slugify(roster.subject_name) or roster.subject_kind
    return f"roster-{slug}-{roster.as_of.isoformat()}.{extension}"


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _footer_lines(roster: Roster) -> list[str]:
    lines = [_("Contains protected health information. Minimum necessary use only.")]
    if roster.synthetic:
        lines.append(_("Synthetic demonstration data"))
    return lines


def _cell(text: str, *, width: float, style: ParagraphStyle) -> Any:
    """Plain text when it fits on one line (fast to lay out), a wrapping paragraph when it does not."""
    if stringWidth(text, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING:
        return text
    return Paragraph(escape(text), style)


def _row_height(cells: list[Any]) -> float:
    """The row's height, worked out once here: left to the table, each page split would redo every row."""
    height = LEADING
    for value, width in zip(cells, COLUMN_WIDTHS, strict=True):
        if isinstance(value, Paragraph):
            height = max(height, value.wrap(width - 2 * CELL_PADDING, 10_000)[1])
    return height + 2 * CELL_V_PADDING


def _row_cells(row: RosterRow, *, roster: Roster, style: ParagraphStyle) -> list[Any]:
    pcp = row.location_name if roster.location is None else row.practitioner_name
    texts = [
        row.member_number,
        row.display_name,
        _date(row.birth_date),
        row.line_of_business or "—",
        pcp,
        _date(row.assignment_start),
        _("Yes") if row.eligible_on_date else _("No"),
        "; ".join(row.flag_labels()),
    ]
    return [_cell(text, width=width, style=style) for text, width in zip(texts, COLUMN_WIDTHS, strict=True)]


def roster_pdf_render(roster: Roster) -> bytes:
    """The whole roster (every row in ``roster.rows``) as PDF bytes."""
    regular, bold = pdf_fonts()
    title_style = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceAfter=6)
    meta_style = ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=12)
    warn_style = ParagraphStyle("warn", fontName=bold, fontSize=9.5, leading=12, textColor=colors.darkred)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=FONT_SIZE, leading=LEADING)
    head = ParagraphStyle("head", fontName=bold, fontSize=FONT_SIZE, leading=LEADING)

    subject_label = _("Service location") if roster.location is not None else _("Practitioner")
    generated = timezone.localtime(roster.generated_at)
    facts = [
        (_("Organization"), roster.organization_name),
        (subject_label, roster.subject_name),
        (_("As of"), _date(roster.as_of)),
        (_("Generated"), formats.date_format(generated, "SHORT_DATETIME_FORMAT")),
        (_("Members listed"), str(roster.total)),
    ]
    story: list[Any] = [Paragraph(escape(_("PCP roster")), title_style)]
    story += [Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", meta_style) for label, value in facts]
    if roster.synthetic:
        story.append(Paragraph(escape(_("Synthetic demonstration data")), warn_style))
    story.append(Spacer(1, 8))

    pcp_heading = _("Location") if roster.location is None else _("PCP")
    header = [
        Paragraph(escape(text), head)
        for text in (
            _("Member ID"),
            _("Name"),
            # Translators: a narrow column heading of the PDF roster; abbreviate so that no word is split.
            pgettext("narrow column", "Date of birth"),
            _("Line of business"),
            pcp_heading,
            _("Assignment start"),
            _("Eligible on date"),
            _("Flags"),
        )
    ]
    data: list[list[Any]] = [header] + [_row_cells(row, roster=roster, style=cell) for row in roster.rows]
    if not roster.rows:
        data.append([_("No members match."), "", "", "", "", "", "", ""])
    table = LongTable(
        data,
        colWidths=list(COLUMN_WIDTHS),
        rowHeights=[_row_height(row) for row in data],
        repeatRows=1,
    )
    style = [
        ("FONT", (0, 0), (-1, -1), regular, FONT_SIZE, LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edef")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c9d1d9")),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_V_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_V_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    if not roster.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    story.append(table)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=_("PCP roster"),
        author=roster.organization_name,
        subject=roster.subject_name,
        creator="Portico",
    )
    document.build(
        story,
        canvasmaker=numbered_canvas(
            lines=_footer_lines(roster), font=regular, page_size=PAGE_SIZE, margin=MARGIN, footer_height=FOOTER_HEIGHT
        ),
    )
    return buffer.getvalue()
