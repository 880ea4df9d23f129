"""What the meetings admin screens share: error messages, running the scheduler, the slot form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room
from apps.core.errors import ApplicationError
from apps.core.timezones import format_local
from apps.meetings.grid import Grid
from apps.meetings.services.runs import start_schedule_run


def error_message(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return gettext("You are not allowed to do this.")


def run_scheduler_now(modeladmin, request, assembly) -> HttpResponse:
    """Send the scheduler to a worker and open the run's page, which follows its progress."""
    changelist = redirect("admin:meetings_schedulerun_changelist")
    if assembly is None:
        modeladmin.message_user(request, gettext("There is no assembly."), messages.ERROR)
        return changelist
    try:
        run = start_schedule_run(assembly=assembly, by=request.user)
    except PermissionDenied:
        modeladmin.message_user(request, gettext("You may not run the scheduler."), messages.ERROR)
        return changelist
    modeladmin.message_user(
        request,
        gettext("The scheduler run is queued; this page follows it until it is done."),
    )
    return redirect("admin:meetings_schedulerun_change", run.pk)


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
