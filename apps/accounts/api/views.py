"""The signed-in user's own profile."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from apps.accounts.services import set_preferred_language
from apps.core.access import is_organiser
from apps.core.api.base import ApiView


class MeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    preferred_language = serializers.CharField()
    is_organiser = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_organiser(self, user) -> bool:
        """Whether the account holds an organiser's permission (not whether it is staff)."""
        return is_organiser(user)


class MeInputSerializer(serializers.Serializer):
    preferred_language = serializers.ChoiceField(choices=["ar", "en", "fr", "es"])


class MeApi(ApiView):
    @extend_schema(responses=MeOutputSerializer)
    def get(self, request):
        return Response(MeOutputSerializer(request.user).data)

    @extend_schema(request=MeInputSerializer, responses=MeOutputSerializer)
    def patch(self, request):
        data = MeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = set_preferred_language(
            user=request.user, language=data.validated_data["preferred_language"]
        )
        return Response(MeOutputSerializer(user).data)
