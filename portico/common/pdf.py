"""What every PDF Portico draws shares: the fonts."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
