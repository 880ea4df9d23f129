"""The public media-accreditation form, and the organisers' refusal form in the admin."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from apps.core.validators import REASON_MAX_LENGTH, validate_single_line
from apps.delegations.models import MemberCountry

CONSENT_TEXT = _(
    "I agree that the organisers keep the details and the photo above to decide on my "
    "accreditation and to print my badge. On %(date)s, after the assembly, they erase the "
    "names, e-mail address, press card number and photo given here; the outlet, the country "
    "and the decision are kept for statistics, and the list of accredited participants keeps "
    "an accredited journalist's name."
)


def consent_text(assembly) -> str:
    """The consent, with the day the application's personal data is erased."""
    from apps.badges.services.media import media_erase_date

    return CONSENT_TEXT % {"date": date_format(media_erase_date(assembly), "DATE_FORMAT")}


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MediaApplicationForm(forms.Form):
    given_names = forms.CharField(
        label=_("Given names (Latin script)"),
        max_length=150,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "dir": "auto"}),
    )
    family_name = forms.CharField(
        label=_("Family name (Latin script)"),
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "dir": "auto"}),
    )
    given_names_native = forms.CharField(
        label=_("Given names in your own script"),
        max_length=150,
        required=False,
        validators=[validate_single_line],
        help_text=_("Optional: printed on the badge beside the Latin spelling."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    family_name_native = forms.CharField(
        label=_("Family name in your own script"),
        max_length=100,
        required=False,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    outlet = forms.CharField(
        label=_("Media outlet"),
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization", "dir": "auto"}),
    )
    country = CountryChoiceField(
        label=_("Country"), queryset=MemberCountry.objects.none(), empty_label=_("Choose…")
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    function = forms.CharField(
        label=_("Function"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("For example: reporter, photographer, camera operator."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title", "dir": "auto"}),
    )
    press_card_number = forms.CharField(
        label=_("Press card number"),
        max_length=50,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A passport-style photo of your face: JPEG or PNG, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    consent = forms.BooleanField(label=_("I agree"))
    # Left empty by people; filled by robots that fill every field.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, assembly=None, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.delegations.selectors import country_rank

        if assembly is not None:
            self.fields["consent"].label = consent_text(assembly)
        self.fields["country"].queryset = (  # type: ignore[attr-defined]
            MemberCountry.objects.filter(active=True)
            .alias(name_rank=country_rank(field="pk"))
            .order_by("name_rank")
        )

    def clean_photo(self):
        from apps.badges.services.media import reencode_photo

        photo = self.cleaned_data["photo"]
        reencode_photo(photo)  # raises the translated error; the service encodes it again
        photo.seek(0)
        return photo

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."), code="honeypot")
        return ""


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        max_length=REASON_MAX_LENGTH,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"size": 60, "dir": "auto"}),
    )
