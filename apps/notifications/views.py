"""The in-portal inbox and the notification preferences of the signed-in user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import get_in_scope_or_404
from apps.core.selectors import current_assembly
from apps.notifications import selectors, services
from apps.notifications.forms import PreferencesForm
from apps.notifications.inbox import inbox_entry


@login_required
@require_GET
def inbox(request):
    notifications = (
        selectors.inbox_for(request.user).select_related("recipient").prefetch_related("subject")
    )
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    assembly = current_assembly()
    unread = selectors.unread_count_for(request.user)
    items = [inbox_entry(n, assembly=assembly) for n in page.object_list]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "items": items, "unread": unread, "notifications_unread": unread},
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = get_in_scope_or_404(selectors.inbox_for(request.user), request.user, pk=pk)
    services.mark_read(notification=notification, user=request.user)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = selectors.preferences_for(request.user)
    form = PreferencesForm(request.POST or None, initial_choices=current)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, enabled=form.choices())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
