"""Organisers' screens for travel and accommodation. Forms validate, services save and audit.

Passport numbers are masked everywhere; the change page of a travel record shows the number
in clear only to holders of `logistics.reveal_passport_number`, and each such read is audited.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.admin_editions import EditionAdminMixin
from apps.core.errors import ApplicationError
from apps.core.i18n import listing
from apps.core.selectors import current_assembly
from apps.core.timezones import format_local
from apps.logistics import exports, selectors, services
from apps.logistics.drivers import driver_token
from apps.logistics.models import (
    Allocation,
    Booking,
    Hotel,
    LogisticsSettings,
    RoomBlock,
    Shuttle,
    TransferRun,
    TransferSeat,
    TravelRecord,
    VisaLetter,
)
from apps.logistics.permissions import (
    can_export_passport_data,
    can_manage_transfers,
    can_view_rooming_lists,
    can_view_transfers,
)

# The request of the change page being drawn (a passport number is revealed only there).
_viewing: ContextVar = ContextVar("logistics_travel_viewing", default=None)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return gettext("You may not do this.")


class ServiceAdmin(EditionAdminMixin, admin.ModelAdmin):
    """Saves and deletes go through the app's services; a rule they enforce is shown as a
    message (the whole save rolled back)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ApplicationError, ValidationError) as exc:
            self.message_user(request, _error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    @staticmethod
    def _adopt(obj, saved) -> None:
        obj.pk = saved.pk
        obj._state.adding, obj._state.db = False, saved._state.db


@admin.register(LogisticsSettings)
class LogisticsSettingsAdmin(ServiceAdmin):
    list_display = (
        "assembly",
        "passport_erase_on",
        "arrival_buffer_minutes",
        "departure_margin_minutes",
    )
    fields = (
        "assembly",
        "passport_erase_on",
        "arrival_buffer_minutes",
        "departure_margin_minutes",
    )

    def get_readonly_fields(self, request, obj=None):
        return ("assembly",) if obj else ()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = None
        if not change or "passport_erase_on" in form.changed_data:
            saved = services.set_passport_erase_date(
                assembly=obj.assembly, on=data["passport_erase_on"], by=request.user
            )
        if {"arrival_buffer_minutes", "departure_margin_minutes"} & set(form.changed_data):
            saved = services.set_transfer_timings(
                assembly=obj.assembly,
                by=request.user,
                arrival_buffer_minutes=data["arrival_buffer_minutes"],
                departure_margin_minutes=data["departure_margin_minutes"],
            )
        if saved is not None:
            self._adopt(obj, saved)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Hotel)
class HotelAdmin(ServiceAdmin):
    list_display = ("name", "assembly", "distance_km", "shuttle_minutes", "language")
    list_filter = ("assembly",)
    search_fields = ("name",)
    fields = (
        "assembly",
        "name",
        "address",
        "distance_km",
        "shuttle_minutes",
        "contact",
        "language",
    )

    def get_readonly_fields(self, request, obj=None):
        return ("assembly",) if obj else ()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.hotels.HOTEL_FIELDS}
        if change:
            current = Hotel.objects.get(pk=obj.pk)
            changed = {name: data[name] for name in form.changed_data if name in data}
            services.save_hotel(hotel=current, by=request.user, **changed)
            return
        saved = services.save_hotel(assembly=form.cleaned_data["assembly"], by=request.user, **data)
        self._adopt(obj, saved)

    def delete_model(self, request, obj):
        services.delete_hotel(hotel=obj, by=request.user)

    def get_urls(self):
        own = [
            path(
                "occupancy/",
                self.admin_site.admin_view(self.occupancy_view),
                name="logistics_hotel_occupancy",
            ),
            path(
                "<int:pk>/rooming-list/",
                self.admin_site.admin_view(self.rooming_list_view),
                name="logistics_hotel_rooming_list",
            ),
        ]
        return own + super().get_urls()

    def occupancy_view(self, request):
        if not can_view_rooming_lists(request.user):
            raise PermissionDenied
        assembly = current_assembly()
        if assembly is None:
            raise Http404
        nights, hotels = selectors.occupancy(assembly)
        rows = [(entry.hotel, [entry.nights.get(night) for night in nights]) for entry in hotels]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Occupancy per hotel and night"),
            "nights": nights,
            "rows": rows,
            "assembly": assembly,
        }
        return render(request, "logistics/admin/occupancy.html", context)

    def rooming_list_view(self, request, pk: int):
        if not can_view_rooming_lists(request.user):
            raise PermissionDenied
        hotel = get_object_or_404(Hotel.objects.select_related("assembly"), pk=pk)
        rows = selectors.rooming_list(hotel)
        kind = request.GET.get("format", "html")
        filename = f"rooming-list-{hotel.pk}"
        if kind == "csv":
            body = exports.to_csv(exports.rooming_header(), exports.rooming_cells(rows))
            return _download(body, "text/csv; charset=utf-8", f"{filename}.csv")
        if kind == "xlsx":
            body = exports.to_xlsx(
                gettext("Rooming list"), exports.rooming_header(), exports.rooming_cells(rows)
            )
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return _download(body, mime, f"{filename}.xlsx")
        if kind == "pdf":
            return _download(exports.rooming_pdf(hotel, rows), "application/pdf", f"{filename}.pdf")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Rooming list: %(hotel)s") % {"hotel": hotel.name},
            "hotel": hotel,
            "header": exports.rooming_header(),
            "rows": exports.rooming_cells(rows),
        }
        return render(request, "logistics/admin/rooming_list.html", context)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@admin.register(RoomBlock)
class RoomBlockAdmin(ServiceAdmin):
    list_display = (
        "hotel",
        "room_type",
        "occupancy",
        "rooms_per_night",
        "first_night",
        "last_night",
        "rate",
        "currency",
        "release_date",
    )
    list_filter = ("hotel__assembly", "room_type")
    list_select_related = ("hotel",)
    fields = ("hotel", *sorted(services.hotels.BLOCK_FIELDS))

    def get_readonly_fields(self, request, obj=None):
        return ("hotel",) if obj else ()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.hotels.BLOCK_FIELDS}
        if change:
            current = RoomBlock.objects.get(pk=obj.pk)
            changed = {name: data[name] for name in form.changed_data if name in data}
            services.save_room_block(block=current, by=request.user, **changed)
            return
        saved = services.save_room_block(hotel=form.cleaned_data["hotel"], by=request.user, **data)
        self._adopt(obj, saved)

    def delete_model(self, request, obj):
        services.delete_room_block(block=obj, by=request.user)


@admin.register(Allocation)
class AllocationAdmin(ServiceAdmin):
    list_display = ("block", "delegation", "rooms")
    list_filter = ("block__hotel",)
    list_select_related = (
        "block__hotel",
        "delegation__country",
        "delegation__organisation",
    )
    fields = ("block", "delegation", "rooms")
    autocomplete_fields = ("delegation",)

    def get_readonly_fields(self, request, obj=None):
        return ("block", "delegation") if obj else ()

    def save_model(self, request, obj, form, change):
        block = obj.block if change else form.cleaned_data["block"]
        delegation = obj.delegation if change else form.cleaned_data["delegation"]
        saved = services.allocate_rooms(
            block=block, delegation=delegation, rooms=form.cleaned_data["rooms"], by=request.user
        )
        self._adopt(obj, saved)

    def delete_model(self, request, obj):
        services.delete_allocation(allocation=obj, by=request.user)


@admin.register(Booking)
class BookingAdmin(ServiceAdmin):
    """Bookings are made by focal points in the portal; organisers see and cancel them."""

    list_display = ("allocation", "check_in", "check_out", "guest_names")
    list_filter = ("allocation__block__hotel",)
    list_select_related = (
        "allocation__block__hotel",
        "allocation__delegation__country",
        "allocation__delegation__organisation",
    )
    readonly_fields = ("allocation", "check_in", "check_out", "guest_names")
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("guests")

    @admin.display(description=_("guests"))
    def guest_names(self, obj: Booking) -> str:
        return listing(obj.guests.all())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.cancel_booking(booking=obj, by=request.user)


@admin.register(TravelRecord)
class TravelRecordAdmin(ServiceAdmin):
    list_display = (
        "delegate",
        "delegation",
        "passport",
        "arrival",
        "departure",
        "hotel_wish",
        "transfer_flagged",
    )
    list_filter = ("delegate__delegation__assembly", "arrival_mode", "transfer_flagged")
    search_fields = ("delegate__family_name", "delegate__given_names")
    list_select_related = (
        "delegate__delegation__country",
        "delegate__delegation__organisation",
        "delegate__delegation__assembly",
        "hotel_wish",
    )
    editable = (
        "passport_name",
        "nationality",
        "passport_expiry",
        "arrival_mode",
        "arrival_flight",
        "arrival_airport",
        "departure_mode",
        "departure_flight",
        "departure_airport",
        "hotel_wish",
        "needs",
    )
    readonly_fields = (
        "delegate",
        "passport_number",
        "arrival",
        "departure",
        "passport_erased_at",
        "transfer_flagged",
    )
    fields = (
        "delegate",
        "passport_name",
        "nationality",
        "passport_number",
        "passport_expiry",
        "passport_erased_at",
        "arrival_mode",
        "arrival_flight",
        "arrival_airport",
        "arrival",
        "departure_mode",
        "departure_flight",
        "departure_airport",
        "departure",
        "transfer_flagged",
        "hotel_wish",
        "needs",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("delegation"))
    def delegation(self, obj: TravelRecord) -> str:
        return obj.delegate.delegation.name

    @admin.display(description=_("passport number"))
    def passport(self, obj: TravelRecord) -> str:
        return obj.masked_passport_number

    @admin.display(description=_("passport number"))
    def passport_number(self, obj: TravelRecord) -> str:
        """In clear (and audited) for holders of the permission; masked for anyone else."""
        request = _viewing.get()
        if request is not None and request.user.has_perm("logistics.reveal_passport_number"):
            return services.reveal_passport_number(record=obj, by=request.user)
        return obj.masked_passport_number

    def _local(self, obj: TravelRecord, instant) -> str:
        assembly = obj.delegate.delegation.assembly
        return (
            format_local(instant, assembly.tz, assembly.city, "%Y-%m-%d %H:%M") if instant else ""
        )

    @admin.display(description=_("arrival"))
    def arrival(self, obj: TravelRecord) -> str:
        return self._local(obj, obj.arrival_at)

    @admin.display(description=_("departure"))
    def departure(self, obj: TravelRecord) -> str:
        return self._local(obj, obj.departure_at)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        token = _viewing.set(request)
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # the number is drawn now, while the request is known
            return response
        finally:
            _viewing.reset(token)

    def save_model(self, request, obj, form, change):
        current = TravelRecord.objects.select_related("delegate__delegation").get(pk=obj.pk)
        changed = {
            name: form.cleaned_data[name] for name in form.changed_data if name in self.editable
        }
        services.save_travel_record(delegate=current.delegate, by=request.user, **changed)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        own = [
            path(
                "export/",
                self.admin_site.admin_view(require_GET(self.export_view)),
                name="logistics_travelrecord_export",
            )
        ]
        return own + super().get_urls()

    def export_view(self, request):
        if not can_export_passport_data(request.user):
            raise PermissionDenied
        assembly = current_assembly()
        if assembly is None:
            raise Http404
        rows = services.export_passport_data(assembly=assembly, by=request.user)
        return _download(
            exports.to_csv(services.EXPORT_HEADER, rows),
            "text/csv; charset=utf-8",
            f"passport-data-{assembly.number}.csv",
        )


@admin.register(VisaLetter)
class VisaLetterAdmin(ServiceAdmin):
    """Organisers' list of letters by nationality with status; approve or refuse in bulk."""

    list_display = (
        "reference",
        "delegate",
        "nationality",
        "consulate",
        "language",
        "status",
        "pdf",
    )
    list_filter = ("status", "language", "delegate__delegation__assembly")
    search_fields = ("reference", "delegate__family_name", "consulate")
    list_select_related = ("delegate__travel", "delegate__delegation__assembly")
    readonly_fields = (
        "reference",
        "delegate",
        "nationality",
        "language",
        "consulate",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
        "pdf",
    )
    fields = readonly_fields
    actions = ("approve", "refuse")

    @admin.display(description=_("nationality"), ordering="delegate__travel__nationality")
    def nationality(self, obj: VisaLetter) -> str:
        travel = getattr(obj.delegate, "travel", None)
        return travel.nationality if travel else ""

    @admin.display(description="PDF")
    def pdf(self, obj: VisaLetter) -> str:
        if obj.status != VisaLetter.Status.APPROVED:
            return ""
        return format_html('<a href="{}">PDF</a>', reverse("logistics:visa_pdf", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, *, approve: bool) -> None:
        done = 0
        for letter in queryset:
            try:
                services.decide_visa_letter(letter=letter, approve=approve, by=request.user)
            except (ApplicationError, PermissionDenied) as exc:
                self.message_user(request, f"{letter}: {_error_text(exc)}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, gettext("%(count)d letters decided.") % {"count": done})

    @admin.action(description=_("Approve the selected letters"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuse the selected letters"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, approve=False)


class TransferSeatInline(admin.TabularInline):
    model = TransferSeat
    fields = ("delegate", "phone")
    readonly_fields = ("delegate", "phone")
    extra = 0
    can_delete = False

    @admin.display(description=_("phone"))
    def phone(self, obj: TransferSeat) -> str:
        return obj.delegate.phone

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("delegate")


@admin.register(TransferRun)
class TransferRunAdmin(ServiceAdmin):
    """Runs planned by "Plan arrival transfers"; drivers, vehicles and times adjusted here;
    seats moved on the seat's page. The dispatcher's page lists a day's runs to print."""

    list_display = (
        "pickup",
        "direction",
        "hotel",
        "vehicle",
        "capacity",
        "vip",
        "locked",
        "driver_name",
    )
    list_filter = ("assembly", "direction", "hotel", "vip", "locked")
    list_select_related = ("hotel__assembly",)
    fields = (
        "direction",
        "hotel",
        "vehicle",
        "capacity",
        "pickup_at",
        "vip",
        "locked",
        "driver_name",
        "driver_phone",
    )
    readonly_fields = ("direction", "hotel", "vip")
    inlines = (TransferSeatInline,)
    change_list_template = "logistics/admin/transferrun_changelist.html"

    @admin.display(description=_("pick-up"), ordering="pickup_at")
    def pickup(self, obj: TransferRun) -> str:
        assembly = obj.hotel.assembly
        return format_local(obj.pickup_at, assembly.tz, assembly.city, "%Y-%m-%d %H:%M")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        current = TransferRun.objects.get(pk=obj.pk)
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_transfer_run(run=current, by=request.user, **changed)

    def save_related(self, request, form, formsets, change):
        """Seats are read-only here (moved on the seat's page)."""

    def get_urls(self):
        own = [
            path(
                "plan/",
                self.admin_site.admin_view(require_POST(self.plan_view)),
                name="logistics_transferrun_plan",
            ),
            path(
                "shuttles/",
                self.admin_site.admin_view(require_POST(self.shuttles_view)),
                name="logistics_transferrun_shuttles",
            ),
            path(
                "dispatch/",
                self.admin_site.admin_view(require_GET(self.dispatch_view)),
                name="logistics_transferrun_dispatch",
            ),
        ]
        return own + super().get_urls()

    def plan_view(self, request):
        if not can_manage_transfers(request.user):
            raise PermissionDenied
        assembly = current_assembly()
        if assembly is None:
            raise Http404
        count = services.plan_transfers(assembly=assembly, by=request.user)
        self.message_user(
            request,
            gettext("%(count)d transfer runs planned; runs changed by hand were kept.")
            % {"count": count},
        )
        return HttpResponseRedirect(reverse("admin:logistics_transferrun_changelist"))

    def shuttles_view(self, request):
        if not can_manage_transfers(request.user):
            raise PermissionDenied
        assembly = current_assembly()
        if assembly is None:
            raise Http404
        count = services.plan_shuttles(assembly=assembly, by=request.user)
        self.message_user(request, gettext("%(count)d shuttles planned.") % {"count": count})
        return HttpResponseRedirect(reverse("admin:logistics_transferrun_dispatch"))

    def dispatch_view(self, request):
        """A day's runs (today in the assembly's zone, or ?day=YYYY-MM-DD) with passengers
        and phone numbers: the dispatcher's page and its printable manifest."""
        import datetime as dt

        if not can_view_transfers(request.user):
            raise PermissionDenied
        assembly = current_assembly()
        if assembly is None:
            raise Http404
        try:
            day = dt.date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            day = dt.datetime.now(assembly.tz).date()
        runs = selectors.transfer_runs_on(assembly, day)
        drivers = [
            (
                name,
                phone,
                request.build_absolute_uri(
                    reverse("logistics:driver", args=[driver_token(assembly.pk, phone)])
                ),
            )
            for name, phone in selectors.drivers_on(runs)
        ]
        context = {
            "shuttles": list(selectors.shuttles_on(assembly, day)),
            "drivers": drivers,
            "can_plan": can_manage_transfers(request.user),
            **self.admin_site.each_context(request),
            "title": gettext("Transfer runs of %(day)s") % {"day": day.isoformat()},
            "runs": runs,
            "assembly": assembly,
            "day": day,
        }
        return render(request, "logistics/admin/dispatch.html", context)


@admin.register(TransferSeat)
class TransferSeatAdmin(ServiceAdmin):
    list_display = ("delegate", "run")
    list_select_related = ("delegate", "run__hotel")
    fields = ("delegate", "run")
    readonly_fields = ("delegate",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        current = TransferSeat.objects.select_related("delegate").get(pk=obj.pk)
        services.move_transfer_seat(seat=current, run=form.cleaned_data["run"], by=request.user)


@admin.register(Shuttle)
class ShuttleAdmin(ServiceAdmin):
    """Daily shuttles, planned from the agenda on the dispatcher's page; read here."""

    list_display = ("day", "leaves", "hotel", "way", "passengers", "vehicles", "capacity")
    list_filter = ("assembly", "hotel", "way", "day")
    list_select_related = ("hotel__assembly",)
    fields = ("assembly", "hotel", "day", "way", "leaves_at", "passengers", "vehicles", "capacity")
    readonly_fields = fields

    @admin.display(description=_("leaves"), ordering="leaves_at")
    def leaves(self, obj: Shuttle) -> str:
        assembly = obj.hotel.assembly
        return format_local(obj.leaves_at, assembly.tz, assembly.city, "%Y-%m-%d %H:%M")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
