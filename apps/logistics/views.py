"""Portal pages of a delegation's focal points: travel records and room bookings.

Organisers work in the admin (travel records, hotels, occupancy, rooming lists)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.access import get_in_scope_or_404
from apps.core.errors import ApplicationError
from apps.core.forms import claim_submission, record_submission, repeat_of_submission
from apps.core.models import Assembly
from apps.core.selectors import current_assembly
from apps.delegations.selectors import delegates_of
from apps.delegations.views import _form_errors, portal_view
from apps.logistics import selectors, services
from apps.logistics.drivers import read_driver_token
from apps.logistics.forms import BookingForm, TravelForm, VisaRequestForm
from apps.logistics.letters import visa_letter_pdf
from apps.logistics.models import Allocation, TravelRecord, VisaLetter
from apps.logistics.services.visas import record_visa_letter_read


@portal_view
def travel(request, delegation):
    delegates = list(selectors.delegates_with_travel(delegation))
    return render(
        request,
        "logistics/travel.html",
        {
            "delegation": delegation,
            "delegates": delegates,
            "assembly": delegation.assembly,
            "visa_form": VisaRequestForm(
                initial={"language": getattr(request.user, "preferred_language", "") or "en"}
            ),
            "Visa": VisaLetter.Status,
        },
    )


@portal_view
def shuttles(request, delegation):
    """The daily shuttles of the hotels the delegation is booked in."""
    return render(
        request,
        "logistics/shuttles.html",
        {
            "delegation": delegation,
            "assembly": delegation.assembly,
            "shuttles": list(selectors.shuttles_for_delegation(delegation)),
        },
    )


@require_GET
def driver(request, token: str):
    """A driver's runs from today on, on a phone: no account, a signed link (see drivers.py)."""
    found = read_driver_token(token)
    assembly = Assembly.objects.filter(pk=found[0]).first() if found else None
    if found is None or assembly is None:
        raise Http404
    now = timezone.now()
    today = dt.datetime.combine(now.astimezone(assembly.tz).date(), dt.time(0), tzinfo=assembly.tz)
    runs = selectors.driver_runs(assembly, found[1], since=today)
    response = render(
        request,
        "logistics/driver.html",
        {"runs": runs, "assembly": assembly, "now": now, "phone": found[1]},
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


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


@require_POST
@portal_view
def visa_request(request, delegation, pk: int):
    delegate = get_object_or_404(delegates_of(delegation), pk=pk)
    form = VisaRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("logistics:travel")
    try:
        services.request_visa_letter(delegate=delegate, by=request.user, **form.cleaned_data)
    except (ApplicationError, ValidationError) as exc:
        messages.error(
            request, exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
        )
    else:
        messages.success(request, _("The visa letter is requested."))
    return redirect("logistics:travel")


@login_required
@require_GET
def visa_pdf(request, pk: int):
    """The approved letter, for its delegation's focal points and organisers who see letters."""
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    letter = get_in_scope_or_404(
        selectors.visa_letters_for_user(request.user, assembly=assembly), request.user, pk=pk
    )
    if letter.status != VisaLetter.Status.APPROVED:
        raise Http404
    record_visa_letter_read(letter=letter, by=request.user)
    response = HttpResponse(visa_letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def visa_verify(request, reference: str, token: str):
    """Public: whoever holds the letter's QR code sees whether it is genuine and approved."""
    letter = (
        VisaLetter.objects.filter(reference=reference)
        .select_related("delegate__travel", "delegate__delegation__assembly")
        .first()
    )
    if letter is None or not services.verification_matches(letter, token):
        raise Http404
    return render(request, "logistics/visa_verify.html", {"letter": letter})
