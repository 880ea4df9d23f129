"""Travel and accommodation: travel records (passport data, arrival and departure), hotels,
room blocks with one lockable row per night, allocations to delegations, and bookings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import Assembly, TimeStampedModel
from apps.core.validators import text_length_constraint, text_validators, validate_single_line
from apps.delegations.models import Delegate, Delegation

NEEDS_MAX_LENGTH = 500

validate_nationality = RegexValidator(
    r"^[A-Z]{2}\Z", _("The nationality is a two-letter ISO code."), code="nationality"
)
validate_passport_number = RegexValidator(
    r"^[A-Z0-9]{5,20}\Z",
    _("A passport number has 5 to 20 capital letters and digits."),
    code="passport_number",
)
validate_flight = RegexValidator(
    r"^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?\Z", _("A flight number looks like AT 801: AT801."), "flight"
)
validate_airport = RegexValidator(
    r"^[A-Z]{3}\Z", _("An airport is its three-letter IATA code (RAK)."), code="airport"
)


class LogisticsSettings(TimeStampedModel):
    """Per assembly: the day passport data is erased."""

    assembly = models.OneToOneField(
        Assembly,
        verbose_name=_("assembly"),
        on_delete=models.CASCADE,
        related_name="logistics_settings",
    )
    passport_erase_on = models.DateField(_("erase passport data on"), null=True, blank=True)
    arrival_buffer_minutes = models.PositiveSmallIntegerField(
        _("arrival buffer (minutes)"),
        default=30,
        validators=[MaxValueValidator(240)],
        help_text=_("An arrival run leaves this long after its last flight lands."),
    )
    departure_margin_minutes = models.PositiveSmallIntegerField(
        _("departure margin (minutes)"),
        default=180,
        validators=[MinValueValidator(30), MaxValueValidator(600)],
        help_text=_(
            "A departure run leaves the hotel this long before its earliest flight "
            "(the drive and the airport check-in)."
        ),
    )

    class Meta:
        verbose_name = _("logistics settings")
        verbose_name_plural = _("logistics settings")

    def __str__(self) -> str:
        return str(self.assembly)


class TravelMode(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    OTHER = "other", _("Other means")


class Hotel(TimeStampedModel):
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="hotels"
    )
    name = models.CharField(_("name"), max_length=150, validators=[validate_single_line])
    address = models.CharField(_("address"), max_length=300, validators=[validate_single_line])
    distance_km = models.DecimalField(
        _("distance to the venue (km)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    shuttle_minutes = models.PositiveSmallIntegerField(
        _("shuttle time (minutes)"), validators=[MaxValueValidator(600)]
    )
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, validators=[validate_single_line]
    )
    language = models.CharField(
        _("language of its rooming list"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "name"], name="logistics_hotel_unique")
        ]
        permissions = [("view_rooming_list", _("Can see occupancy and rooming lists"))]

    def __str__(self) -> str:
        return self.name


class RoomType(models.TextChoices):
    SINGLE = "single", _("Single")
    DOUBLE = "double", _("Double")
    TWIN = "twin", _("Twin")
    SUITE = "suite", _("Suite")


class RoomBlock(TimeStampedModel):
    """Rooms of one type held at a hotel for a run of nights; `first_night` to `last_night`
    are the nights (a stay's check-out is the morning after its last night)."""

    hotel = models.ForeignKey(
        Hotel, verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="blocks"
    )
    room_type = models.CharField(_("room type"), max_length=10, choices=RoomType.choices)
    occupancy = models.PositiveSmallIntegerField(
        _("people per room"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    rooms_per_night = models.PositiveSmallIntegerField(
        _("rooms per night"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    first_night = models.DateField(_("first night"))
    last_night = models.DateField(_("last night"))
    rate = models.DecimalField(
        _("rate per night"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}\Z", _("A currency is three capital letters."))],
    )
    release_date = models.DateField(_("release date"))

    class Meta:
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")
        ordering = ["hotel__name", "room_type", "first_night"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_night__gte=models.F("first_night")),
                name="logistics_block_nights_ordered",
                violation_error_message=_("The last night comes on or after the first night."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hotel} · {self.get_room_type_display()}"

    def nights(self) -> list[dt.date]:
        count = (self.last_night - self.first_night).days + 1
        return [self.first_night + dt.timedelta(days=n) for n in range(count)]


class RoomNight(models.Model):
    """One row per block and night: bookings lock these rows, so two bookings of the same
    night are counted one after the other."""

    block = models.ForeignKey(RoomBlock, on_delete=models.CASCADE, related_name="room_nights")
    night = models.DateField(_("night"))

    class Meta:
        verbose_name = _("room night")
        verbose_name_plural = _("room nights")
        constraints = [
            models.UniqueConstraint(fields=["block", "night"], name="logistics_room_night_unique")
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.night}"


class Allocation(TimeStampedModel):
    """Rooms per night of a block given to one delegation."""

    block = models.ForeignKey(
        RoomBlock,
        verbose_name=_("room block"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="room_allocations",
    )
    rooms = models.PositiveSmallIntegerField(
        _("rooms per night"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["block", "delegation"], name="logistics_allocation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.block} → {self.delegation}"


class Booking(TimeStampedModel):
    """A room of an allocation from `check_in` to `check_out` (the nights in between), with
    the delegates who sleep in it."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="bookings"
    )
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    guests = models.ManyToManyField(Delegate, verbose_name=_("guests"), related_name="bookings")

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")),
                name="logistics_booking_dates_ordered",
                violation_error_message=_("The check-out comes after the check-in."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.allocation.block} {self.check_in} to {self.check_out}"


class TravelRecord(TimeStampedModel):
    """One per delegate: passport data (the number encrypted at rest), arrival and departure
    (UTC in the database, typed and shown in the assembly's zone), hotel wish and needs."""

    delegate = models.OneToOneField(
        Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="travel"
    )
    passport_name = models.CharField(
        _("name as in the passport"), max_length=120, blank=True, validators=[validate_single_line]
    )
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[validate_nationality]
    )
    passport_number_encrypted = models.TextField(_("passport number (encrypted)"), blank=True)
    passport_number_hint = models.CharField(
        _("passport number ends with"), max_length=4, blank=True
    )
    passport_expiry = models.DateField(_("passport expiry"), null=True, blank=True)
    passport_erased_at = models.DateTimeField(_("passport data erased"), null=True, blank=True)
    arrival_mode = models.CharField(
        _("arrival by"), max_length=6, choices=TravelMode.choices, default=TravelMode.FLIGHT
    )
    arrival_flight = models.CharField(
        _("arrival flight"), max_length=8, blank=True, validators=[validate_flight]
    )
    arrival_airport = models.CharField(
        _("arrival airport"), max_length=3, blank=True, validators=[validate_airport]
    )
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    departure_mode = models.CharField(
        _("departure by"), max_length=6, choices=TravelMode.choices, default=TravelMode.FLIGHT
    )
    departure_flight = models.CharField(
        _("departure flight"), max_length=8, blank=True, validators=[validate_flight]
    )
    departure_airport = models.CharField(
        _("departure airport"), max_length=3, blank=True, validators=[validate_airport]
    )
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    hotel_wish = models.ForeignKey(
        Hotel,
        verbose_name=_("hotel wish"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wished_by",
    )
    transfer_flagged = models.BooleanField(
        _("no transfer run fits"),
        default=False,
        help_text=_("Set when a changed flight fits no planned run: place the delegate by hand."),
    )
    needs = models.TextField(
        _("needs (accessibility, diet)"),
        blank=True,
        validators=text_validators(NEEDS_MAX_LENGTH),
    )

    class Meta:
        verbose_name = _("travel record")
        verbose_name_plural = _("travel records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arrival_at__isnull=True)
                | models.Q(departure_at__isnull=True)
                | models.Q(departure_at__gt=models.F("arrival_at")),
                name="logistics_travel_departure_after_arrival",
                violation_error_message=_("The departure comes after the arrival."),
            ),
            text_length_constraint("logistics_travel_text_lengths", needs=NEEDS_MAX_LENGTH),
        ]
        permissions = [
            ("reveal_passport_number", _("Can read passport numbers (each read is audited)")),
            ("export_passport_data", _("Can export passport data (each export is audited)")),
        ]

    def __str__(self) -> str:
        return str(self.delegate)

    @property
    def masked_passport_number(self) -> str:
        return f"•••••{self.passport_number_hint}" if self.passport_number_hint else ""

    def clean(self) -> None:
        errors: dict[str, list] = {}
        for leg in ("arrival", "departure"):
            if getattr(self, f"{leg}_mode") != TravelMode.FLIGHT:
                continue
            if getattr(self, f"{leg}_at") and not getattr(self, f"{leg}_flight"):
                errors.setdefault(f"{leg}_flight", []).append(_("Give the flight number."))
        if errors:
            raise ValidationError(errors)


class VisaLetter(TimeStampedModel):
    """A visa support letter for one delegate: requested by the focal point, approved (or
    refused) by organisers, printed as PDF in the chosen official language with a reference
    number and a QR code pointing to its verification page."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    delegate = models.OneToOneField(
        Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="visa_letter"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    consulate = models.CharField(
        _("consulate"),
        max_length=150,
        blank=True,
        validators=[validate_single_line],
        help_text=_("Where the visa is applied for, e.g. Embassy of Morocco in Nairobi."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("visa letter")
        verbose_name_plural = _("visa letters")
        ordering = ["delegate__travel__nationality", "delegate__family_name", "pk"]

    def __str__(self) -> str:
        return self.reference or str(self.delegate)


class Direction(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DEPARTURE = "departure", _("Departure")


class TransferRun(TimeStampedModel):
    """An airport run between the airport and one hotel (an arrival: airport to hotel; a
    departure: hotel to airport): a vehicle, its pick-up time (UTC), its driver and the
    delegates it carries (TransferSeat). Planned by apps.logistics.transfers; a run changed
    by hand is locked and kept as it is by the next planning."""

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="transfer_runs"
    )
    hotel = models.ForeignKey(
        Hotel, verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="transfer_runs"
    )
    vehicle = models.CharField(_("vehicle"), max_length=30, validators=[validate_single_line])
    capacity = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    pickup_at = models.DateTimeField(_("pick-up"))
    direction = models.CharField(
        _("direction"), max_length=9, choices=Direction.choices, default=Direction.ARRIVAL
    )
    vip = models.BooleanField(_("VIP run"), default=False)
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("Changed by hand: planning again keeps this run and its passengers."),
    )
    driver_name = models.CharField(
        _("driver"), max_length=100, blank=True, validators=[validate_single_line]
    )
    driver_phone = models.CharField(
        _("driver's phone"), max_length=30, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("transfer run")
        verbose_name_plural = _("transfer runs")
        ordering = ["pickup_at", "pk"]

    def __str__(self) -> str:
        return f"{self.hotel} {self.pickup_at:%Y-%m-%d %H:%M} UTC"


class TransferSeat(models.Model):
    """A delegate's seat on a run: one arrival seat and one departure seat at most."""

    run = models.ForeignKey(
        TransferRun, verbose_name=_("transfer run"), on_delete=models.CASCADE, related_name="seats"
    )
    delegate = models.ForeignKey(
        Delegate,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="transfer_seats",
    )
    # The run's direction, copied so the database keeps one seat per delegate and direction.
    direction = models.CharField(
        _("direction"), max_length=9, choices=Direction.choices, default=Direction.ARRIVAL
    )

    class Meta:
        verbose_name = _("transfer seat")
        verbose_name_plural = _("transfer seats")
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "direction"], name="logistics_seat_one_per_direction"
            )
        ]

    def __str__(self) -> str:
        return str(self.delegate)


class Shuttle(TimeStampedModel):
    """A daily shuttle between a hotel and the venue: to the venue before the day's first
    session, back after its last; seats for every delegate booked at the hotel that night.
    Generated from the agenda by apps.logistics.services.shuttles."""

    class Way(models.TextChoices):
        TO_VENUE = "to_venue", _("Hotel to venue")
        FROM_VENUE = "from_venue", _("Venue to hotel")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="shuttles"
    )
    hotel = models.ForeignKey(
        Hotel, verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="shuttles"
    )
    day = models.DateField(_("day"))
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    leaves_at = models.DateTimeField(_("leaves"))
    passengers = models.PositiveIntegerField(_("booked delegates"))
    vehicles = models.PositiveSmallIntegerField(_("vehicles"))
    capacity = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("shuttle")
        verbose_name_plural = _("shuttles")
        ordering = ["leaves_at", "hotel__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hotel", "day", "way"], name="logistics_shuttle_one_per_day_and_way"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=models.F("passengers")),
                name="logistics_shuttle_seats_everyone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hotel} {self.day} {self.way}"
