"""Portal pages: a focal point's own badges, the gate check-in page (gate staff) and presence
(organisers who may see it). Anyone else gets a 404."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.badges import selectors
from apps.badges.models import Reason
from apps.badges.permissions import can_scan_badges, can_view_all_badges, can_view_presence
from apps.core.access import is_organiser
from apps.core.i18n import sorted_by_name
from apps.core.selectors import current_assembly
from apps.delegations.selectors import delegation_of


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


@login_required
@require_GET
def own_badges(request):
    """The focal point's delegation's badges: status, printed, collected."""
    if is_organiser(request.user):
        if can_view_all_badges(request.user):
            return redirect("admin:badges_badge_changelist")
        raise Http404
    assembly = _assembly()
    delegation = delegation_of(request.user, assembly=assembly)
    if delegation is None:
        raise Http404(_("You are not a focal point of a delegation at this assembly."))
    badges = list(
        selectors.badges_for_user(request.user, assembly=assembly)
        .filter(delegate__delegation=delegation)
        .order_by("delegate__family_name", "delegate__given_names", "id")
    )
    return render(
        request,
        "badges/own.html",
        {"badges": badges, "delegation": delegation, "assembly": assembly},
    )


@login_required
@require_GET
def gate(request):
    """The check-in page: scan (camera or USB scanner), or search by name; works offline."""
    if not can_scan_badges(request.user):
        raise Http404
    assembly = _assembly()
    config = {
        "scanUrl": reverse("api:badge-scan-record"),
        "syncUrl": reverse("api:badge-scan-sync"),
        "bundleUrl": reverse("api:badge-gate-bundle"),
        "serviceWorkerUrl": reverse("badges:gate-sw"),
        "scope": reverse("badges:gate"),
        "reasons": {choice.value: str(choice.label) for choice in Reason},
        "texts": {
            "admitted": _("Admitted"),
            "refused": _("Refused"),
            "offline": _("Offline: decided on this device"),
            "queued": _("Scans waiting to be sent: %(n)s"),
            "synced": _("Sent"),
            "whileRevoked": _("Admitted while revoked: %(n)s"),
            "noBundle": _("Download the gate list first."),
            "bundleReady": _("Gate list ready: %(n)s badges"),
            "cameraOff": _("No camera scanning on this device: type or use a scanner."),
        },
    }
    return render(
        request,
        "badges/gate.html",
        {"zones": list(selectors.zones_of(assembly)), "assembly": assembly, "config": config},
    )


@login_required
@require_GET
def gate_service_worker(request):
    """The gate page's service worker, served under its scope so it may control /badges/gate/."""
    if not can_scan_badges(request.user):
        raise Http404
    response = render(request, "badges/gate_sw.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_GET
def presence(request):
    if not can_view_presence(request.user):
        raise Http404
    assembly = _assembly()
    countries = sorted_by_name(selectors.plenary_countries_present(assembly), lambda c: c.name)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(assembly.time_zone)).date()
    entered = {row["zone"].pk: row for row in selectors.presence_on_day(assembly, today)}
    zones = [
        {**row, "entered_today": entered[row["zone"].pk]["people"]}
        for row in selectors.presence_by_zone(assembly)
    ]
    return render(
        request,
        "badges/presence.html",
        {
            "assembly": assembly,
            "today": today,
            "zones": zones,
            "countries": countries,
            "by_region": selectors.presence_by_region(assembly),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def media_apply(request):
    """The public media-accreditation form (no account): a pending application, acknowledged
    by e-mail; the organisers decide."""
    from apps.accounts import throttle
    from apps.badges.forms import MediaApplicationForm
    from apps.badges.services.media import submit_media_application

    assembly = _assembly()
    form = MediaApplicationForm(request.POST or None, request.FILES or None, assembly=assembly)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                submit_media_application(
                    assembly=assembly,
                    data=form.cleaned_data,
                    photo=form.cleaned_data["photo"],
                    address=throttle.client_address(request),
                    language=get_language() or "en",
                )
            except throttle.Throttled as exc:
                form.add_error(None, throttle.lockout_message(exc.retry_after))
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "Application received. We have sent you an acknowledgement by e-mail; "
                        "the organisers will tell you their decision the same way."
                    ),
                )
                return redirect("badges:media-apply")
        else:
            status = 400
    return render(
        request, "badges/media_apply.html", {"form": form, "assembly": assembly}, status=status
    )
