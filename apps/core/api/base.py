"""Base classes of every API view: writes honour `Idempotency-Key` (apps.core.api.idempotency).

List endpoints are `ListApiView`s: paginated (the envelope is in the schema), filtered by a
django-filter FilterSet whose wrong values answer 400.
"""

from __future__ import annotations

from rest_framework import generics
from rest_framework.views import APIView

from apps.core.api.idempotency import IdempotentMixin


class ApiView(IdempotentMixin, APIView):
    pass


class ListApiView(IdempotentMixin, generics.ListAPIView):
    pass
