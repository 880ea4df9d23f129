"""Portal forms: a delegate's travel (times typed in the assembly's zone) and a room booking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.agenda.forms import LocalDateTimeField, aware_in_assembly, to_local_naive
from apps.core.forms import SubmitOnceMixin
from apps.core.models import Assembly
from apps.delegations.models import Delegate
from apps.logistics.models import NEEDS_MAX_LENGTH, Allocation, Hotel, TravelMode, TravelRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SPLIT = forms.SplitDateTimeWidget(
    date_attrs={"type": "date"},
    time_attrs={"type": "time"},
    date_format="%Y-%m-%d",
    time_format="%H:%M",
)


class TravelForm(SubmitOnceMixin, forms.Form):
    passport_name = forms.CharField(
        label=_("Name as in the passport"), max_length=120, required=False
    )
    nationality = forms.CharField(label=_("Nationality (ISO code)"), max_length=2, required=False)
    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to keep the number already given."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    passport_expiry = forms.DateField(label=_("Passport expiry"), required=False, widget=DATE)
    arrival_mode = forms.ChoiceField(label=_("Arrival by"), choices=TravelMode.choices)
    arrival_flight = forms.CharField(label=_("Arrival flight"), max_length=8, required=False)
    arrival_airport = forms.CharField(label=_("Arrival airport"), max_length=3, required=False)
    arrival_local = LocalDateTimeField(
        label=_("Arrival (local time)"), required=False, widget=SPLIT
    )
    departure_mode = forms.ChoiceField(label=_("Departure by"), choices=TravelMode.choices)
    departure_flight = forms.CharField(label=_("Departure flight"), max_length=8, required=False)
    departure_airport = forms.CharField(label=_("Departure airport"), max_length=3, required=False)
    departure_local = LocalDateTimeField(
        label=_("Departure (local time)"), required=False, widget=SPLIT
    )
    hotel_wish = forms.ModelChoiceField(
        label=_("Hotel wish"), queryset=Hotel.objects.none(), required=False
    )
    needs = forms.CharField(
        label=_("Needs (accessibility, diet)"),
        max_length=NEEDS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    UPPER = (
        "nationality",
        "arrival_flight",
        "arrival_airport",
        "departure_flight",
        "departure_airport",
    )

    def __init__(self, *args: Any, assembly: Assembly, record: TravelRecord | None, **kwargs: Any):
        self.assembly = assembly
        initial = kwargs.pop("initial", {}) or {}
        if record is not None:
            for name in (
                "passport_name",
                "nationality",
                "passport_expiry",
                "arrival_mode",
                "arrival_flight",
                "arrival_airport",
                "departure_mode",
                "departure_flight",
                "departure_airport",
                "needs",
            ):
                initial[name] = getattr(record, name)
            initial["hotel_wish"] = record.hotel_wish_id
            initial["arrival_local"] = to_local_naive(record.arrival_at, assembly)
            initial["departure_local"] = to_local_naive(record.departure_at, assembly)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["hotel_wish"].queryset = Hotel.objects.filter(assembly=assembly)  # type: ignore[attr-defined]
        zone = assembly.display_city
        self.fields["arrival_local"].help_text = _("In %(city)s time.") % {"city": zone}
        self.fields["departure_local"].help_text = _("In %(city)s time.") % {"city": zone}
        # Each half of a day-and-time pair is named for screen readers ("Arrival, date").
        for name in ("arrival_local", "departure_local"):
            field = self.fields[name]
            day, time = field.widget.widgets  # type: ignore[attr-defined]
            day.attrs["aria-label"] = _("%(field)s, date") % {"field": field.label}
            time.attrs["aria-label"] = _("%(field)s, time") % {"field": field.label}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.UPPER:
            if data.get(name):
                data[name] = data[name].replace(" ", "").upper()
        for leg in ("arrival", "departure"):
            naive = data.pop(f"{leg}_local", None)
            try:
                data[f"{leg}_at"] = aware_in_assembly(naive, self.assembly) if naive else None
            except ValidationError as exc:
                self.add_error(f"{leg}_local", exc)
        return data

    def changes(self) -> dict[str, Any]:
        """The service's keyword arguments: passport number only when one was typed."""
        data = dict(self.cleaned_data)
        data.pop("submission", None)
        number = data.pop("passport_number", "")
        if number:
            data["passport_number"] = number
        return data


class BookingForm(SubmitOnceMixin, forms.Form):
    allocation = forms.ModelChoiceField(label=_("Room block"), queryset=Allocation.objects.none())
    guests = forms.ModelMultipleChoiceField(
        label=_("Guests"), queryset=Delegate.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    check_in = forms.DateField(label=_("Check-in"), widget=DATE)
    check_out = forms.DateField(label=_("Check-out"), widget=DATE)

    def __init__(self, *args: Any, allocations, delegates, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = allocations  # type: ignore[attr-defined]
        self.fields["guests"].queryset = delegates  # type: ignore[attr-defined]


class VisaRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    consulate = forms.CharField(label=_("Consulate"), max_length=150, required=False)
