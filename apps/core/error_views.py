"""Error pages (handler400/403/404/500): JSON under /api/, a page for people elsewhere.

DRF answers JSON for the errors raised inside an API view; these cover what happens before
one runs (no URL matches, the body is refused) or outside it (a crash in middleware).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from apps.core.ids import InvalidId
from apps.core.middleware import is_api_request


def bad_request(request, exception=None):
    """400; an id that is not one (apps.core.ids) names its field."""
    message = (
        str(exception) if isinstance(exception, InvalidId) else _("The request was not valid.")
    )
    if is_api_request(request):
        body = {"detail": message}
        if isinstance(exception, InvalidId):
            body[exception.field] = [message]
        return JsonResponse(body, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return JsonResponse(
            {"detail": _("Something went wrong on our side; it has been logged.")}, status=500
        )
    return defaults.server_error(request)
