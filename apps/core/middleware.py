"""Headers every response carries, and the API's body limit."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware:
    """Sends CONTENT_SECURITY_POLICY: only our own scripts, styles and images load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    """Everything under /api/ answers JSON, errors included."""
    return request.path.startswith(API_PREFIX)


def api_body_limit() -> int:
    """The largest API request body: a credentials letter (DATA_UPLOAD_MAX_MEMORY_SIZE) plus
    room for the multipart envelope and the other fields."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024


class ApiBodyLimitMiddleware:
    """Refuses an API body larger than api_body_limit() with a JSON 413, before reading it.

    Bodies that pass but are too big for their parser still get a JSON 413 from the API's
    exception handler (RequestDataTooBig)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > api_body_limit():
                return JsonResponse(
                    {
                        "detail": _("The request body is larger than %(max)d bytes.")
                        % {"max": api_body_limit()}
                    },
                    status=413,
                )
        return self.get_response(request)


class RequestIdMiddleware:
    """Gives each request an id (a sane `X-Request-ID` header, or a new one) that its log lines
    and the Celery tasks it sends carry, and returns it in the response's `X-Request-ID`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from apps.core.logging import REQUEST_ID_HEADER, request_id_from, set_request_id

        # Cleared when the response is closed (request_finished), not here: Django logs a 4xx
        # or 5xx response after the middleware returns, and that line needs the id too.
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        set_request_id(request.request_id)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request.request_id
        return response


class AssemblyTimeZoneMiddleware:
    """Activates the zone of the edition a request works on, so forms (the admin's widgets
    included), templates and `localtime` read and write in the assembly's time: in the
    administration the edition the organiser chose, in the portal the edition of the person's
    delegation, else the current one. Sets `request.assembly`. Health checks are left alone:
    liveness must answer without the database, readiness must say when it is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import reverse
        from django.utils import timezone

        from apps.core.editions import (
            admin_edition,
            forget_request_assembly,
            portal_assembly,
            remember_request_assembly,
        )

        if request.path.startswith(reverse("healthz")):
            return self.get_response(request)
        if request.path.startswith(reverse("admin:index")):
            assembly = admin_edition(request)
        else:
            assembly = portal_assembly(getattr(request, "user", None))
        request.assembly = assembly
        token = remember_request_assembly(assembly)
        if assembly is not None:
            timezone.activate(assembly.tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            forget_request_assembly(token)
