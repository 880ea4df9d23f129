"""The portal home page and the health endpoint."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core import health


@require_GET
def home(request):
    """Greets each kind of user with what they can do next."""
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request):
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    ok = all(value == "ok" for value in checks.values())
    heartbeats = health.last_seen() if checks["database"] == "ok" else {}
    body = {"status": "ok" if ok else "error", **checks, "heartbeats": heartbeats}
    return JsonResponse(body, status=200 if ok else 503)
