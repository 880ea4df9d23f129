"""Portal pages: the agenda by day, a delegation's programme, its calendar feeds."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.agenda import services
from apps.agenda.calendar import build_calendar, extra_events, session_event
from apps.agenda.feeds import feed_by_token, feed_token
from apps.agenda.forms import AgendaFilterForm
from apps.agenda.models import CalendarFeed
from apps.agenda.permissions import feed_delegation
from apps.agenda.selectors import (
    programme_for_delegate,
    programme_for_delegation,
    rooms_for_assembly,
    sessions_on_day,
    visible_sessions,
)
from apps.agenda.timeline import timeline
from apps.core.access import get_in_scope_or_404
from apps.core.editions import request_portal_assembly
from apps.core.ids import parse_id
from apps.delegations.selectors import delegation_of


def _assembly_or_404(request):
    assembly = request_portal_assembly(request)
    if assembly is None:
        raise Http404
    return assembly


def _default_day(assembly) -> dt.date:
    today = timezone.now().astimezone(assembly.tz).date()
    return today if today in assembly.days else assembly.start_date


@login_required
@require_GET
def agenda(request):
    """The programme of one day, in local time, filterable by kind and room."""
    assembly = _assembly_or_404(request)
    rooms = rooms_for_assembly(assembly=assembly).exclude(kind="bilateral")
    data = request.GET.copy()
    data.setdefault("day", _default_day(assembly).isoformat())
    form = AgendaFilterForm(data, assembly=assembly, rooms=rooms)
    if form.is_valid():
        day = form.cleaned_data["day"] or _default_day(assembly)
        kind = form.cleaned_data["kind"] or None
        room = form.cleaned_data["room"]
    else:
        day, kind, room = _default_day(assembly), None, None
    sessions = list(sessions_on_day(request.user, assembly=assembly, day=day, kind=kind, room=room))
    context = {
        "assembly": assembly,
        "current_assembly": assembly,  # spares base.html a second query
        "form": form,
        "day": day,
        "days": assembly.days,
        "sessions": sessions,
        "kind": kind or "",
        "room": room,
        "query_without_day": _query_without(request, "day"),
    }
    return render(request, "agenda/agenda.html", context)


def _query_without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _own_delegation(request, assembly):
    delegation = delegation_of(request.user, assembly=assembly)
    if delegation is None:
        raise Http404
    return delegation


@login_required
@require_GET
def programme(request, printable: bool = False):
    """The sessions the delegation must or may attend (and, later, its meetings), by day."""
    assembly = _assembly_or_404(request)
    delegation = _own_delegation(request, assembly)
    # The page shows no speakers and reads the assembly from the context, not from each session:
    # loading them cost half the time of fetching the sessions.
    sessions = (
        programme_for_delegation(delegation, include_cancelled=True)
        .prefetch_related(None)
        .select_related(None)
        .select_related("room__venue")
    )
    context = {
        "assembly": assembly,
        "current_assembly": assembly,  # spares base.html a second query
        "delegation": delegation,
        "days": timeline(delegation=delegation, sessions=sessions, tz=assembly.tz),
        "printable": printable,
    }
    template = "agenda/programme_print.html" if printable else "agenda/programme.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def calendars(request):
    """The delegation's and each delegate's subscribable calendar address; rotate a token."""
    assembly = _assembly_or_404(request)
    delegation = _own_delegation(request, assembly)
    if request.method == "POST":
        return _rotate(request, delegation)
    services.ensure_feeds(delegation=delegation, by=request.user)
    feeds = list(
        CalendarFeed.objects.filter(
            Q(delegation=delegation) | Q(delegate__delegation=delegation)
        ).select_related("delegate")
    )
    delegation_feed = next(f for f in feeds if f.delegation_id)
    rows = []
    for feed in sorted(
        (f for f in feeds if f.delegate_id),
        key=lambda f: (f.delegate.family_name, f.delegate.given_names, f.pk),
    ):
        url = _feed_url(request, feed)
        rows.append({"delegate": feed.delegate, "feed": feed, "url": url, "webcal": _webcal(url)})
    context = {
        "assembly": assembly,
        "current_assembly": assembly,  # spares base.html a second query
        "delegation": delegation,
        "delegation_feed": delegation_feed,
        "delegation_url": _feed_url(request, delegation_feed),
        "delegation_webcal": _webcal(_feed_url(request, delegation_feed)),
        "rows": rows,
    }
    return render(request, "agenda/calendars.html", context)


def _rotate(request, delegation):
    feed_id = parse_id(request.POST.get("feed"), field="feed")
    scoped = CalendarFeed.objects.filter(
        Q(delegation=delegation) | Q(delegate__delegation=delegation)
    )
    feed = get_object_or_404(scoped, pk=feed_id)
    services.rotate_feed_token(feed=feed, by=request.user)
    messages.success(
        request, _("A new calendar address was made; the previous one no longer works.")
    )
    return redirect("agenda:calendars")


def _feed_url(request, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("agenda:feed", args=[feed_token(feed)]))


def _webcal(url: str) -> str:
    """The same address with the scheme calendar applications open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


@never_cache
@require_GET
def feed(request, token: str):
    """The iCalendar file behind a secret address; an unknown or rotated token is a 404."""
    calendar_feed = feed_by_token(token)
    if calendar_feed is None:
        raise Http404
    delegation = feed_delegation(calendar_feed)
    assembly = delegation.assembly
    delegate = calendar_feed.delegate
    if delegate is not None:
        sessions = programme_for_delegate(delegate, include_cancelled=True)
        name = f"{assembly.name}: {delegate.full_name}"
    else:
        sessions = programme_for_delegation(delegation, include_cancelled=True)
        name = f"{assembly.name}: {delegation.name}"
    events = [session_event(s) for s in sessions]
    events += extra_events(delegation=delegation, delegate=delegate)
    body = build_calendar(events, name=name, tz=assembly.tz)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="programme.ics"'
    return response


@login_required
@require_GET
def session_ics(request, pk: int):
    """One published session as a file to add to a calendar."""
    assembly = _assembly_or_404(request)
    qs = visible_sessions(request.user, assembly=assembly).select_related("room__venue", "assembly")
    session = get_in_scope_or_404(qs, request.user, pk=pk)
    response = HttpResponse(session.to_ics(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response
