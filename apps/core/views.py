"""The portal home page and the health endpoint."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core import health
from apps.core.access import is_organiser
from apps.core.home import all_deadlines, home_sections
from apps.core.permissions import can_view_metrics
from apps.core.selectors import current_assembly


@require_GET
def home(request):
    """Greets each kind of user with what they can do next: a delegation sees its status, its
    deadlines and what it still has to do, each a link (the apps' home sections)."""
    sections = []
    if request.user.is_authenticated and not is_organiser(request.user):
        assembly = getattr(request, "assembly", None) or current_assembly()
        sections = home_sections(request.user, assembly=assembly)
    return render(
        request,
        "core/home.html",
        {
            "sections": sections,
            "deadlines": all_deadlines(sections),
            "todo": [item for section in sections for item in section.todo],
        },
    )


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


@never_cache
@require_GET
def metrics(request):
    """Prometheus metrics, for operators only: anyone else gets a 404 (it is not there)."""
    if not can_view_metrics(request.user, authorization=request.headers.get("Authorization", "")):
        raise Http404
    from apps.core.metrics import render

    body, content_type = render()
    return HttpResponse(body, content_type=content_type)
