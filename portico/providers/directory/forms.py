"""Forms of the directory pages: they render the fields and carry what was typed; the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portico.providers.models import AccessibilityFeature, Practitioner, ServiceLocation

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _text(label: Any, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=attrs))


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("Note to provider relations (optional)"),
        required=False,
        help_text=_("Why the change, or when it takes effect. No patient information."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
    )


def _yes_no(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)


class LocationChangeForm(forms.Form):
    address_line1 = _text(_("Street address"), autocomplete="address-line1", required="required")
    city = _text(_("City"), autocomplete="address-level2", required="required")
    state = _text(_("State"), autocomplete="address-level1", maxlength="2", required="required")
    postal_code = _text(_("ZIP code"), autocomplete="postal-code", inputmode="numeric", required="required")
    phone = _text(_("Phone"), type="tel", autocomplete="tel", required="required")
    hours = forms.CharField(
        label=_("Hours"),
        required=False,
        help_text=_("For example: Mon-Fri 8:00-17:00; Sat 9:00-12:00"),
        widget=forms.TextInput(attrs={"maxlength": "200"}),
    )
    accepting_new_patients = _yes_no(_("Accepting new patients"))
    telehealth = _yes_no(_("Offers telehealth visits"))
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Languages spoken with patients, separated by commas."),
        widget=forms.TextInput(),
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=AccessibilityFeature.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = _note()

    @classmethod
    def for_location(cls, location: ServiceLocation, data: Any = None) -> LocationChangeForm:
        initial = {
            "address_line1": location.address_line1,
            "city": location.city,
            "state": location.state,
            "postal_code": location.postal_code,
            "phone": location.phone,
            "hours": location.hours,
            "accepting_new_patients": "yes" if location.accepting_new_patients else "no",
            "telehealth": "yes" if location.telehealth else "no",
            "languages": ", ".join(location.languages or []),
            "accessibility": list(location.accessibility or []),
        }
        return cls(data, initial=initial)


class PractitionerChangeForm(forms.Form):
    accepting_new_patients = _yes_no(_("Accepting new patients"))
    telehealth = _yes_no(_("Offers telehealth visits"))
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Languages the practitioner speaks with patients, separated by commas."),
    )
    note = _note()

    @classmethod
    def for_practitioner(cls, practitioner: Practitioner, data: Any = None) -> PractitionerChangeForm:
        initial = {
            "accepting_new_patients": "yes" if practitioner.accepting_new_patients else "no",
            "telehealth": "yes" if practitioner.telehealth else "no",
            "languages": ", ".join(practitioner.languages or []),
        }
        return cls(data, initial=initial)


def proposal_data(form: forms.Form) -> dict[str, Any]:
    """What the form posted, as the change service reads it (every field but the note)."""
    data: dict[str, Any] = {}
    for name in form.fields:
        if name == "note":
            continue
        if isinstance(form.fields[name], forms.MultipleChoiceField):
            data[name] = form.data.getlist(name)  # type: ignore[attr-defined]
        else:
            data[name] = form.data.get(name, "")
    return data


class DirectorySearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, help_text=_("A practitioner, clinic or organization."))
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    place = forms.CharField(
        label=_("City or ZIP code"),
        required=False,
        help_text=_("A city, a ZIP code, or the first three digits of a ZIP code for the area around it."),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    accepting = forms.BooleanField(label=_("Accepting new patients"), required=False)

    def __init__(self, *args: Any, specialties: list[tuple[str, str]], languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [("", _("Any specialty")), *specialties]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("Any language")), *((v, v) for v in languages)]  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    apply_fields = forms.MultipleChoiceField(
        label=_("Fields to apply"), required=False, widget=forms.CheckboxSelectMultiple
    )
    staff_note = forms.CharField(
        label=_("Note to the organization"),
        required=False,
        help_text=_("Required when you return the change without applying any field."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
    )

    def __init__(self, *args: Any, fields: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["apply_fields"].choices = fields  # type: ignore[attr-defined]
        self.fields["apply_fields"].initial = [name for name, _label in fields]
