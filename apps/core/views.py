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
    """Liveness: the process answers. No database, no broker: a restart would not fix those."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz_ready(request):
    """Readiness: 503 naming each failing check (database, broker, worker, beat, outbox, ...)."""
    ready, body = health.readiness()
    return JsonResponse(body, status=200 if ready else 503)
