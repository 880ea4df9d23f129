"""The agenda API: everyone signed in reads the published programme; organisers write."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.agenda import services
from apps.agenda.api.serializers import (
    RoomOutputSerializer,
    SessionFilterSerializer,
    SessionInputSerializer,
    SessionOutputSerializer,
    SessionUpdateInputSerializer,
    VenueOutputSerializer,
)
from apps.agenda.models import Room, Session
from apps.agenda.permissions import can_edit_sessions
from apps.agenda.selectors import (
    programme_for_delegation,
    rooms_for_assembly,
    sessions_for_user,
    sessions_on_day,
    venues_for_assembly,
)
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


def _paginated(view: APIView, request, queryset, serializer_class):
    paginator = view.paginator
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class _ListApi(APIView):
    @property
    def paginator(self):
        from rest_framework.pagination import PageNumberPagination

        if not hasattr(self, "_paginator"):
            self._paginator = PageNumberPagination()
        return self._paginator


class VenueListApi(_ListApi):
    @extend_schema(responses=VenueOutputSerializer(many=True))
    def get(self, request):
        qs = venues_for_assembly(assembly=_assembly())
        return _paginated(self, request, qs, VenueOutputSerializer)


class RoomListApi(_ListApi):
    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=Room.Kind.values)],
        responses=RoomOutputSerializer(many=True),
    )
    def get(self, request):
        kind = request.query_params.get("kind") or None
        if kind and kind not in Room.Kind.values:
            kind = "-"
        qs = rooms_for_assembly(assembly=_assembly(), kind=kind)
        return _paginated(self, request, qs, RoomOutputSerializer)


class SessionListApi(_ListApi):
    @extend_schema(
        parameters=[SessionFilterSerializer], responses=SessionOutputSerializer(many=True)
    )
    def get(self, request):
        """The programme (organisers also see drafts), filterable by local day, kind, room."""
        assembly = _assembly()
        filters = SessionFilterSerializer(data=request.query_params, context={"assembly": assembly})
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        if data.get("day"):
            qs = sessions_on_day(request.user, assembly=assembly, day=data["day"])
        else:
            qs = sessions_for_user(request.user, assembly=assembly)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("room"):
            qs = qs.filter(room_id=data["room"])
        return _paginated(self, request, qs, SessionOutputSerializer)


class SessionDetailApi(APIView):
    @extend_schema(responses=SessionOutputSerializer)
    def get(self, request, pk: int):
        session = get_object_or_404(sessions_for_user(request.user, assembly=_assembly()), pk=pk)
        return Response(SessionOutputSerializer(session).data)


class SessionCreateApi(APIView):
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


class SessionUpdateApi(APIView):
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


class SessionCancelApi(APIView):
    permission_classes = [CanEditSessions]

    @extend_schema(request=None, responses=SessionOutputSerializer)
    def post(self, request, pk: int):
        assembly = _assembly()
        session = get_object_or_404(Session.objects.filter(assembly=assembly), pk=pk)
        services.cancel_session(session=session, by=request.user)
        session = sessions_for_user(request.user, assembly=assembly).get(pk=pk)
        return Response(SessionOutputSerializer(session).data)


class SessionPublishApi(APIView):
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


class ProgrammeApi(_ListApi):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "delegation", int, description="Organisers only: whose programme to show."
            )
        ],
        responses=SessionOutputSerializer(many=True),
    )
    def get(self, request):
        """The sessions the asking focal point's delegation must or may attend."""
        assembly = _assembly()
        delegation_id = request.query_params.get("delegation", "")
        if request.user.is_staff and delegation_id.isdigit():
            delegation = get_object_or_404(
                delegations_for_user(request.user, assembly=assembly), pk=int(delegation_id)
            )
        else:
            delegation = delegation_of(request.user, assembly=assembly)
        if delegation is None:
            raise NotFound
        qs = programme_for_delegation(delegation)
        return _paginated(self, request, qs, SessionOutputSerializer)
