"""Portal pages of a delegation's focal points: travel records and room bookings.

Organisers work in the admin (travel records, hotels, occupancy, rooming lists)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ApplicationError
from apps.core.forms import claim_submission, record_submission, repeat_of_submission
from apps.delegations.selectors import delegates_of
from apps.delegations.views import _form_errors, portal_view
from apps.logistics import selectors, services
from apps.logistics.forms import BookingForm, TravelForm
from apps.logistics.models import Allocation, TravelRecord


@portal_view
def travel(request, delegation):
    delegates = list(selectors.delegates_with_travel(delegation))
    return render(
        request,
        "logistics/travel.html",
        {"delegation": delegation, "delegates": delegates, "assembly": delegation.assembly},
    )


@portal_view
def travel_edit(request, delegation, pk: int):
    delegate = get_object_or_404(selectors.delegates_with_travel(delegation), pk=pk)
    record = TravelRecord.objects.filter(delegate=delegate).first()
    form = TravelForm(request.POST or None, assembly=delegation.assembly, record=record)
    if request.method == "POST" and form.is_valid():
        location = reverse("logistics:travel")
        try:
            with transaction.atomic():
                if (earlier := claim_submission(request, form)) is not None:
                    return repeat_of_submission(request, earlier)
                services.save_travel_record(delegate=delegate, by=request.user, **form.changes())
                record_submission(request, form, location)
        except (ApplicationError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The travel of %(name)s is saved.") % {"name": delegate})
            return redirect(location)
    return render(
        request,
        "logistics/travel_form.html",
        {"form": form, "delegation": delegation, "delegate": delegate, "record": record},
    )


@portal_view
def rooms(request, delegation):
    allocations = list(selectors.allocations_of(delegation))
    form = BookingForm(
        request.POST or None,
        allocations=Allocation.objects.filter(delegation=delegation).select_related("block__hotel"),
        delegates=delegates_of(delegation),
    )
    if request.method == "POST" and form.is_valid():
        location = reverse("logistics:rooms")
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if (earlier := claim_submission(request, form)) is not None:
                    return repeat_of_submission(request, earlier)
                services.book_room(
                    allocation=data["allocation"],
                    guests=list(data["guests"]),
                    check_in=data["check_in"],
                    check_out=data["check_out"],
                    by=request.user,
                )
                record_submission(request, form, location)
        except (ApplicationError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The room is booked."))
            return redirect(location)
    return render(
        request,
        "logistics/rooms.html",
        {"delegation": delegation, "allocations": allocations, "form": form},
    )


@require_POST
@portal_view
def booking_cancel(request, delegation, pk: int):
    booking = get_object_or_404(selectors.bookings_for_delegation(delegation), pk=pk)
    try:
        services.cancel_booking(booking=booking, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("logistics:rooms")
