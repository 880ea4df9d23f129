"""Read endpoints for assemblies; every signed-in user may see them (they are public facts)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from apps.core.api.base import ApiView, ListApiView
from apps.core.api.fields import LocalTimeField
from apps.core.api.filters import AssemblyFilter
from apps.core.models import Assembly
from apps.core.selectors import current_assembly


class AssemblyOutputSerializer(serializers.ModelSerializer):
    meeting_day_start = LocalTimeField()
    meeting_day_end = LocalTimeField()

    class Meta:
        model = Assembly
        fields = [
            "id",
            "number",
            "name",
            "city",
            "country",
            "venue_name",
            "start_date",
            "end_date",
            "time_zone",
            "languages",
            "is_current",
            "meeting_day_start",
            "meeting_day_end",
            "meeting_slot_minutes",
        ]


class AssemblyListApi(ListApiView):
    serializer_class = AssemblyOutputSerializer
    queryset = Assembly.objects.order_by("-number")
    filterset_class = AssemblyFilter


class CurrentAssemblyApi(ApiView):
    @extend_schema(responses=AssemblyOutputSerializer)
    def get(self, request):
        assembly = current_assembly()
        if assembly is None:
            raise NotFound
        return Response(AssemblyOutputSerializer(assembly).data)
