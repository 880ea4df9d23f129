"""The OpenAPI schema tells the truth about errors, not only about successes.

Every operation documents the error answers it can give, each with one of two shared bodies
(`Error`, `ValidationError`); writes document `Idempotency-Key`; 401 documents the
`WWW-Authenticate` challenge token clients get.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from apps.core.api.idempotency import HEADER, KEY_PATTERN, REPLAYED_HEADER, UNSAFE_METHODS


class ErrorSerializer(serializers.Serializer):
    """Any refusal: `detail` says why; some add details (`overrun_minutes`, `current_cue`...)."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """Bad input: each wrong field names its problems; `detail` for a rule of the business."""

    detail = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


def _error(description: str, serializer=ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(serializer, description=description)


ANY_OPERATION = {
    "400": _error(
        "Bad input: an invalid filter, id or body (field errors), or a broken rule.",
        ValidationErrorSerializer,
    ),
    "401": _error("Not signed in: send `Authorization: Token …` (or a session cookie)."),
    "403": _error("Signed in, but this operation needs a permission the account lacks."),
    "404": _error("No such object, or not one this account may see."),
    "413": _error("The request body is larger than the server accepts."),
    "429": _error("Too many requests; `Retry-After` says when to try again."),
}
WRITE_OPERATION = {
    "409": _error("The change clashes with data recorded meanwhile; reload and try again."),
    "422": _error("The `Idempotency-Key` was already used for a different request."),
}
WITH_BODY = {
    "415": _error("The body's media type is not one this operation reads."),
}


class ApiSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        errors = dict(ANY_OPERATION)
        if self.method in UNSAFE_METHODS:
            errors.update(WRITE_OPERATION)
        if "requestBody" in operation:
            errors.update(WITH_BODY)
        responses = operation["responses"]
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return operation

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        parameters.append(
            OpenApiParameter(
                "WWW-Authenticate",
                str,
                OpenApiParameter.HEADER,
                response=[401],
                description="`Token`: the scheme a token client authenticates with.",
            )
        )
        if self.method in UNSAFE_METHODS:
            parameters.append(
                OpenApiParameter(
                    HEADER,
                    str,
                    OpenApiParameter.HEADER,
                    pattern=KEY_PATTERN,
                    description="Any unique string (a UUID): a retry with the same key and the "
                    "same request gets the first answer again and changes nothing. Keys are "
                    "per account and remembered for 24 hours.",
                )
            )
            parameters.append(
                OpenApiParameter(
                    REPLAYED_HEADER,
                    str,
                    OpenApiParameter.HEADER,
                    response=True,
                    enum=["true"],
                    description="Present when this is the answer to an earlier request with "
                    "the same `Idempotency-Key`.",
                )
            )
        return parameters
