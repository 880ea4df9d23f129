"""The delegation portal: dashboard, delegates, accreditation, credentials.

Every view works on the signed-in focal point's own delegation; anything else is a 404.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import get_in_scope_or_404, is_organiser
from apps.core.errors import ApplicationError
from apps.core.forms import claim_submission, record_submission, repeat_of_submission
from apps.core.selectors import current_assembly
from apps.delegations import selectors, services
from apps.delegations.files import file_response
from apps.delegations.forms import (
    CredentialsUploadForm,
    DelegateCreateForm,
    DelegateForm,
    DesignationForm,
)
from apps.delegations.models import AccreditationStatus
from apps.delegations.services.accreditation import withdrawal_undoable_until
from apps.delegations.services.editions import copy_previous_delegates, previous_delegation_of


def portal_view(view):
    """Loads the focal point's delegation for the current assembly, or answers 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_organiser(request.user):
            return redirect("admin:delegations_delegation_changelist")
        # The edition of the person's own delegation (the middleware's), else the current one.
        assembly = getattr(request, "assembly", None) or current_assembly()
        delegation = assembly and selectors.delegation_of(request.user, assembly=assembly)
        if delegation is None:
            raise Http404(_("You are not a focal point of a delegation at this assembly."))
        return view(request, delegation, *args, **kwargs)

    return wrapper


def _still_ahead(moment):
    """`moment` while it is still to come, else None (an "Undo" offered until then)."""
    return moment if moment is not None and moment > timezone.now() else None


def _own_delegate(delegation, pk: int):
    return get_object_or_404(selectors.delegates_of(delegation), pk=pk)


def _show(request, exc: Exception) -> None:
    if isinstance(exc, ApplicationError):
        messages.error(request, exc.message)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)


def _form_errors(form, exc: ApplicationError | ValidationError) -> None:
    if isinstance(exc, ApplicationError):
        fields = [k for k in exc.extra if k in form.fields]
        for field in fields:
            form.add_error(field, exc.extra[field])
        if not fields:
            form.add_error(None, exc.message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@portal_view
def dashboard(request, delegation):
    delegates = list(selectors.delegates_of(delegation))
    summary = selectors.delegation_summary(delegation, delegates=delegates)
    return render(
        request,
        "delegations/dashboard.html",
        {
            "delegation": delegation,
            "delegates": delegates,
            "summary": summary,
            "Status": AccreditationStatus,
            "previous_delegation": previous_delegation_of(delegation),
        },
    )


@portal_view
def delegates_copy_previous(request, delegation):
    """ "Copy last year's delegates": a choice the focal point makes, never automatic."""
    if request.method == "POST":
        try:
            copied = copy_previous_delegates(delegation=delegation, by=request.user)
        except ApplicationError as exc:
            _show(request, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d delegate copied from the last edition, as a draft.",
                    "%(count)d delegates copied from the last edition, as drafts.",
                    len(copied),
                )
                % {"count": len(copied)},
            )
    return redirect("delegations:dashboard")


@portal_view
def delegate_create(request, delegation):
    form = DelegateCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        location = reverse("delegations:dashboard")
        try:
            with transaction.atomic():
                if (earlier := claim_submission(request, form)) is not None:
                    return repeat_of_submission(request, earlier)
                delegate = services.create_delegate(
                    delegation=delegation, by=request.user, **form.changes()
                )
                record_submission(request, form, location)
        except (ApplicationError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": delegate})
            return redirect(location)
    return render(
        request,
        "delegations/delegate_form.html",
        {"form": form, "delegation": delegation, "delegate": None},
    )


@portal_view
def delegate_edit(request, delegation, pk: int):
    delegate = _own_delegate(delegation, pk)
    initial = model_to_dict(delegate, fields=list(DelegateForm.Meta.fields))
    photo_url = (
        reverse("delegations:delegate_photo", args=[delegate.pk]) if delegate.photo else None
    )
    form = DelegateForm(
        request.POST or None, request.FILES or None, initial=initial, photo_url=photo_url
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_delegate(delegate=delegate, by=request.user, **form.changes())
        except (ApplicationError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is updated.") % {"name": delegate})
            return redirect("delegations:dashboard")
    return render(
        request,
        "delegations/delegate_form.html",
        {"form": form, "delegation": delegation, "delegate": delegate},
    )


@portal_view
def delegate_delete(request, delegation, pk: int):
    delegate = _own_delegate(delegation, pk)
    if request.method == "POST":
        try:
            services.delete_delegate(delegate=delegate, by=request.user)
        except ApplicationError as exc:
            _show(request, exc)
        else:
            messages.success(request, _("%(name)s is removed.") % {"name": delegate})
        return redirect("delegations:dashboard")
    return render(
        request,
        "delegations/delegate_confirm_delete.html",
        {"delegate": delegate, "delegation": delegation},
    )


@require_POST
@portal_view
def delegate_submit(request, delegation, pk: int):
    delegate = _own_delegate(delegation, pk)
    try:
        services.submit_accreditation(delegates=[delegate], by=request.user)
    except (ApplicationError, ValidationError) as exc:
        _show(request, exc)
    else:
        messages.success(
            request, _("%(name)s is submitted for accreditation.") % {"name": delegate}
        )
    return redirect("delegations:dashboard")


@portal_view
def delegate_detail(request, delegation, pk: int):
    """A delegate as registered, read-only: approved delegates can no longer be edited."""
    delegate = _own_delegate(delegation, pk)
    photo_url = (
        reverse("delegations:delegate_photo", args=[delegate.pk]) if delegate.photo else None
    )
    return render(
        request,
        "delegations/delegate_detail.html",
        {
            "delegation": delegation,
            "delegate": delegate,
            "photo_url": photo_url,
            "Status": AccreditationStatus,
            "undo_until": _still_ahead(withdrawal_undoable_until(delegate)),
        },
    )


@require_http_methods(["GET", "POST"])
@portal_view
def delegate_withdraw(request, delegation, pk: int):
    """Asks first (GET), withdraws on the answer (POST), and offers "Undo" for a while."""
    delegate = _own_delegate(delegation, pk)
    if request.method == "GET":
        return render(
            request,
            "delegations/delegate_confirm_withdraw.html",
            {"delegate": delegate, "delegation": delegation, "Status": AccreditationStatus},
        )
    try:
        services.withdraw_accreditation(delegate=delegate, by=request.user)
    except (ApplicationError, ValidationError, PermissionDenied) as exc:
        _show(request, exc)
    else:
        undo = reverse("delegations:delegate_restore", args=[delegate.pk])
        messages.success(
            request,
            format_html(
                '{} <form class="inline-form" method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="button button-small">{}</button></form>',
                _("%(name)s is withdrawn.") % {"name": delegate},
                undo,
                get_token(request),
                _("Undo"),
            ),
        )
    return redirect("delegations:dashboard")


@require_POST
@portal_view
def delegate_restore(request, delegation, pk: int):
    """ "Undo" of a withdrawal, for a few minutes after it."""
    delegate = _own_delegate(delegation, pk)
    try:
        services.restore_accreditation(delegate=delegate, by=request.user)
    except (ApplicationError, ValidationError, PermissionDenied) as exc:
        _show(request, exc)
    else:
        messages.success(
            request, _("%(name)s is back, as before the withdrawal.") % {"name": delegate}
        )
    return redirect("delegations:dashboard")


@require_POST
@portal_view
def submit_all(request, delegation):
    drafts = list(
        selectors.delegates_of(delegation).filter(accreditation_status=AccreditationStatus.DRAFT)
    )
    if not drafts:
        messages.info(request, _("There is no draft delegate to submit."))
        return redirect("delegations:dashboard")
    try:
        services.submit_accreditation(delegates=drafts, by=request.user)
    except (ApplicationError, ValidationError) as exc:
        _show(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d delegate submitted for accreditation.",
                "%(count)d delegates submitted for accreditation.",
                len(drafts),
            )
            % {"count": len(drafts)},
        )
    return redirect("delegations:dashboard")


@portal_view
def credentials(request, delegation):
    if not delegation.is_member:
        return render(request, "delegations/credentials_observer.html", {"delegation": delegation})
    found = selectors.credentials_of(delegation)
    upload_form = CredentialsUploadForm(prefix="upload")
    designation_initial = {}
    if found is not None:
        designation_initial = {
            "head": found.head_id,
            "voting_delegate": found.voting_delegate_id,
            "alternate": found.alternate_id,
        }
    designation_form = DesignationForm(
        delegation=delegation, prefix="designate", initial=designation_initial
    )
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload_form = CredentialsUploadForm(request.POST, request.FILES, prefix="upload")
        if upload_form.is_valid():
            try:
                services.upload_credentials(
                    delegation=delegation, by=request.user, **upload_form.cleaned_data
                )
            except (ApplicationError, ValidationError) as exc:
                _form_errors(upload_form, exc)
            else:
                messages.success(request, _("The letter is uploaded."))
                return redirect("delegations:credentials")
    elif request.method == "POST" and request.POST.get("action") == "designate":
        designation_form = DesignationForm(request.POST, delegation=delegation, prefix="designate")
        if designation_form.is_valid():
            try:
                services.designate_delegates(
                    delegation=delegation, by=request.user, **designation_form.cleaned_data
                )
            except (ApplicationError, ValidationError) as exc:
                _form_errors(designation_form, exc)
            else:
                messages.success(request, _("The designations are saved."))
                return redirect("delegations:credentials")
    return render(
        request,
        "delegations/credentials.html",
        {
            "delegation": delegation,
            "credentials": found,
            "upload_form": upload_form,
            "designation_form": designation_form,
        },
    )


@login_required
@require_GET
def credentials_letter(request, pk: int):
    """The credentials letter, for its delegation's focal points and organisers; else 404."""
    found = get_in_scope_or_404(selectors.letters_for_user(request.user), request.user, pk=pk)
    return file_response(found.letter, name=f"credentials-{found.delegation.code}")


@login_required
@require_GET
def delegate_photo(request, pk: int):
    """A delegate's badge photo, scoped like the letter."""
    found = get_in_scope_or_404(selectors.photos_for_user(request.user), request.user, pk=pk)
    return file_response(found.photo, name=f"photo-{found.pk}")
