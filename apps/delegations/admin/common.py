"""What the delegations admin screens share: history without revert, batch actions, badges."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from apps.core.errors import ApplicationError
from apps.delegations.files import ProtectedFileLinkMixin
from apps.delegations.models import (
    DelegationSettings,
)
from apps.delegations.templatetags.delegations import badge_class


class ProtectedAdminFileWidget(ProtectedFileLinkMixin, AdminFileWidget):
    """The admin's file widget, linking the current file to its access-checked view."""


class ServiceAdmin(admin.ModelAdmin):
    """Subclasses save and delete through services (`save_model`, `delete_model`); a refusal the
    form could not foresee (a quota reached, a rule of the service) is shown as a message and
    nothing is saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ApplicationError, ValidationError) as exc:
            # Not PermissionDenied: the admin's own refusal stays a 403.
            self.message_user(request, refusal(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (ApplicationError, ValidationError) as exc:
            self.message_user(request, refusal(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request, queryset):
        """The bulk "delete selected" action: each object through `delete_model`."""
        run_each(
            self,
            request,
            queryset,
            lambda obj: self.delete_model(request, obj),
            ngettext_lazy("%(count)d deleted.", "%(count)d deleted.", "count"),
        )


class ServiceHistoryAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """History is shown, never reverted: a revert would bypass the services and the audit."""

    def revert_disabled(self, request, obj=None):
        return True


def refusal(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return _("You may not do this.")


def run_each(modeladmin, request, queryset, call, done) -> None:
    """Calls `call(obj)` for each selected object; reports successes and each refusal."""
    done_count = 0
    for obj in queryset:
        try:
            call(obj)
        except PermissionDenied:
            modeladmin.message_user(request, _("You may not do this."), messages.ERROR)
            return
        except (ApplicationError, ValidationError) as exc:
            text = exc.message if isinstance(exc, ApplicationError) else "; ".join(exc.messages)
            modeladmin.message_user(request, f"{obj}: {text}", messages.WARNING)
        else:
            done_count += 1
    if done_count:
        message = done % {"count": done_count}
        modeladmin.message_user(request, message, messages.SUCCESS)


def default_of(field: str) -> int:
    return DelegationSettings._meta.get_field(field).default  # type: ignore[union-attr]


def badge(status: str, label: str) -> str:
    return format_html('<span class="{}">{}</span>', badge_class(status), label)


def country_rank_for(request, field: str = "country_id"):
    """The countries' order in the reader's language as an SQL expression on `field`, computed
    once per request (an admin list asks for it for its ordering and its queryset)."""
    from apps.delegations.selectors import country_rank

    cache = request.__dict__.setdefault("_country_rank", {})
    if field not in cache:
        cache[field] = country_rank(field=field)
    return cache[field]


def organisation_rank_for(request, field: str = "organisation_id"):
    """The organisations' order in the reader's language as an SQL expression on `field`,
    computed once per request."""
    from apps.delegations.selectors import organisation_rank

    cache = request.__dict__.setdefault("_organisation_rank", {})
    if field not in cache:
        cache[field] = organisation_rank(field=field)
    return cache[field]
