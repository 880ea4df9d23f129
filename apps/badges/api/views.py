"""Badges API: a delegation's badges (scoped), the gate's scan and sync operations and bundle
(gate staff), and presence (organisers). One view per operation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.badges import selectors, services
from apps.badges.api.filters import BadgeFilter
from apps.badges.api.serializers import (
    BadgeOutputSerializer,
    GateBundleOutputSerializer,
    PresenceOutputSerializer,
    ScanInputSerializer,
    SyncInputSerializer,
    SyncOutputSerializer,
    VerdictOutputSerializer,
)
from apps.badges.models import Badge, Zone
from apps.badges.permissions import can_scan_badges, can_view_presence
from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.errors import ApplicationError
from apps.core.ids import parse_id
from apps.core.models import Assembly
from apps.core.selectors import current_assembly


def _assembly() -> Assembly:
    assembly = current_assembly()
    if assembly is None:
        raise Http404
    return assembly


def _gate_staff(request) -> None:
    """Anyone who may not scan: 404 (the gate's operations do not exist for them)."""
    if not can_scan_badges(request.user):
        raise Http404


def _zones(assembly: Assembly, ids: set[int]) -> dict[int, Zone]:
    zones = Zone.objects.select_related("assembly").in_bulk(list(ids))
    unknown = [pk for pk in ids if pk not in zones or zones[pk].assembly_id != assembly.pk]
    if unknown:
        raise ApplicationError(_("Unknown zone."), extra={"zone": [_("Unknown zone.")]})
    return zones


class BadgeListApi(ListApiView):
    """Badges of the current assembly: all for organisers who may view them, a focal point's
    own delegations' badges (status, printed, collected), nothing for anyone else."""

    serializer_class = BadgeOutputSerializer
    filterset_class = BadgeFilter

    def get_queryset(self) -> QuerySet[Badge]:
        if getattr(self, "swagger_fake_view", False):
            return Badge.objects.none()
        return selectors.badges_for_user(self.request.user, assembly=_assembly()).order_by("id")


class BadgeDetailApi(ApiView):
    @extend_schema(responses=BadgeOutputSerializer)
    def get(self, request, pk: int):
        badges = selectors.badges_for_user(request.user, assembly=_assembly())
        badge = get_in_scope_or_404(badges, request.user, pk=pk)
        return Response(BadgeOutputSerializer(badge).data)


def _verdict_body(scan, created: bool) -> dict:
    badge = scan.badge
    body = {
        "scan": scan,
        "recorded": created,
        "holder": badge.holder_name if badge else "",
        "category": badge.category.display_name if badge else "",
        "colour": badge.category.colour if badge else "",
        "affiliation": "",
    }
    if badge is not None:
        holder = badge.delegate.delegation.name if badge.delegate_id else ""
        body["affiliation"] = holder or (
            badge.participant.organisation if badge.participant else ""
        )
    return VerdictOutputSerializer(body).data


class ScanRecordApi(ApiView):
    @extend_schema(
        request=ScanInputSerializer,
        responses={200: VerdictOutputSerializer, 201: VerdictOutputSerializer},
        description="Verify a scanned token (or a badge found by name) at a zone's gate and "
        "record the scan; the same scan_id again answers the first verdict and records nothing.",
    )
    def post(self, request):
        _gate_staff(request)
        serializer = ScanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assembly = _assembly()
        zone = _zones(assembly, {data["zone"]})[data["zone"]]
        badge = None
        if data.get("badge") is not None:
            badge = Badge.objects.filter(pk=data["badge"], assembly=assembly).first()
            if badge is None:
                raise ApplicationError(_("Unknown badge."), extra={"badge": [_("Unknown badge.")]})
        scan, _verdict, created = services.record_scan(
            scan_id=data["scan_id"],
            zone=zone,
            gate=data["gate"],
            direction=data["direction"],
            token=data.get("token", ""),
            badge=badge,
            scanned_at=data.get("scanned_at"),
            by=request.user,
        )
        return Response(
            _verdict_body(scan, created),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ScanSyncApi(ApiView):
    @extend_schema(
        request=SyncInputSerializer,
        responses=SyncOutputSerializer,
        description="Scans a gate queued offline, each recorded once (by scan_id); admissions "
        "of badges revoked before the scan are reported as admitted_while_revoked.",
    )
    def post(self, request):
        _gate_staff(request)
        serializer = SyncInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scans = serializer.validated_data["scans"]
        zones = _zones(_assembly(), {item["zone"] for item in scans})
        results = services.sync_scans(scans=scans, zones=zones, by=request.user)
        flagged = sum(1 for r in results if r["recorded"] and r["admitted_while_revoked"])
        return Response(
            SyncOutputSerializer({"results": results, "admitted_while_revoked": flagged}).data
        )


class GateBundleApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("zone", OpenApiTypes.INT, required=True)],
        responses=GateBundleOutputSerializer,
        description="What a gate keeps to verify offline: public key, revocations, roster.",
    )
    def get(self, request):
        _gate_staff(request)
        zone_id = parse_id(request.query_params.get("zone"), field="zone")
        zone = _zones(_assembly(), {zone_id})[zone_id]
        return Response(GateBundleOutputSerializer(selectors.gate_bundle(zone)).data)


class PresenceApi(ApiView):
    @extend_schema(
        responses=PresenceOutputSerializer,
        description="Who is inside each zone now, and the member countries present in the "
        "plenary hall with accepted credentials (the quorum's figure).",
    )
    def get(self, request):
        if not can_view_presence(request.user):
            raise PermissionDenied
        assembly = _assembly()
        countries = list(selectors.plenary_countries_present(assembly))
        body = {
            "plenary_countries_with_credentials": len(countries),
            "plenary_countries": [c.iso2 for c in countries],
            "by_region": selectors.presence_by_region(assembly),
            "zones": selectors.presence_by_zone(assembly),
        }
        return Response(PresenceOutputSerializer(body).data)
