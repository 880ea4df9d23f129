"""What the meetings admin screens share: error messages, running the scheduler, the slot form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room
from apps.core.errors import ApplicationError
from apps.core.timezones import format_local
from apps.meetings.grid import Grid
from apps.meetings.models import (
    ScheduleRun,
)
from apps.meetings.scheduler_adapter import run_schedule_now


def _message(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return gettext("You are not allowed to do this.")


def _run_now(modeladmin, request, assembly) -> None:
    if assembly is None:
        modeladmin.message_user(request, gettext("There is no assembly."), messages.ERROR)
        return
    try:
        run = run_schedule_now(assembly=assembly, by=request.user)
    except PermissionDenied:
        modeladmin.message_user(request, gettext("You may not run the scheduler."), messages.ERROR)
        return
    if run is None:
        modeladmin.message_user(
            request,
            gettext("The scheduler is already running; one more run will follow it."),
            messages.WARNING,
        )
    elif run.status == ScheduleRun.Status.SUCCEEDED:
        figures = run.figures
        modeladmin.message_user(
            request,
            gettext(
                "Scheduler run done: %(placed)s placed (%(created)s new, %(moved)s moved), "
                "%(unplaced)s not placed, weight %(weight)s of at most %(bound)s."
            )
            % {
                "placed": figures.get("placed", "?"),
                "created": figures.get("created", 0),
                "moved": figures.get("moved", 0),
                "unplaced": len(run.unplaced),
                "weight": figures.get("weight", "?"),
                "bound": figures.get("upper_bound", "?"),
            },
        )
    else:
        modeladmin.message_user(
            request,
            gettext("The scheduler run failed: %(error)s") % {"error": run.error},
            messages.ERROR,
        )


class MoveForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    slot = forms.TypedChoiceField(label=_("Start"), coerce=int)

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        grid = Grid.of(assembly)
        self.grid = grid
        self.fields["room"].queryset = Room.objects.filter(venue__assembly=assembly).order_by(
            "kind", "code"
        )
        self.fields["slot"].choices = [
            (
                index,
                f"{grid.start(index).astimezone(assembly.tz):%a %d %b} "
                + format_local(grid.start(index), assembly.tz, assembly.city),
            )
            for index in range(grid.count)
        ]
