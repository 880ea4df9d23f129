"""The agenda API: everyone signed in reads the published programme; organisers write."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from apps.agenda import services
from apps.agenda.api.filters import RoomFilter, SessionFilter, VenueFilter
from apps.agenda.api.serializers import (
    ProgrammeQuerySerializer,
    RoomOutputSerializer,
    SessionInputSerializer,
    SessionOutputSerializer,
    SessionUpdateInputSerializer,
    VenueOutputSerializer,
)
from apps.agenda.models import Room, Session, Venue
from apps.agenda.permissions import can_edit_sessions
from apps.agenda.selectors import (
    programme_for_delegation,
    rooms_for_assembly,
    sessions_for_user,
    venues_for_assembly,
)
from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.selectors import current_assembly
from apps.delegations.selectors import delegation_of, delegations_for_user


class CanEditSessions(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_edit_sessions(request.user)


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise NotFound
    return assembly


class _AssemblyListApi(ListApiView):
    """A list of the current assembly's objects (`self.assembly`, for the filters too)."""

    model: Any = None  # the concrete view's model

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        self.assembly = _assembly()
        return self.assembly_queryset(self.assembly)

    def assembly_queryset(self, assembly):
        raise NotImplementedError


class VenueListApi(_AssemblyListApi):
    model = Venue
    serializer_class = VenueOutputSerializer
    filterset_class = VenueFilter

    def assembly_queryset(self, assembly):
        return venues_for_assembly(assembly=assembly)


class RoomListApi(_AssemblyListApi):
    model = Room
    serializer_class = RoomOutputSerializer
    filterset_class = RoomFilter

    def assembly_queryset(self, assembly):
        return rooms_for_assembly(assembly=assembly)


class SessionListApi(_AssemblyListApi):
    """The programme (organisers also see drafts), filterable by local day, kind, room."""

    model = Session
    serializer_class = SessionOutputSerializer
    filterset_class = SessionFilter

    def assembly_queryset(self, assembly):
        return sessions_for_user(self.request.user, assembly=assembly)


class SessionDetailApi(ApiView):
    @extend_schema(responses=SessionOutputSerializer)
    def get(self, request, pk: int):
        session = get_in_scope_or_404(
            sessions_for_user(request.user, assembly=_assembly()), request.user, pk=pk
        )
        return Response(SessionOutputSerializer(session).data)


class SessionCreateApi(ApiView):
    permission_classes = [CanEditSessions]

    @extend_schema(request=SessionInputSerializer, responses={201: SessionOutputSerializer})
    def post(self, request):
        assembly = _assembly()
        serializer = SessionInputSerializer(data=request.data, context={"assembly": assembly})
        serializer.is_valid(raise_exception=True)
        session = services.create_session(
            assembly=assembly, by=request.user, **serializer.validated_data
        )
        session = sessions_for_user(request.user, assembly=assembly).get(pk=session.pk)
        return Response(SessionOutputSerializer(session).data, status=status.HTTP_201_CREATED)


class SessionUpdateApi(ApiView):
    permission_classes = [CanEditSessions]

    @extend_schema(request=SessionUpdateInputSerializer, responses=SessionOutputSerializer)
    def patch(self, request, pk: int):
        assembly = _assembly()
        session = get_object_or_404(Session.objects.filter(assembly=assembly), pk=pk)
        serializer = SessionUpdateInputSerializer(data=request.data, context={"assembly": assembly})
        serializer.is_valid(raise_exception=True)
        services.update_session(session=session, by=request.user, **serializer.validated_data)
        session = sessions_for_user(request.user, assembly=assembly).get(pk=pk)
        return Response(SessionOutputSerializer(session).data)


class SessionCancelApi(ApiView):
    permission_classes = [CanEditSessions]

    @extend_schema(request=None, responses=SessionOutputSerializer)
    def post(self, request, pk: int):
        assembly = _assembly()
        session = get_object_or_404(Session.objects.filter(assembly=assembly), pk=pk)
        services.cancel_session(session=session, by=request.user)
        session = sessions_for_user(request.user, assembly=assembly).get(pk=pk)
        return Response(SessionOutputSerializer(session).data)


class SessionPublishApi(ApiView):
    permission_classes = [CanEditSessions]
    visibility = Session.Visibility.PUBLISHED

    @extend_schema(request=None, responses=SessionOutputSerializer)
    def post(self, request, pk: int):
        assembly = _assembly()
        session = get_object_or_404(Session.objects.filter(assembly=assembly), pk=pk)
        services.set_sessions_visibility(
            sessions=[session], visibility=self.visibility, by=request.user
        )
        session = sessions_for_user(request.user, assembly=assembly).get(pk=pk)
        return Response(SessionOutputSerializer(session).data)


class SessionUnpublishApi(SessionPublishApi):
    visibility = Session.Visibility.DRAFT


@extend_schema(parameters=[ProgrammeQuerySerializer])
class ProgrammeApi(_AssemblyListApi):
    """The sessions the asking focal point's delegation must or may attend (the programme's
    filters are the session list's)."""

    model = Session
    serializer_class = SessionOutputSerializer
    filterset_class = SessionFilter

    def assembly_queryset(self, assembly):
        query = ProgrammeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        delegation_id = query.validated_data.get("delegation")
        if delegation_id is not None:
            delegation = get_in_scope_or_404(
                delegations_for_user(self.request.user, assembly=assembly),
                self.request.user,
                pk=delegation_id,
            )
        else:
            delegation = delegation_of(self.request.user, assembly=assembly)
        if delegation is None:
            raise NotFound
        return programme_for_delegation(delegation)
