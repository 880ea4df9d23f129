"""The delegations API: one view per operation, scoped exactly as the portal.

A focal point sees their own delegation only; any other object answers 404. Organisers see
every delegation of the current assembly.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.selectors import current_assembly
from apps.delegations import selectors, services
from apps.delegations.api.serializers import (
    CredentialsDecisionInputSerializer,
    CredentialsOutputSerializer,
    CredentialsUploadInputSerializer,
    DelegateCreateInputSerializer,
    DelegateFilterSerializer,
    DelegateInputSerializer,
    DelegateOutputSerializer,
    DelegationOutputSerializer,
    DelegationSummarySerializer,
    DesignationInputSerializer,
    RejectInputSerializer,
    VotingRollOutputSerializer,
)
from apps.delegations.permissions import can_view_voting_roll


def _assembly():
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _delegations(request):
    return selectors.delegations_for_user(request.user, assembly=_assembly())


def _delegation(request, pk: int):
    return get_object_or_404(_delegations(request), pk=pk)


def _delegate(request, pk: int):
    return get_object_or_404(
        selectors.delegates_for_user(request.user, assembly=_assembly()), pk=pk
    )


def _paginated(request, view, queryset, serializer_class):
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class DelegationListApi(APIView):
    @extend_schema(responses=DelegationOutputSerializer(many=True))
    def get(self, request):
        qs = _delegations(request).order_by("country__name_en", "organisation__name", "pk")
        return _paginated(request, self, qs, DelegationOutputSerializer)


class DelegationDetailApi(APIView):
    @extend_schema(responses=DelegationOutputSerializer)
    def get(self, request, pk: int):
        return Response(DelegationOutputSerializer(_delegation(request, pk)).data)


class DelegationSummaryApi(APIView):
    @extend_schema(responses=DelegationSummarySerializer)
    def get(self, request, pk: int):
        delegation = _delegation(request, pk)
        delegates = list(selectors.delegates_of(delegation))
        summary = selectors.delegation_summary(delegation, delegates=delegates)
        return Response(DelegationSummarySerializer(summary).data)


class DelegationSubmitAllApi(APIView):
    @extend_schema(request=None, responses=DelegateOutputSerializer(many=True))
    def post(self, request, pk: int):
        delegation = _delegation(request, pk)
        drafts = list(selectors.delegates_of(delegation).filter(accreditation_status="draft"))
        submitted = services.submit_accreditation(delegates=drafts, by=request.user)
        return Response(DelegateOutputSerializer(submitted, many=True).data)


class DelegateListApi(APIView):
    @extend_schema(
        parameters=[DelegateFilterSerializer],
        responses=DelegateOutputSerializer(many=True),
    )
    def get(self, request):
        filters = DelegateFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        qs = selectors.delegates_for_user(request.user, assembly=_assembly()).order_by("pk")
        if data.get("delegation"):
            qs = qs.filter(delegation_id=data["delegation"])
        if data.get("accreditation_status"):
            qs = qs.filter(accreditation_status=data["accreditation_status"])
        return _paginated(request, self, qs, DelegateOutputSerializer)


class DelegateCreateApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=DelegateCreateInputSerializer, responses={201: DelegateOutputSerializer})
    def post(self, request):
        data = DelegateCreateInputSerializer(data=request.data, delegations=_delegations(request))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        delegation = fields.pop("delegation")
        delegate = services.create_delegate(delegation=delegation, by=request.user, **fields)
        return Response(DelegateOutputSerializer(delegate).data, status=status.HTTP_201_CREATED)


class DelegateDetailApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

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


class DelegateSubmitApi(APIView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        (delegate,) = services.submit_accreditation(
            delegates=[_delegate(request, pk)], by=request.user
        )
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateApproveApi(APIView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = services.approve_accreditation(delegate=_delegate(request, pk), by=request.user)
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateRejectApi(APIView):
    @extend_schema(request=RejectInputSerializer, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = _delegate(request, pk)
        data = RejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegate = services.reject_accreditation(
            delegate=delegate, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateWithdrawApi(APIView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = services.withdraw_accreditation(delegate=_delegate(request, pk), by=request.user)
        return Response(DelegateOutputSerializer(delegate).data)


class DelegateReopenApi(APIView):
    @extend_schema(request=None, responses=DelegateOutputSerializer)
    def post(self, request, pk: int):
        delegate = services.reopen_accreditation(delegate=_delegate(request, pk), by=request.user)
        return Response(DelegateOutputSerializer(delegate).data)


class CredentialsDetailApi(APIView):
    @extend_schema(responses=CredentialsOutputSerializer)
    def get(self, request, pk: int):
        delegation = _delegation(request, pk)
        found = selectors.credentials_of(delegation)
        if found is None:
            raise Http404
        return Response(CredentialsOutputSerializer(found).data)


class CredentialsUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=CredentialsUploadInputSerializer, responses=CredentialsOutputSerializer)
    def post(self, request, pk: int):
        delegation = _delegation(request, pk)
        data = CredentialsUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = services.upload_credentials(
            delegation=delegation, by=request.user, **data.validated_data
        )
        return Response(CredentialsOutputSerializer(found).data)


class CredentialsDesignateApi(APIView):
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


class CredentialsDecideApi(APIView):
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


class VotingRollApi(APIView):
    @extend_schema(responses=VotingRollOutputSerializer(many=True))
    def get(self, request):
        if not can_view_voting_roll(request.user):
            raise PermissionDenied
        rows = selectors.voting_roll(_assembly())
        return Response(VotingRollOutputSerializer(rows, many=True).data)
