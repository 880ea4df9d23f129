"""Meetings API: one view per operation, scoped through the selectors (foreign objects are 404)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.selectors import current_assembly
from apps.delegations.selectors import delegation_of
from apps.meetings import selectors, services
from apps.meetings.api.filters import MeetingFilter, MeetingRequestFilter
from apps.meetings.api.serializers import (
    CounterProposalInputSerializer,
    DeclineInputSerializer,
    MeetingOutputSerializer,
    MeetingRequestInputSerializer,
    MeetingRequestOutputSerializer,
)
from apps.meetings.models import Meeting, MeetingRequest


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise NotFound
    return assembly


def _visible_request(request, pk: int):
    return get_in_scope_or_404(
        selectors.meeting_requests_for_user(request.user, assembly=_assembly()),
        request.user,
        pk=pk,
    )


def _reloaded(request, pk: int) -> dict:
    return MeetingRequestOutputSerializer(_visible_request(request, pk)).data


class MeetingRequestListApi(ListApiView):
    """Requests the user's delegation is party to (organisers: all), newest first."""

    serializer_class = MeetingRequestOutputSerializer
    filterset_class = MeetingRequestFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MeetingRequest.objects.none()
        self.assembly = _assembly()
        return selectors.meeting_requests_for_user(self.request.user, assembly=self.assembly)

    @extend_schema(
        request=MeetingRequestInputSerializer,
        responses={201: MeetingRequestOutputSerializer},
        operation_id="meetings_requests_create",
    )
    def post(self, request):
        """Request a bilateral with another delegation (focal points of the requester)."""
        data = MeetingRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        assembly = _assembly()
        requester = delegation_of(request.user, assembly=assembly)
        if requester is None:
            raise NotFound("Your account is not linked to a delegation.")
        invitee = get_object_or_404(
            selectors.delegations_to_invite(assembly=assembly, exclude=requester),
            pk=values.pop("invitee"),
        )
        created = services.request_meeting(
            requester=requester, invitee=invitee, by=request.user, **values
        )
        return Response(_reloaded(request, created.pk), status=status.HTTP_201_CREATED)


class MeetingRequestDetailApi(ApiView):
    @extend_schema(responses=MeetingRequestOutputSerializer)
    def get(self, request, pk: int):
        return Response(_reloaded(request, pk))


class MeetingRequestAcceptApi(ApiView):
    @extend_schema(request=None, responses=MeetingRequestOutputSerializer)
    def post(self, request, pk: int):
        services.accept_meeting_request(request=_visible_request(request, pk), by=request.user)
        return Response(_reloaded(request, pk))


class MeetingRequestDeclineApi(ApiView):
    @extend_schema(request=DeclineInputSerializer, responses=MeetingRequestOutputSerializer)
    def post(self, request, pk: int):
        item = _visible_request(request, pk)
        data = DeclineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.decline_meeting_request(request=item, by=request.user, **data.validated_data)
        return Response(_reloaded(request, pk))


class MeetingRequestCounterProposeApi(ApiView):
    @extend_schema(request=CounterProposalInputSerializer, responses=MeetingRequestOutputSerializer)
    def post(self, request, pk: int):
        item = _visible_request(request, pk)
        data = CounterProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.counter_propose_meeting_request(
            request=item, by=request.user, **data.validated_data
        )
        return Response(_reloaded(request, pk))


class MeetingRequestCancelApi(ApiView):
    @extend_schema(request=None, responses=MeetingRequestOutputSerializer)
    def post(self, request, pk: int):
        services.cancel_meeting_request(request=_visible_request(request, pk), by=request.user)
        return Response(_reloaded(request, pk))


class MeetingListApi(ListApiView):
    """Meetings of the user's delegation (organisers: all), in time order."""

    serializer_class = MeetingOutputSerializer
    filterset_class = MeetingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        return selectors.meetings_for_user(self.request.user, assembly=_assembly()).order_by(
            "starts_at", "pk"
        )


class MeetingConfirmApi(ApiView):
    @extend_schema(request=None, responses=MeetingOutputSerializer)
    def post(self, request, pk: int):
        meeting = get_in_scope_or_404(
            selectors.meetings_for_user(request.user, assembly=_assembly()), request.user, pk=pk
        )
        services.confirm_meeting(meeting=meeting, by=request.user)
        meeting = get_object_or_404(
            selectors.meetings_for_user(request.user, assembly=_assembly()), pk=pk
        )
        return Response(MeetingOutputSerializer(meeting).data)
