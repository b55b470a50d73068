"""The certificate of completion: one landscape page with the name, the module, the date and the certificate
number, and where anyone can check that the number is genuine (``/training/verify/``)."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from portico.common.pdf import pdf_fonts
from portico.content.training import CompletionMethod, TrainingCompletion

PLAN_NAME = "Cascadia Health"


def certificate_filename(completion: TrainingCompletion) -> str:
    return f"training-certificate-{completion.certificate_number}.pdf"


def verify_url(completion: TrainingCompletion) -> str:
    base = str(settings.PORTICO_BASE_URL).rstrip("/")
    return f"{base}{reverse('training:verify')}?{urlencode({'number': completion.certificate_number})}"


def certificate_render(completion: TrainingCompletion) -> bytes:
    """The certificate as PDF bytes."""
    regular, bold = pdf_fonts()
    width, height = landscape(letter)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(_("Certificate of completion"))
    canvas.setAuthor(PLAN_NAME)
    canvas.setSubject(completion.certificate_number)
    canvas.setCreator("Portico")
    margin = 0.6 * inch
    canvas.setStrokeColor(colors.HexColor("#0b5e6b"))
    canvas.setLineWidth(3)
    canvas.rect(margin, margin, width - 2 * margin, height - 2 * margin)
    center = width / 2
    canvas.setFillColor(colors.HexColor("#0b5e6b"))
    canvas.setFont(bold, 16)
    canvas.drawCentredString(center, height - 1.3 * inch, PLAN_NAME)
    canvas.setFillColor(colors.black)
    canvas.setFont(bold, 30)
    canvas.drawCentredString(center, height - 2.1 * inch, _("Certificate of completion"))
    canvas.setFont(regular, 14)
    canvas.drawCentredString(center, height - 2.8 * inch, _("This certifies that"))
    canvas.setFont(bold, 24)
    canvas.drawCentredString(center, height - 3.4 * inch, completion.subject_name)
    canvas.setFont(regular, 14)
    canvas.drawCentredString(center, height - 4.0 * inch, _("completed the training"))
    canvas.setFont(bold, 18)
    canvas.drawCentredString(center, height - 4.5 * inch, completion.module.title)
    canvas.setFont(regular, 14)
    on = formats.date_format(completion.completed_on, "DATE_FORMAT")
    canvas.drawCentredString(center, height - 5.1 * inch, _("on %(date)s") % {"date": on})
    details = [_("Certificate number: %(number)s") % {"number": completion.certificate_number}]
    if completion.method == CompletionMethod.QUIZ and completion.score_percent is not None:
        details.append(_("Quiz passed with %(score)s%% of answers right") % {"score": completion.score_percent})
    elif completion.method == CompletionMethod.RECORDED and completion.organization is not None:
        details.append(
            _("Recorded by %(organization)s, a Cascadia Health network provider")
            % {"organization": completion.organization.legal_name}
        )
    details.append(_("Check this certificate at %(url)s") % {"url": verify_url(completion)})
    canvas.setFont(regular, 10)
    y = 1.55 * inch
    for line in details:
        canvas.drawCentredString(center, y, line)
        y -= 0.22 * inch
    canvas.setFont(regular, 8)
    canvas.setFillColor(colors.grey)
    canvas.drawCentredString(center, margin + 0.15 * inch, _("Demonstration system: Cascadia Health is fictional."))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
