"""The delegations API: one view per operation, scoped exactly as the portal.

A focal point sees their own delegation only; any other object answers 404. Organisers see
every delegation of the current assembly.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.api.parsers import JSONParser, MultiPartParser
from apps.core.selectors import current_assembly
from apps.delegations import selectors, services
from apps.delegations.api.filters import DelegateFilter, DelegationFilter, VotingRollFilter
from apps.delegations.api.serializers import (
    CredentialsDecisionInputSerializer,
    CredentialsOutputSerializer,
    CredentialsUploadInputSerializer,
    DelegateCreateInputSerializer,
    DelegateInputSerializer,
    DelegateOutputSerializer,
    DelegationOutputSerializer,
    DelegationSummarySerializer,
    DesignationInputSerializer,
    RejectInputSerializer,
    VotingRollOutputSerializer,
)
from apps.delegations.models import Credentials, Delegate, Delegation
from apps.delegations.permissions import can_view_voting_roll


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _delegations(request):
    return selectors.delegations_for_user(request.user, assembly=_assembly())


def _delegation(request, pk: int):
    return get_in_scope_or_404(_delegations(request), request.user, pk=pk)


def _delegate(request, pk: int):
    return get_in_scope_or_404(
        selectors.delegates_for_user(request.user, assembly=_assembly()), request.user, pk=pk
    )


class DelegationListApi(ListApiView):
    serializer_class = DelegationOutputSerializer
    filterset_class = DelegationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delegation.objects.none()
        return _delegations(self.request).order_by("country__name_en", "organisation__name", "pk")


class DelegationDetailApi(ApiView):
    @extend_schema(responses=DelegationOutputSerializer)
    def get(self, request, pk: int):
        return Response(DelegationOutputSerializer(_delegation(request, pk)).data)


class DelegationSummaryApi(ApiView):
    @extend_schema(responses=DelegationSummarySerializer)
    def get(self, request, pk: int):
        delegation = _delegation(request, pk)
        delegates = list(selectors.delegates_of(delegation))
        summary = selectors.delegation_summary(delegation, delegates=delegates)
        return Response(DelegationSummarySerializer(summary).data)


class DelegationSubmitAllApi(ApiView):
    @extend_schema(request=None, responses=DelegateOutputSerializer(many=True))
    def post(self, request, pk: int):
        delegation = _delegation(request, pk)
        drafts = list(selectors.delegates_of(delegation).filter(accreditation_status="draft"))
        submitted = services.submit_accreditation(delegates=drafts, by=request.user)
        return Response(DelegateOutputSerializer(submitted, many=True).data)


class DelegateListApi(ListApiView):
    serializer_class = DelegateOutputSerializer
    filterset_class = DelegateFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delegate.objects.none()
        return selectors.delegates_for_user(self.request.user, assembly=_assembly()).order_by("pk")


class DelegateCreateApi(ApiView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request=DelegateCreateInputSerializer, responses={201: DelegateOutputSerializer})
    def post(self, request):
        data = DelegateCreateInputSerializer(data=request.data, delegations=_delegations(request))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        delegation = fields.pop("delegation")
        delegate = services.create_delegate(delegation=delegation, by=request.user, **fields)
        return Response(DelegateOutputSerializer(delegate).data, status=status.HTTP_201_CREATED)


class DelegateDetailApi(ApiView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(responses=DelegateOutputSerializer)
    def get(self, request, pk: int):
        return Response(DelegateOutputSerializer(_delegate(request, pk)).data)

    @extend_schema(request=DelegateInputSerializer, responses=DelegateOutputSerializer)
    def patch(self, request, pk: int):
        delegate = _delegate(request, pk)
        data = DelegateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        delegate = services.update_delegate(
            delegate=delegate, by=request.user, **data.validated_data
        )
        return Response(DelegateOutputSerializer(delegate).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.delete_delegate(delegate=_delegate(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DelegateSubmitApi(ApiView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        (delegate,) = services.submit_accreditation(
            delegates=[_delegate(request, pk)], by=request.user
        )
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateApproveApi(ApiView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = services.approve_accreditation(delegate=_delegate(request, pk), by=request.user)
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateRejectApi(ApiView):
    @extend_schema(request=RejectInputSerializer, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = _delegate(request, pk)
        data = RejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegate = services.reject_accreditation(
            delegate=delegate, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateWithdrawApi(ApiView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = services.withdraw_accreditation(delegate=_delegate(request, pk), by=request.user)
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateReopenApi(ApiView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = services.reopen_accreditation(delegate=_delegate(request, pk), by=request.user)
        return Response(DelegateOutputSerializer(delegate).data)


class CredentialsDetailApi(ApiView):
    @extend_schema(responses=CredentialsOutputSerializer)
    def get(self, request, pk: int):
        delegation = _delegation(request, pk)
        found = selectors.credentials_of(delegation)
        if found is None:
            raise Http404
        return Response(CredentialsOutputSerializer(found).data)


class CredentialsUploadApi(ApiView):
    parser_classes = [MultiPartParser]

    @extend_schema(request=CredentialsUploadInputSerializer, responses=CredentialsOutputSerializer)
    def post(self, request, pk: int):
        delegation = _delegation(request, pk)
        data = CredentialsUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = services.upload_credentials(
            delegation=delegation, by=request.user, **data.validated_data
        )
        return Response(CredentialsOutputSerializer(found).data)


class CredentialsDesignateApi(ApiView):
    @extend_schema(request=DesignationInputSerializer, responses=CredentialsOutputSerializer)
    def put(self, request, pk: int):
        delegation = _delegation(request, pk)
        data = DesignationInputSerializer(data=request.data, delegation=delegation)
        data.is_valid(raise_exception=True)
        found = services.designate_delegates(
            delegation=delegation,
            by=request.user,
            head=data.validated_data.get("head"),
            voting_delegate=data.validated_data.get("voting_delegate"),
            alternate=data.validated_data.get("alternate"),
        )
        return Response(CredentialsOutputSerializer(found).data)


class CredentialsDecideApi(ApiView):
    @extend_schema(
        request=CredentialsDecisionInputSerializer, responses=CredentialsOutputSerializer
    )
    def post(self, request, pk: int):
        delegation = _delegation(request, pk)
        found = selectors.credentials_of(delegation)
        if found is None:
            raise Http404
        data = CredentialsDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = services.decide_credentials(
            credentials=found, by=request.user, **data.validated_data
        )
        return Response(CredentialsOutputSerializer(found).data)


class VotingRollApi(ListApiView):
    """Member delegations with accepted or provisional credentials, and who votes."""

    serializer_class = VotingRollOutputSerializer
    filterset_class = VotingRollFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Credentials.objects.none()
        if not can_view_voting_roll(self.request.user):
            raise PermissionDenied
        return selectors.voting_roll(_assembly())
