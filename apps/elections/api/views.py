"""Elections API: seats and results (public to every account of the assembly), the ballot (a
focal point for their delegation on the frozen roll), organisers' close and certify."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.selectors import current_assembly
from apps.elections import selectors
from apps.elections.api.filters import ElectionFilter
from apps.elections.api.serializers import (
    BallotInputSerializer,
    ElectionOutputSerializer,
    ReceiptOutputSerializer,
    RoundOutputSerializer,
)
from apps.elections.models import Election, Round
from apps.elections.permissions import can_manage_elections, can_view_all_elections
from apps.elections.services import voting


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _round(request, pk: int) -> Round:
    return get_in_scope_or_404(selectors.round_of(_assembly(), pk), request.user, pk=pk)


def _round_data(round_: Round, user) -> dict:
    """The tally shows once the round is certified (organisers: once it is closed)."""
    visible = round_.status == Round.Status.CERTIFIED or (
        round_.status == Round.Status.CLOSED and can_view_all_elections(user)
    )
    return {
        "id": round_.pk,
        "election": round_.election_id,
        "resolution": round_.resolution_id,
        "number": round_.number,
        "mode": round_.mode,
        "status": round_.status,
        "roll_size": round_.roll_size,
        "present": round_.present,
        "ballots_cast": selectors.ballots_cast(round_),
        "result": round_.result if visible else None,
        "tally": [row.__dict__ for row in selectors.result_rows(round_)] if visible else [],
    }


class ElectionListApi(ListApiView):
    """The seats of the current assembly with their rules, candidates and rounds."""

    serializer_class = ElectionOutputSerializer
    filterset_class = ElectionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Election.objects.none()
        return selectors.elections_of(_assembly()).order_by("seat", "region", "pk")


class RoundDetailApi(ApiView):
    @extend_schema(responses=RoundOutputSerializer)
    def get(self, request, pk: int):
        return Response(_round_data(_round(request, pk), request.user))


class BallotCastApi(ApiView):
    """Cast the ballot of the user's delegation in this round.

    `Idempotency-Key` is deliberately ignored here: remembering the answer would store, beside
    the user, the receipt (and the body's digest would reveal the choice). A retry after a lost
    answer is refused with 409 ("already voted"): a country never votes twice."""

    def _idempotency_key(self, request) -> str | None:
        return None

    @extend_schema(request=BallotInputSerializer, responses={201: ReceiptOutputSerializer})
    def post(self, request, pk: int):
        round_ = _round(request, pk)
        entry = selectors.roll_entry_for(request.user, round_=round_)
        if entry is None:
            raise Http404
        serializer = BallotInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        receipt = voting.cast_ballot(
            round_=round_,
            choice=serializer.validated_data["choice"],
            by=request.user,
            delegation=entry.delegation,
        )
        return Response({"receipt": receipt}, status=status.HTTP_201_CREATED)


class RoundCloseApi(ApiView):
    @extend_schema(request=None, responses=RoundOutputSerializer)
    def post(self, request, pk: int):
        if not can_view_all_elections(request.user):
            raise Http404
        if not can_manage_elections(request.user):
            raise PermissionDenied
        round_ = voting.close_round(round_=_round(request, pk), by=request.user)
        return Response(_round_data(round_, request.user))


class RoundCertifyApi(ApiView):
    @extend_schema(request=None, responses=RoundOutputSerializer)
    def post(self, request, pk: int):
        if not can_view_all_elections(request.user):
            raise Http404
        round_ = voting.certify_round(round_=_round(request, pk), by=request.user)
        return Response(_round_data(round_, request.user))
