"""The organisers' pages to run a vote: the votes of the assembly with the quorum, and one
round's console (live count, close, paper double entry, certify); the hall display's poll.

Staff pages behind named permissions (apps/elections/permissions.py): anyone else gets a 404,
so the pages' existence does not leak. Every action is a plain form post (works without JS)
that calls one service; the services audit it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.errors import ApplicationError
from apps.core.selectors import current_assembly
from apps.elections import selectors
from apps.elections.forms import PaperCountForm
from apps.elections.models import Election, Mode, Resolution, Round
from apps.elections.permissions import (
    can_certify_round,
    can_count_paper_ballots,
    can_manage_elections,
    can_view_all_elections,
)
from apps.elections.services import voting


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _require(check: Callable[[Any], bool], user) -> None:
    if not check(user):
        raise Http404


def _round(pk: int) -> Round:
    found = selectors.round_of(_assembly(), pk).first()
    if found is None:
        raise Http404
    return found


def _act(request, call: Callable[[], Any], done: str) -> None:
    """Run one service; its refusal becomes a message on the page it came from."""
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, done)


@login_required
@require_GET
def organise(request):
    """Every seat and resolution of the assembly, the quorum before a vote opens, and the
    buttons that open a vote (the roll is frozen then)."""
    _require(can_view_all_elections, request.user)
    assembly = _assembly()
    return render(
        request,
        "elections/organise.html",
        {
            "assembly": assembly,
            "quorum": selectors.quorum(assembly),
            "elections": list(selectors.elections_to_run(assembly)),
            "resolutions": list(selectors.resolutions_to_run(assembly)),
            "can_manage": can_manage_elections(request.user),
        },
    )


def _open_vote(request, **subject) -> HttpResponse:
    """Open a round on an election or a resolution, then go to its console."""
    opened: list[Round] = []
    _act(
        request,
        lambda: opened.append(voting.open_round(**subject, by=request.user)),
        _("The vote is open; the roll is frozen."),
    )
    if opened:
        return redirect("elections:console", pk=opened[0].pk)
    return redirect("elections:organise")


@login_required
@require_POST
def open_election(request, pk: int):
    _require(can_manage_elections, request.user)
    election = get_object_or_404(Election, pk=pk, assembly=_assembly())
    return _open_vote(request, election=election)


@login_required
@require_POST
def open_resolution(request, pk: int):
    _require(can_manage_elections, request.user)
    resolution = get_object_or_404(Resolution, pk=pk, assembly=_assembly())
    return _open_vote(request, resolution=resolution)


def _paper_form(round_: Round, user, data=None) -> PaperCountForm | None:
    """The teller's form, while a closed paper round still needs a count."""
    if (
        round_.mode != Mode.PAPER
        or round_.status != Round.Status.CLOSED
        or not can_count_paper_ballots(user)
        or round_.result
    ):
        return None
    return PaperCountForm(data, round_=round_)


@login_required
@never_cache
@require_GET
def console(request, pk: int):
    _require(can_view_all_elections, request.user)
    round_ = _round(pk)
    return _render_console(request, round_, _paper_form(round_, request.user))


def _render_console(request, round_: Round, paper_form: PaperCountForm | None, status=200):
    counts = list(round_.paper_counts.select_related("teller").order_by("stage"))
    return render(
        request,
        "elections/console.html",
        {
            "round": round_,
            "state": selectors.display_state(round_),
            "rows": selectors.result_rows(round_) if round_.status != Round.Status.OPEN else [],
            "outcome": selectors.round_outcome(round_)
            if round_.status != Round.Status.OPEN
            else "",
            "paper_counts": counts,
            "paper_form": paper_form,
            "second_count": bool(counts),
            "mismatch": voting.paper_counts_differ(round_),
            "can_manage": can_manage_elections(request.user),
            "can_certify": can_certify_round(request.user),
            "can_count": can_count_paper_ballots(request.user),
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def state(request, pk: int):
    """The hall display's and the console's poll: the live count, the tally once closed."""
    _require(can_view_all_elections, request.user)
    return JsonResponse(selectors.display_state(_round(pk)))


@login_required
@require_POST
def close(request, pk: int):
    _require(can_manage_elections, request.user)
    round_ = _round(pk)
    _act(
        request,
        lambda: voting.close_round(round_=round_, by=request.user),
        _("The vote is closed."),
    )
    return redirect("elections:console", pk=round_.pk)


@login_required
@require_POST
def certify(request, pk: int):
    _require(can_certify_round, request.user)
    round_ = _round(pk)
    _act(
        request,
        lambda: voting.certify_round(round_=round_, by=request.user),
        _("The result is certified."),
    )
    return redirect("elections:console", pk=round_.pk)


@login_required
@require_http_methods(["POST"])
def paper_count(request, pk: int):
    """A teller enters the count; the second teller enters it again without seeing the first."""
    _require(can_count_paper_ballots, request.user)
    round_ = _round(pk)
    form = _paper_form(round_, request.user, request.POST)
    if form is None:
        messages.error(request, _("This round takes no paper count now."))
        return redirect("elections:console", pk=round_.pk)
    if not form.is_valid():
        return _render_console(request, round_, form, status=400)
    try:
        voting.enter_paper_count(
            round_=round_,
            by=request.user,
            votes=form.votes(),
            abstentions=form.cleaned_data["abstentions"],
            invalid=form.cleaned_data["invalid"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _render_console(request, round_, form, status=exc.status)
    messages.success(request, _("The count is entered."))
    return redirect("elections:console", pk=round_.pk)


@login_required
@require_POST
def discard_counts(request, pk: int):
    _require(can_count_paper_ballots, request.user)
    round_ = _round(pk)
    _act(
        request,
        lambda: voting.discard_paper_counts(round_=round_, by=request.user),
        _("Both counts are discarded: the tellers count again."),
    )
    return redirect("elections:console", pk=round_.pk)
