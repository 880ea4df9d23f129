"""Input and output shapes of the logistics API. A passport number is written, never read:
outputs carry its masked form only."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from apps.core.api.fields import IdField, PlausibleDateField, PlausibleDateTimeField
from apps.logistics.models import (
    NEEDS_MAX_LENGTH,
    Booking,
    TransferRun,
    TravelMode,
    TravelRecord,
    VisaLetter,
    validate_passport_number,
)


class TravelRecordOutputSerializer(serializers.ModelSerializer):
    delegation = serializers.IntegerField(source="delegate.delegation_id")
    delegate_name = serializers.CharField(source="delegate.full_name")
    passport_number_masked = serializers.CharField(source="masked_passport_number")

    class Meta:
        model = TravelRecord
        fields = [
            "id",
            "delegate",
            "delegation",
            "delegate_name",
            "passport_name",
            "nationality",
            "passport_number_masked",
            "passport_expiry",
            "passport_erased_at",
            "arrival_mode",
            "arrival_flight",
            "arrival_airport",
            "arrival_at",
            "departure_mode",
            "departure_flight",
            "departure_airport",
            "departure_at",
            "hotel_wish",
            "needs",
            "transfer_flagged",
        ]


class TravelRecordInputSerializer(serializers.Serializer):
    """Every field optional (a PATCH): what is given is saved; `passport_number` "" removes
    the number, left out keeps it."""

    passport_name = serializers.CharField(max_length=120, allow_blank=True, required=False)
    nationality = serializers.CharField(max_length=2, allow_blank=True, required=False)
    passport_number = serializers.CharField(
        max_length=30, allow_blank=True, required=False, write_only=True
    )
    passport_expiry = PlausibleDateField(allow_null=True, required=False)
    arrival_mode = serializers.ChoiceField(choices=TravelMode.choices, required=False)
    arrival_flight = serializers.CharField(max_length=8, allow_blank=True, required=False)
    arrival_airport = serializers.CharField(max_length=3, allow_blank=True, required=False)
    arrival_at = PlausibleDateTimeField(allow_null=True, required=False)
    departure_mode = serializers.ChoiceField(choices=TravelMode.choices, required=False)
    departure_flight = serializers.CharField(max_length=8, allow_blank=True, required=False)
    departure_airport = serializers.CharField(max_length=3, allow_blank=True, required=False)
    departure_at = PlausibleDateTimeField(allow_null=True, required=False)
    hotel_wish = IdField(allow_null=True, required=False)
    needs = serializers.CharField(max_length=NEEDS_MAX_LENGTH, allow_blank=True, required=False)

    UPPER = ("nationality", "arrival_flight", "arrival_airport", "departure_flight")

    def validate_passport_number(self, value: str) -> str:
        number = value.replace(" ", "").upper()
        if number:
            try:
                validate_passport_number(number)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return number

    def validate(self, attrs):
        for name in (*self.UPPER, "departure_airport"):
            if name in attrs:
                attrs[name] = attrs[name].replace(" ", "").upper()
        return attrs


class BookingOutputSerializer(serializers.ModelSerializer):
    delegation = serializers.IntegerField(source="allocation.delegation_id")
    hotel = serializers.IntegerField(source="allocation.block.hotel_id")
    hotel_name = serializers.CharField(source="allocation.block.hotel.name")
    room_type = serializers.CharField(source="allocation.block.room_type")
    guests = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "delegation",
            "hotel",
            "hotel_name",
            "room_type",
            "check_in",
            "check_out",
            "guests",
        ]

    def get_guests(self, obj: Booking) -> list[int]:
        return [guest.pk for guest in obj.guests.all()]


class VisaLetterOutputSerializer(serializers.ModelSerializer):
    delegation = serializers.IntegerField(source="delegate.delegation_id")
    delegate_name = serializers.CharField(source="delegate.full_name")

    class Meta:
        model = VisaLetter
        fields = [
            "id",
            "delegate",
            "delegation",
            "delegate_name",
            "reference",
            "language",
            "consulate",
            "status",
            "decided_at",
        ]


class VisaLetterRequestInputSerializer(serializers.Serializer):
    delegate = IdField()
    language = serializers.ChoiceField(choices=[code for code, _n in settings.LANGUAGES])
    consulate = serializers.CharField(max_length=150, allow_blank=True, required=False)


class TransferRunOutputSerializer(serializers.ModelSerializer):
    hotel_name = serializers.CharField(source="hotel.name")
    passengers = serializers.IntegerField(source="passenger_count")

    class Meta:
        model = TransferRun
        fields = [
            "id",
            "direction",
            "hotel",
            "hotel_name",
            "pickup_at",
            "vehicle",
            "capacity",
            "passengers",
            "vip",
            "locked",
            "driver_name",
        ]


class NightSerializer(serializers.Serializer):
    night = serializers.DateField()
    booked = serializers.IntegerField()
    held = serializers.IntegerField()


class HotelOccupancySerializer(serializers.Serializer):
    hotel = serializers.IntegerField()
    name = serializers.CharField()
    nights = NightSerializer(many=True)
