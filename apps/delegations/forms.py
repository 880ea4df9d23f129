"""Portal forms: a delegate, the credentials letter, the designations."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SubmitOnceMixin
from apps.core.validators import REASON_MAX_LENGTH
from apps.delegations.files import ProtectedFileLinkMixin, validate_letter
from apps.delegations.models import AccreditationStatus, Delegate, Delegation
from apps.delegations.services.delegates import DELEGATE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class ProtectedClearableFileInput(ProtectedFileLinkMixin, forms.ClearableFileInput):
    pass


class DelegateForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Delegate
        fields = list(DELEGATE_FIELDS)
        widgets = {
            "arrival_date": DateInput(),
            "departure_date": DateInput(),
            "photo": ProtectedClearableFileInput(),
        }

    def __init__(self, *args, photo_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "photo" in self.fields:
            self.fields["photo"].widget.protected_url = photo_url

    def changes(self) -> dict:
        """The values to hand to the service; an untouched photo is left as it is."""
        data = {name: self.cleaned_data.get(name) for name in DELEGATE_FIELDS}
        if data["photo"] is None:
            data.pop("photo")
        elif data["photo"] is False:
            data["photo"] = ""
        for name in ("family_name_native", "given_names_native", "honorific", "position", "phone"):
            data[name] = data[name] or ""
        data["email"] = data["email"] or ""
        data["languages"] = list(data["languages"] or [])
        return data


class DelegateCreateForm(SubmitOnceMixin, DelegateForm):
    """Adding a delegate: sent twice (a double click, a reload), it adds one."""


class CredentialsUploadForm(forms.Form):
    letter = forms.FileField(
        label=_("Letter from the competent authority"),
        validators=[validate_letter],
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    issued_by = forms.CharField(label=_("Issued by"), max_length=200)
    issued_on = forms.DateField(label=_("Date of the letter"), required=False, widget=DateInput())


class DesignationForm(forms.Form):
    """Only approved delegates of this delegation can be chosen: anything else is invalid."""

    head = forms.ModelChoiceField(
        label=_("Head of delegation"), queryset=Delegate.objects.none(), required=False
    )
    voting_delegate = forms.ModelChoiceField(
        label=_("Voting delegate"), queryset=Delegate.objects.none(), required=False
    )
    alternate = forms.ModelChoiceField(
        label=_("Alternate"), queryset=Delegate.objects.none(), required=False
    )

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        choices = delegation.delegates.filter(
            accreditation_status=AccreditationStatus.APPROVED
        ).order_by("family_name", "given_names")
        for name in ("head", "voting_delegate", "alternate"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = choices


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea
    )


class ContestForm(forms.Form):
    note = forms.CharField(
        label=_("Committee note"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the focal point"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("The file holds"),
        choices=[("delegations", _("delegations")), ("delegates", _("delegates"))],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Latin-1, comma or semicolon) or XLSX, first row the headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
