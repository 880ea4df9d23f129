"""Query filters of the logistics lists; a wrong value is a 400, never ignored."""

from __future__ import annotations

from django.conf import settings
from django_filters import rest_framework as filters

from apps.core.api.filters import ApiFilterSet, IdFilter, TrueFalseFilter
from apps.logistics.models import (
    Booking,
    Direction,
    TransferRun,
    TravelMode,
    TravelRecord,
    VisaLetter,
)


class TravelRecordFilter(ApiFilterSet):
    delegation = IdFilter(
        field_name="delegate__delegation_id", help_text="Only this delegation's records."
    )
    arrival_mode = filters.ChoiceFilter(choices=TravelMode.choices, help_text="Arrival by.")
    transfer_flagged = TrueFalseFilter(
        field_name="transfer_flagged", help_text="Only records no transfer run fits."
    )

    class Meta:
        model = TravelRecord
        fields = ["delegation", "arrival_mode", "transfer_flagged"]


class BookingFilter(ApiFilterSet):
    delegation = IdFilter(
        field_name="allocation__delegation_id", help_text="Only this delegation's bookings."
    )
    hotel = IdFilter(field_name="allocation__block__hotel_id", help_text="Only this hotel's.")

    class Meta:
        model = Booking
        fields = ["delegation", "hotel"]


class VisaLetterFilter(ApiFilterSet):
    delegation = IdFilter(
        field_name="delegate__delegation_id", help_text="Only this delegation's letters."
    )
    status = filters.ChoiceFilter(choices=VisaLetter.Status.choices, help_text="Only this status.")
    language = filters.ChoiceFilter(choices=settings.LANGUAGES, help_text="Only this language.")

    class Meta:
        model = VisaLetter
        fields = ["delegation", "status", "language"]


class TransferRunFilter(ApiFilterSet):
    direction = filters.ChoiceFilter(choices=Direction.choices, help_text="Arrivals or departures.")
    hotel = IdFilter(field_name="hotel_id", help_text="Only this hotel's runs.")
    vip = TrueFalseFilter(field_name="vip", help_text="Only VIP runs, or only shared ones.")
    locked = TrueFalseFilter(field_name="locked", help_text="Only runs changed by hand, or not.")

    class Meta:
        model = TransferRun
        fields = ["direction", "hotel", "vip", "locked"]
