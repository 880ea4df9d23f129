"""Portal pages: the votes of the assembly, the ballot (phone-sized), the booth, the receipt
check, and the hall's results display."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.access import get_in_scope_or_404
from apps.core.errors import ApplicationError
from apps.core.selectors import current_assembly
from apps.elections import selectors
from apps.elections.forms import BallotForm, BoothForm, ReceiptForm
from apps.elections.models import Round
from apps.elections.permissions import can_view_all_elections
from apps.elections.services import voting


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _round(request, pk: int) -> Round:
    assembly = _assembly()
    return get_in_scope_or_404(selectors.round_of(assembly, pk), request.user, pk=pk)


@login_required
@require_GET
def vote_list(request):
    assembly = _assembly()
    organiser = can_view_all_elections(request.user)
    return render(
        request,
        "elections/list.html",
        {
            "assembly": assembly,
            "elections": list(selectors.elections_of(assembly)),
            "resolutions": list(selectors.resolutions_of(assembly)),
            "my_rounds": list(selectors.voting_rounds_for(request.user, assembly=assembly)),
            "is_organiser": organiser,
            "quorum": selectors.quorum(assembly) if organiser else None,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request, pk: int):
    """The focal point's account casts on behalf of the credentialed voting delegate."""
    assembly = _assembly()
    round_ = get_in_scope_or_404(selectors.round_of(assembly, pk), request.user, pk=pk)
    entry = selectors.roll_entry_for(request.user, round_=round_)
    if entry is None:
        raise Http404
    form = BallotForm(request.POST or None, round_=round_)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            receipt = voting.cast_ballot(
                round_=round_,
                choice=form.cleaned_data["choice"],
                by=request.user,
                delegation=entry.delegation,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return render(request, "elections/receipt.html", {"round": round_, "code": receipt})
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "elections/vote.html",
        {"round": round_, "entry": entry, "form": form, "booth": False},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def booth(request, pk: int):
    """A booth in the hall: the one-time code an organiser handed the voting delegate is the
    only credential (no account)."""
    assembly = _assembly()
    round_ = get_in_scope_or_404(selectors.round_of(assembly, pk), request.user, pk=pk)
    if round_.status != Round.Status.OPEN:
        raise Http404
    form = BoothForm(request.POST or None, round_=round_)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            receipt = voting.cast_ballot(
                round_=round_,
                choice=form.cleaned_data["choice"],
                booth_code=form.cleaned_data["code"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            return render(request, "elections/receipt.html", {"round": round_, "code": receipt})
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "elections/vote.html",
        {"round": round_, "form": form, "booth": True},
        status=status,
    )


@require_GET
def receipt(request, pk: int):
    """Anyone holding a receipt checks that its ballot is in the round's count."""
    assembly = _assembly()
    round_ = get_in_scope_or_404(selectors.round_of(assembly, pk), request.user, pk=pk)
    form = ReceiptForm(request.GET or None)
    counted = None
    if form.is_valid():
        counted = voting.ballot_counted(round_=round_, receipt=form.cleaned_data["receipt"])
    return render(
        request,
        "elections/receipt_check.html",
        {"round": round_, "form": form, "counted": counted},
        status=400 if request.GET and not form.is_valid() else 200,
    )


@login_required
@never_cache
@require_GET
def display(request, pk: int):
    """The hall's screen: ballots cast while open, the full tally once closed."""
    if not can_view_all_elections(request.user):
        raise Http404
    round_ = _round(request, pk)
    return render(
        request,
        "elections/display.html",
        {"round": round_, "state": selectors.display_state(round_)},
    )
