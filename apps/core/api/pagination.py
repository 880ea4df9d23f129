"""Page numbers of the list endpoints, parsed like ids: `?page=` or `?page=②` is a 400 (the
schema says a page is a whole number), a page past the end a 404."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from apps.core.ids import is_id


class ApiPagination(PageNumberPagination):
    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not is_id(raw):
            raise ValidationError({self.page_query_param: [_("Give a page number: 1, 2, 3…")]})
        return raw
