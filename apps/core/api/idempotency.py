"""`Idempotency-Key` on every API write: a retry gets the first answer and writes nothing.

A write sent with the header runs in one transaction together with the key's record
(apps.core.services.claim_idempotency_key): the record exists only if the write committed, and
a concurrent retry waits for it. Only successful answers are remembered; after an error the key
is free again, so the client may correct nothing and simply retry. The same key with another
request (method, path or body) is refused with 422. Keys belong to one user and expire after
IDEMPOTENCY_KEY_TTL.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from apps.core.services import claim_idempotency_key, record_idempotent_outcome

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class _Replay(Exception):
    def __init__(self, status_code: int, data: Any):
        self.status_code, self.data = status_code, data


def _body_digest(request) -> Any:
    """The request body as parsed, in a stable form (files by name, size and SHA-256)."""
    data = request.data
    if hasattr(data, "lists"):
        data = dict(data.lists())
    files = {}
    for name, upload in request.FILES.items():
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        files[name] = [upload.name, upload.size, digest.hexdigest()]
    return {"data": data, "files": files}


def fingerprint(request) -> str:
    text = json.dumps(
        [request.method, request.path, _body_digest(request)],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


class IdempotentMixin:
    """For DRF views: honours `Idempotency-Key` on unsafe methods of authenticated users."""

    def _idempotency_key(self, request) -> str | None:
        if request.method not in UNSAFE_METHODS:
            return None
        return request.headers.get(HEADER)

    def dispatch(self, request, *args, **kwargs):
        if self._idempotency_key(request) is None:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._claimed_key = None
        key = self._idempotency_key(request)
        if key is None or not request.user.is_authenticated:
            return
        if not _KEY.match(key):
            raise ValidationError(
                {HEADER: [_("Give a key of 1 to 255 visible ASCII characters (a UUID, say).")]}
            )
        digest = fingerprint(request)
        earlier = claim_idempotency_key(user=request.user, key=key, fingerprint=digest)
        if earlier is None:
            self._claimed_key = key
            return
        if earlier.fingerprint != digest:
            raise KeyReused(
                _("This Idempotency-Key was already used for another request; use a new key.")
            )
        raise _Replay(earlier.status_code, earlier.response.get("body"))

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            return Response(exc.data, status=exc.status_code, headers={REPLAYED_HEADER: "true"})
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "_claimed_key", None)
        if key is not None:
            if 200 <= response.status_code < 300:
                record_idempotent_outcome(
                    user=request.user,
                    key=key,
                    status_code=response.status_code,
                    response={"body": response.data},
                )
            else:
                transaction.set_rollback(True)
        return response
