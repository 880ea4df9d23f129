"""Ceremonies API: reads scoped to the user (focal points see only their delegation's roles),
writes for organisers only. One view per operation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.ceremonies import selectors, services
from apps.ceremonies.api.filters import CeremonyFilter, CeremonyRoleFilter
from apps.ceremonies.api.serializers import (
    AdvanceInputSerializer,
    CeremonyDetailOutputSerializer,
    CeremonyOutputSerializer,
    CeremonyRoleOutputSerializer,
    ConsoleStateOutputSerializer,
    CueInputSerializer,
    CueOutputSerializer,
    CueReorderInputSerializer,
    PrecedenceOutputSerializer,
    RehearsalOutputSerializer,
    TimelineRowOutputSerializer,
    UndoAdvanceInputSerializer,
)
from apps.ceremonies.models import Ceremony, CeremonyRole
from apps.ceremonies.permissions import (
    can_manage_ceremonies,
    can_view_ceremonies,
    can_view_console,
)
from apps.core.api.base import ApiView, ListApiView
from apps.core.editions import portal_assembly, request_portal_assembly


def _assembly(request):
    # A session's user is the one the middleware resolved the edition for; a token's user is
    # known only now (the API authenticates after the middleware ran).
    if request.auth is None:
        assembly = request_portal_assembly(request)
    else:
        assembly = portal_assembly(request.user)
    if assembly is None:
        raise Http404
    return assembly


def _organiser_ceremony(request, pk: int, *, write: bool):
    """Non-organisers: 404 (existence must not leak); read-only organisers writing: 403."""
    user = request.user
    if not can_view_console(user):
        raise Http404
    if write and not can_manage_ceremonies(user):
        raise PermissionDenied
    return selectors.ceremony_for_organiser(assembly=_assembly(request), pk=pk)


class CeremonyListApi(ListApiView):
    """Ceremonies of the current assembly: all for organisers, for a focal point only those in
    which their delegation's delegates have a role."""

    serializer_class = CeremonyOutputSerializer
    filterset_class = CeremonyFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ceremony.objects.none()
        ceremonies = selectors.ceremonies_for_user(
            self.request.user, assembly=_assembly(self.request)
        )
        return ceremonies.order_by("session__starts_at", "id")


class CeremonyDetailApi(ApiView):
    @extend_schema(responses=CeremonyDetailOutputSerializer)
    def get(self, request, pk: int):
        assembly = _assembly(request)
        ceremony = selectors.ceremony_for_user(request.user, assembly=assembly, pk=pk)
        if can_view_ceremonies(request.user):
            roles = list(
                ceremony.roles.select_related("delegate", "ceremony").order_by("call_time", "id")
            )
            timeline = selectors.ceremony_timeline(ceremony)
            rehearsals = RehearsalOutputSerializer(ceremony.rehearsals.all(), many=True).data
            precedence = PrecedenceOutputSerializer(
                selectors.precedence_of(ceremony), many=True
            ).data
        else:
            roles = ceremony.own_roles  # type: ignore[attr-defined]  # prefetched to_attr
            timeline, rehearsals, precedence = None, None, None
        data = CeremonyOutputSerializer(ceremony).data
        data["roles"] = CeremonyRoleOutputSerializer(roles, many=True).data
        data["timeline"] = (
            TimelineRowOutputSerializer(timeline, many=True).data if timeline is not None else None
        )
        data["rehearsals"] = rehearsals
        data["precedence"] = precedence
        return Response(data)


class CeremonyRoleListApi(ListApiView):
    """Roles with call time and position: a focal point sees only those of their own
    delegation's delegates."""

    serializer_class = CeremonyRoleOutputSerializer
    filterset_class = CeremonyRoleFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CeremonyRole.objects.none()
        roles = selectors.roles_for_user(self.request.user, assembly=_assembly(self.request))
        return roles.order_by("call_time", "id")


class CeremonyTimelineApi(ApiView):
    @extend_schema(responses=TimelineRowOutputSerializer(many=True))
    def get(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=False)
        return Response(
            TimelineRowOutputSerializer(selectors.ceremony_timeline(ceremony), many=True).data
        )


class CueCreateApi(ApiView):
    @extend_schema(
        request=CueInputSerializer,
        responses={201: CueOutputSerializer},
        description="Append a cue; 400 with overrun_minutes when the run would not fit.",
    )
    def post(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=True)
        serializer = CueInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cue = services.add_cue(ceremony=ceremony, by=request.user, **serializer.validated_data)
        return Response(CueOutputSerializer(cue).data, status=status.HTTP_201_CREATED)


class CueReorderApi(ApiView):
    @extend_schema(
        request=CueReorderInputSerializer, responses=TimelineRowOutputSerializer(many=True)
    )
    def post(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=True)
        serializer = CueReorderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.reorder_cues(
            ceremony=ceremony, cue_ids=serializer.validated_data["cue_ids"], by=request.user
        )
        return Response(
            TimelineRowOutputSerializer(selectors.ceremony_timeline(ceremony), many=True).data
        )


class CeremonyFinaliseApi(ApiView):
    @extend_schema(
        request=None,
        responses=CeremonyOutputSerializer,
        description="Mark final; 400 listing missing_roles or overrun_minutes otherwise.",
    )
    def post(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=True)
        services.mark_final(ceremony=ceremony, by=request.user)
        return Response(CeremonyOutputSerializer(ceremony).data)


class CeremonyConsoleApi(ApiView):
    @extend_schema(responses=ConsoleStateOutputSerializer)
    def get(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=False)
        return Response(selectors.console_state(ceremony))


class CeremonyAdvanceApi(ApiView):
    @extend_schema(
        request=AdvanceInputSerializer,
        responses={200: ConsoleStateOutputSerializer},
        description="Start the next cue now; 409 if expected_current_id is no longer current "
        "(a double click or another console moved on first).",
    )
    def post(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=True)
        serializer = AdvanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ceremony = services.advance_cue(
            ceremony=ceremony,
            expected_current_id=serializer.validated_data["expected_current_id"],
            by=request.user,
        )
        return Response(selectors.console_state(ceremony))


class CeremonyUndoAdvanceApi(ApiView):
    @extend_schema(
        request=UndoAdvanceInputSerializer,
        responses={200: ConsoleStateOutputSerializer},
        description='Take back the last "next" (the run un-ended, or the last cue started '
        "upcoming again); 409 if expected_version is not the run's version (it moved meanwhile).",
    )
    def post(self, request, pk: int):
        ceremony = _organiser_ceremony(request, pk, write=True)
        serializer = UndoAdvanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ceremony = services.undo_last_advance(
            ceremony=ceremony,
            expected_version=serializer.validated_data["expected_version"],
            by=request.user,
        )
        return Response(selectors.console_state(ceremony))
