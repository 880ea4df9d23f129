"""Logistics API: a focal point's travel records (read and write, own delegation only; a
passport number is written, never read back), bookings and visa-letter requests; organisers'
read of transfer runs and hotel occupancy by permission. One view per operation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.selectors import current_assembly
from apps.logistics import selectors, services
from apps.logistics.api.filters import (
    BookingFilter,
    TransferRunFilter,
    TravelRecordFilter,
    VisaLetterFilter,
)
from apps.logistics.api.serializers import (
    BookingOutputSerializer,
    HotelOccupancySerializer,
    TransferRunOutputSerializer,
    TravelRecordInputSerializer,
    TravelRecordOutputSerializer,
    VisaLetterOutputSerializer,
    VisaLetterRequestInputSerializer,
)
from apps.logistics.models import Booking, TransferRun, TravelRecord, VisaLetter
from apps.logistics.permissions import can_view_rooming_lists, can_view_transfers


def _assembly() -> Assembly:
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _delegate(request, pk: int):
    """A delegate whose travel the user may open: another delegation's is a 404."""
    return get_in_scope_or_404(
        selectors.travel_delegate_for_user(request.user, assembly=_assembly()),
        request.user,
        pk=pk,
    )


class TravelRecordListApi(ListApiView):
    """Travel records of the current assembly: a focal point's own delegation's, every one
    for organisers who view travel records. Passport numbers masked."""

    serializer_class = TravelRecordOutputSerializer
    filterset_class = TravelRecordFilter

    def get_queryset(self) -> QuerySet[TravelRecord]:
        if getattr(self, "swagger_fake_view", False):
            return TravelRecord.objects.none()
        return selectors.travel_records_for_user(self.request.user, assembly=_assembly()).order_by(
            "delegate_id"
        )


class TravelRecordDetailApi(ApiView):
    """One delegate's travel record, by the delegate's id."""

    @extend_schema(responses=TravelRecordOutputSerializer)
    def get(self, request, pk: int):
        delegate = _delegate(request, pk)
        record = (
            selectors.travel_records_for_user(request.user, assembly=_assembly())
            .filter(delegate=delegate)
            .first()
        )
        if record is None:
            raise Http404
        return Response(TravelRecordOutputSerializer(record).data)

    @extend_schema(
        request=TravelRecordInputSerializer,
        responses=TravelRecordOutputSerializer,
        description="Create or change the delegate's travel record with the fields given. "
        "Times are ISO 8601 with their offset (stored in UTC).",
    )
    def patch(self, request, pk: int):
        delegate = _delegate(request, pk)
        data = TravelRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "hotel_wish" in fields and fields["hotel_wish"] is not None:
            hotel = selectors.hotels_of(_assembly()).filter(pk=fields["hotel_wish"]).first()
            if hotel is None:
                raise ApplicationError(
                    _("Unknown hotel."), extra={"hotel_wish": [_("Unknown hotel.")]}
                )
            fields["hotel_wish"] = hotel
        record = services.save_travel_record(delegate=delegate, by=request.user, **fields)
        record = TravelRecord.objects.select_related("delegate").get(pk=record.pk)
        return Response(TravelRecordOutputSerializer(record).data)


class BookingListApi(ListApiView):
    """Room bookings: a focal point's own delegation's, every one for organisers who view
    bookings; guests as delegate ids."""

    serializer_class = BookingOutputSerializer
    filterset_class = BookingFilter

    def get_queryset(self) -> QuerySet[Booking]:
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.bookings_for_user(self.request.user, assembly=_assembly()).order_by(
            "check_in", "pk"
        )


class VisaLetterListApi(ListApiView):
    serializer_class = VisaLetterOutputSerializer
    filterset_class = VisaLetterFilter

    def get_queryset(self) -> QuerySet[VisaLetter]:
        if getattr(self, "swagger_fake_view", False):
            return VisaLetter.objects.none()
        return selectors.visa_letters_for_user(self.request.user, assembly=_assembly()).order_by(
            "pk"
        )


class VisaLetterRequestApi(ApiView):
    @extend_schema(
        request=VisaLetterRequestInputSerializer,
        responses={201: VisaLetterOutputSerializer},
        description="A focal point asks for a delegate's visa support letter (organisers "
        "approve it); the delegate needs a passport number first.",
    )
    def post(self, request):
        data = VisaLetterRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        delegate = _delegate(request, values["delegate"])
        letter = services.request_visa_letter(
            delegate=delegate,
            by=request.user,
            language=values["language"],
            consulate=values.get("consulate", ""),
        )
        letter = selectors.visa_letters_for_user(request.user, assembly=_assembly()).get(
            pk=letter.pk
        )
        return Response(VisaLetterOutputSerializer(letter).data, status=status.HTTP_201_CREATED)


class TransferRunListApi(ListApiView):
    """Organisers who view transfer runs: every run with its passenger count (no names)."""

    serializer_class = TransferRunOutputSerializer
    filterset_class = TransferRunFilter

    def get_queryset(self) -> QuerySet[TransferRun]:
        if getattr(self, "swagger_fake_view", False):
            return TransferRun.objects.none()
        if not can_view_transfers(self.request.user):
            raise PermissionDenied
        return selectors.transfer_runs_with_counts(_assembly())


class OccupancyApi(ApiView):
    @extend_schema(
        responses=HotelOccupancySerializer(many=True),
        description="Rooms booked and held per hotel and night (organisers who see rooming lists).",
    )
    def get(self, request):
        if not can_view_rooming_lists(request.user):
            raise PermissionDenied
        _nights, hotels = selectors.occupancy(_assembly())
        body = [
            {
                "hotel": entry.hotel.pk,
                "name": entry.hotel.name,
                "nights": [
                    {"night": night, "booked": booked, "held": held}
                    for night, (booked, held) in sorted(entry.nights.items())
                ],
            }
            for entry in hotels
        ]
        return Response(HotelOccupancySerializer(body, many=True).data)
