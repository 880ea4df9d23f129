"""Portal pages: ceremonies (scoped), the run sheet (HTML and PDF) and the live cue console."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.ceremonies import selectors, services
from apps.ceremonies.permissions import (
    can_manage_ceremonies,
    can_run_ceremony,
    can_view_ceremonies,
    can_view_console,
)
from apps.core.editions import request_portal_assembly
from apps.core.errors import ApplicationError
from apps.core.ids import is_id

RUN_SHEET_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _assembly(request):
    """The edition of the person's delegation (else the current one), as the middleware chose."""
    assembly = request_portal_assembly(request)
    if assembly is None:
        raise Http404
    return assembly


def _organiser_ceremony(request, pk: int, *, check=can_view_console, full=True):
    """Organisers' pages: anyone else gets a 404 (the page's existence does not leak)."""
    if not check(request.user):
        raise Http404
    if full:
        return selectors.full_ceremony(assembly=_assembly(request), pk=pk)
    return selectors.ceremony_for_organiser(assembly=_assembly(request), pk=pk)


@login_required
@require_GET
def ceremony_list(request):
    assembly = _assembly(request)
    ceremonies = list(selectors.ceremonies_for_user(request.user, assembly=assembly))
    is_organiser = can_view_ceremonies(request.user)
    context = {"ceremonies": ceremonies, "assembly": assembly, "is_organiser": is_organiser}
    if not is_organiser:
        roles = selectors.own_roles(request.user, assembly=assembly)
        context["rehearsals"] = list(selectors.rehearsals_for_roles(roles))
    return render(request, "ceremonies/list.html", context)


@login_required
@require_GET
def ceremony_detail(request, pk: int):
    assembly = _assembly(request)
    if not can_view_ceremonies(request.user):
        ceremony = selectors.ceremony_for_user(request.user, assembly=assembly, pk=pk)
        roles = selectors.own_roles(request.user, assembly=assembly).filter(ceremony=ceremony)
        return render(
            request,
            "ceremonies/participant_detail.html",
            {
                "ceremony": ceremony,
                "roles": list(roles.order_by("call_time", "id")),
                "rehearsals": list(selectors.rehearsals_for_roles(roles)),
            },
        )
    ceremony = _organiser_ceremony(request, pk)
    rows = selectors.ceremony_timeline(ceremony)
    overrun = 0
    try:
        services.check_fits(ceremony=ceremony, durations=[row.cue.duration_minutes for row in rows])
    except ApplicationError as exc:
        overrun = exc.extra.get("overrun_minutes", 0)
        messages.warning(request, exc.message)
    return render(
        request,
        "ceremonies/detail.html",
        {
            "ceremony": ceremony,
            "rows": rows,
            "overrun": overrun,
            "missing": selectors.missing_role_kinds(ceremony),
            "people": selectors.people_by_role(ceremony),
            "can_manage": can_manage_ceremonies(request.user),
            "sheet_languages": settings.LANGUAGES,
        },
    )


@login_required
@require_GET
def role_detail(request, pk: int):
    role = selectors.role_for_user(request.user, assembly=_assembly(request), pk=pk)
    return render(request, "ceremonies/role_detail.html", {"role": role})


# --- the run sheet --------------------------------------------------------------------------------


def _run_sheet_language(request) -> str:
    language = request.GET.get("lang") or translation.get_language() or "en"
    return language if language in RUN_SHEET_LANGUAGES else "en"


def _render_run_sheet(request, ceremony, language: str, *, for_pdf: bool) -> str:
    with translation.override(language):
        context = {
            "ceremony": ceremony,
            "assembly": ceremony.assembly,
            "sheet_rows": selectors.run_sheet_rows(ceremony),
            "missing": selectors.missing_role_kinds(ceremony),
            "precedence": list(ceremony.precedence.all()),
            "language": language,
            "rtl": translation.get_language_bidi(),
            "for_pdf": for_pdf,
            "sheet_languages": settings.LANGUAGES,
        }
        return render_to_string("ceremonies/run_sheet.html", context, request=request)


@login_required
@require_GET
def run_sheet(request, pk: int):
    ceremony = _organiser_ceremony(request, pk)
    return HttpResponse(
        _render_run_sheet(request, ceremony, _run_sheet_language(request), for_pdf=False)
    )


@login_required
@require_GET
def run_sheet_pdf(request, pk: int):
    import weasyprint

    ceremony = _organiser_ceremony(request, pk)
    language = _run_sheet_language(request)
    html = _render_run_sheet(request, ceremony, language, for_pdf=True)
    stylesheet = weasyprint.CSS(filename=finders.find("ceremonies/run_sheet.css"))
    pdf = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="run-sheet-{ceremony.pk}-{language}.pdf"'
    return response


# --- the live console -----------------------------------------------------------------------------


@login_required
@require_GET
def console(request, pk: int):
    ceremony = _organiser_ceremony(request, pk, full=False)
    return render(
        request,
        "ceremonies/console.html",
        {
            "ceremony": ceremony,
            "state": selectors.console_state(ceremony),
            "can_run": can_run_ceremony(request.user, ceremony),
        },
    )


@never_cache
@login_required
@require_GET
def console_state(request, pk: int):
    ceremony = _organiser_ceremony(request, pk, full=False)
    return JsonResponse(selectors.console_state(ceremony))


def _expected_id(raw: str | None) -> int | None:
    if raw in (None, "", "none"):
        return None
    if not is_id(raw):
        raise ApplicationError(_("The console sent an unknown cue."))
    return int(raw)


def _console_step(request, ceremony, step) -> HttpResponse:
    """Run one console button's service: a plain form post (works without JS) is redirected
    back with the refusal as a message; the script gets the new state as JSON."""
    try:
        step()
        status, error = 200, ""
    except ApplicationError as exc:
        status, error = exc.status, exc.message
    ceremony.refresh_from_db(fields=["live_ended_at", "status"])
    if request.headers.get("Accept", "").startswith("application/json"):
        body = selectors.console_state(ceremony)
        body["error"] = error
        return JsonResponse(body, status=status)
    if error:
        messages.warning(request, error)
    return redirect("ceremonies:console", pk=ceremony.pk)


@login_required
@require_POST
def console_advance(request, pk: int):
    """The "next" button."""
    ceremony = _organiser_ceremony(request, pk, check=can_run_ceremony, full=False)
    return _console_step(
        request,
        ceremony,
        lambda: services.advance_cue(
            ceremony=ceremony,
            expected_current_id=_expected_id(request.POST.get("expected_current")),
            by=request.user,
        ),
    )


def _expected_version(raw: str | None) -> int:
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if raw is None or not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
        raise ApplicationError(_("The console sent an unknown state of the run."))
    return int(raw)


@login_required
@require_POST
def console_undo(request, pk: int):
    """The "Undo" button: takes back the last "Next"."""
    ceremony = _organiser_ceremony(request, pk, check=can_run_ceremony, full=False)
    return _console_step(
        request,
        ceremony,
        lambda: services.undo_last_advance(
            ceremony=ceremony,
            expected_version=_expected_version(request.POST.get("expected_version")),
            by=request.user,
        ),
    )
