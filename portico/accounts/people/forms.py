"""The forms of the organization pages. They render the fields and carry what was typed; the services check it
and name each field at fault (``errors_onto`` puts their messages next to the fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from portico.accounts.models import ProviderRole
from portico.common.errors import ValidationFailed


def _text(label: Any, *, autocomplete: str = "", optional: bool = False, **attrs: str) -> forms.CharField:
    widget_attrs = {"autocomplete": autocomplete} if autocomplete else {}
    if not optional:
        widget_attrs["required"] = "required"
    widget_attrs.update(attrs)
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs=widget_attrs))


def errors_onto(form: forms.Form, failure: ValidationFailed) -> None:
    """Put a service's field errors on the form (those for no field of the form become non-field errors)."""
    for name, messages in failure.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class RegistrationForm(forms.Form):
    legal_name = _text(_("Legal name"), autocomplete="organization")
    tin = _text(_("Tax identification number (TIN)"), inputmode="numeric", spellcheck="false")
    npis = forms.CharField(
        label=_("NPIs"),
        required=False,
        help_text=_("The organization's NPI and its practitioners' NPIs, separated by commas or on separate lines."),
        widget=forms.Textarea(attrs={"rows": 3, "required": "required", "spellcheck": "false"}),
    )
    address_line1 = _text(_("Street address"), autocomplete="address-line1")
    address_line2 = _text(_("Suite or floor (optional)"), autocomplete="address-line2", optional=True)
    city = _text(_("City"), autocomplete="address-level2")
    state = _text(_("State"), autocomplete="address-level1", maxlength="2")
    postal_code = _text(_("ZIP code"), autocomplete="postal-code", inputmode="numeric")
    admin_first_name = _text(_("First name"), autocomplete="section-admin given-name")
    admin_last_name = _text(_("Last name"), autocomplete="section-admin family-name")
    admin_email = _text(_("Email"), autocomplete="section-admin email", type="email")
    admin_phone = _text(_("Phone"), autocomplete="section-admin tel", type="tel")
    backup_first_name = _text(_("First name"), autocomplete="section-backup given-name")
    backup_last_name = _text(_("Last name"), autocomplete="section-backup family-name")
    backup_email = _text(_("Email"), autocomplete="section-backup email", type="email")
    backup_phone = _text(_("Phone"), autocomplete="section-backup tel", type="tel")


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=ProviderRole.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The Administrator role includes every other role, and managing people."),
            **kwargs,
        )

    def valid_value(self, value: Any) -> bool:
        return True  # the service says which values are not roles


class InviteForm(forms.Form):
    first_name = _text(_("First name"), autocomplete="off")
    last_name = _text(_("Last name"), autocomplete="off")
    email = _text(_("Email"), autocomplete="off", type="email")
    roles = RolesField(label=_("Roles"))


class RolesForm(forms.Form):
    roles = RolesField(label=_("Roles"))


class AcceptForm(forms.Form):
    first_name = _text(_("First name"), autocomplete="given-name")
    last_name = _text(_("Last name"), autocomplete="family-name")
    username = _text(_("Username"), autocomplete="username", spellcheck="false", autocapitalize="none")
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "required": "required"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "required": "required"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = " ".join(str(text) for text in password_validators_help_texts())


class ApproveForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Network organization"), coerce=int, required=False)
    unmatched_npis_checked = forms.BooleanField(
        label=_("I checked the NPIs that did not match, and approve anyway."), required=False
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(c.pk, f"{c.legal_name} (NPI {c.group_npi or '—'})") for c in candidates]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        help_text=_("The applicant reads it in the email. Say what they can do about it."),
        widget=forms.Textarea(attrs={"rows": 3, "required": "required"}),
    )
