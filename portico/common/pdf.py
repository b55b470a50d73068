"""What every PDF Portico draws shares: the fonts, and the footer with "Page X of Y"."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# DejaVu covers every name and description the plan may hold; the built-in Helvetica (Latin-1 only) is the
# fallback on a machine without it.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def pdf_fonts() -> tuple[str, str]:
    """(regular, bold) font names, registering DejaVu Sans once if the machine has it."""
    if "PorticoSans" in pdfmetrics.getRegisteredFontNames():
        return "PorticoSans", "PorticoSans-Bold"
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("PorticoSans", str(regular)))
            pdfmetrics.registerFont(TTFont("PorticoSans-Bold", str(bold)))
            return "PorticoSans", "PorticoSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def numbered_canvas(
    *, lines: Sequence[str], font: str, page_size: tuple[float, float], margin: float, footer_height: float
) -> type[Canvas]:
    """A canvas that holds every page until the end, so each footer can say "Page X of Y" under its lines."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _height = page_size
            top = margin + footer_height
            self.saveState()
            self.setStrokeColor(colors.grey)
            self.line(margin, top - 4, width - margin, top - 4)
            self.setFont(font, 8)
            y = top - 16
            for text in lines:
                self.drawString(margin, y, text)
                y -= 10
            self.drawRightString(
                width - margin, top - 16, _("Page %(number)s of %(total)s") % {"number": number, "total": total}
            )
            self.restoreState()

    return NumberedCanvas
