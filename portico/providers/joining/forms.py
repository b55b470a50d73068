"""Forms of "Join our network": they render the fields and carry what was typed; the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.plans.models import LineOfBusiness
from portico.providers.joining.models import DocumentKind, NetworkApplication
from portico.providers.joining.services import kinds


def _text(label: Any, *, help_text: Any = "", **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.TextInput(attrs=attrs))


class StartForm(forms.Form):
    legal_name = _text(_("Organization's legal name"), autocomplete="organization", required="required")
    contact_name = _text(_("Your name"), autocomplete="name", required="required")
    contact_email = _text(
        _("Your email"),
        help_text=_("We send the private link to continue the application and follow its status here."),
        type="email",
        autocomplete="email",
        required="required",
    )


class OrganizationForm(forms.Form):
    legal_name = _text(_("Legal name"), autocomplete="organization")
    tin = _text(_("Tax identification number (TIN)"), inputmode="numeric")
    group_npi = _text(_("Organization NPI"), inputmode="numeric", help_text=_("The type 2 (organization) NPI."))
    kind = forms.ChoiceField(label=_("Kind of organization"), required=False)
    taxonomy_code = _text(_("Taxonomy code"), help_text=_("The NUCC code of the organization, such as 261QF0400X."))
    address_line1 = _text(_("Street address"), autocomplete="address-line1")
    city = _text(_("City"), autocomplete="address-level2")
    state = _text(_("State"), autocomplete="address-level1", maxlength="2")
    postal_code = _text(_("ZIP code"), autocomplete="postal-code", inputmode="numeric")
    phone = _text(_("Phone"), type="tel", autocomplete="tel")
    lines_of_business = forms.MultipleChoiceField(
        label=_("Lines of business you want to join"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose…")), *kinds()]  # type: ignore[attr-defined]
        self.fields["lines_of_business"].choices = [  # type: ignore[attr-defined]
            (str(pk), name) for pk, name in LineOfBusiness.objects.order_by("name").values_list("pk", "name")
        ]

    @classmethod
    def for_application(cls, application: NetworkApplication, data: Any = None) -> OrganizationForm:
        initial = {name: getattr(application, name) for name in cls.base_fields if name != "lines_of_business"}
        initial["lines_of_business"] = [str(pk) for pk in application.lines_of_business.values_list("pk", flat=True)]
        return cls(data, initial=initial)


class PractitionerForm(forms.Form):
    npi = _text(_("NPI"), inputmode="numeric")
    first_name = _text(_("First name"))
    last_name = _text(_("Last name"))
    credentials = _text(_("Credentials (optional)"), help_text=_("Such as MD, DO, FNP-C."))
    taxonomy_code = _text(_("Taxonomy code (optional)"))
    license_state = _text(_("License state"), maxlength="2")
    license_number = _text(_("License number"))
    license_expires = _text(_("License expires"), type="date")


PractitionerFormSet = forms.formset_factory(PractitionerForm, extra=1, max_num=50)


def practitioner_formset(application: NetworkApplication, data: Any = None, extra: int = 1) -> Any:
    initial = [
        {
            "npi": p.npi,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "credentials": p.credentials,
            "taxonomy_code": p.taxonomy_code,
            "license_state": p.license_state,
            "license_number": p.license_number,
            "license_expires": p.license_expires.isoformat(),
        }
        for p in application.practitioners.all()
    ]
    formset_class = forms.formset_factory(PractitionerForm, extra=extra, max_num=50)
    return formset_class(data, initial=initial, prefix="practitioner")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the document is"), choices=DocumentKind.choices)
    document = forms.FileField(
        label=_("File"), required=False, help_text=_("A PDF or an image (PNG, JPEG, TIFF, GIF).")
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        help_text=_("The applicant reads it in the email."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
