"""The administration works on one edition at a time (`apps.core.editions.admin_edition`).

`EditionAdminMixin` goes first in the bases of every ModelAdmin whose model belongs to an
assembly: its changelist, change pages, filters, foreign-key choices and actions see only the
chosen edition's rows, and a past edition is read-only unless an organiser reopened it.
`tests/core/test_admin_editions.py` sweeps `admin.site._registry`, so a new admin without it fails.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from apps.core.editions import admin_edition, assembly_of, assembly_path, in_edition
from apps.core.models import Assembly


class EditionRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related filter whose choices are the chosen edition's rows only."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        if related is Assembly:
            edition = admin_edition(request)
            return [(edition.pk, str(edition))] if edition else []
        if assembly_path(related) is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = in_edition(related._default_manager.all(), admin_edition(request))
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


def _is_edition_field(model: type[models.Model], name: str) -> bool:
    """A filter on a field pointing to an assembly-owned model (or the assembly itself)."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # a lookup through relations ("delegation__kind") or a method
        return False
    related = getattr(field, "related_model", None)
    return isinstance(related, type) and (related is Assembly or assembly_path(related) is not None)


def edition_is_writable(request, obj: models.Model | None = None) -> bool:
    """Writes are allowed on the chosen edition unless it is a closed past edition; an
    object of another edition (reached through a stale link) is never writable here."""
    edition = admin_edition(request)
    if edition is None:
        return True
    if obj is not None:
        owner = assembly_of(obj)
        if owner is not None and owner.pk != edition.pk:
            return False
    return not edition.is_read_only


class EditionAdminMixin:
    """Scope a ModelAdmin to the edition chosen in the admin header (see module docstring)."""

    def get_queryset(self, request):
        return in_edition(super().get_queryset(request), admin_edition(request))  # type: ignore[misc]

    def get_list_filter(self, request):
        filters: list[Any] = []
        model = self.model  # type: ignore[attr-defined]
        for entry in super().get_list_filter(request):  # type: ignore[misc]
            if isinstance(entry, str) and entry == assembly_path(model):
                continue  # one edition is shown: a filter by assembly would offer only it
            if isinstance(entry, str) and _is_edition_field(model, entry):
                filters.append((entry, EditionRelatedFieldListFilter))
            elif (
                isinstance(entry, tuple)
                and entry[1] is admin.RelatedFieldListFilter
                and _is_edition_field(model, entry[0])
            ):
                filters.append((entry[0], EditionRelatedFieldListFilter))
            else:
                filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        edition = admin_edition(request)
        if related is Assembly and edition is not None and "queryset" not in kwargs:
            kwargs["queryset"] = Assembly.objects.filter(pk=edition.pk)
            kwargs.setdefault("initial", edition.pk)
        elif assembly_path(related) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = in_edition(related._default_manager.all(), edition)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if assembly_path(related) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = in_edition(related._default_manager.all(), admin_edition(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def has_add_permission(self, request, *args, **kwargs):
        return edition_is_writable(request) and super().has_add_permission(  # type: ignore[misc]
            request, *args, **kwargs
        )

    def has_change_permission(self, request, obj=None):
        return edition_is_writable(request, obj) and super().has_change_permission(  # type: ignore[misc]
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return edition_is_writable(request, obj) and super().has_delete_permission(  # type: ignore[misc]
            request, obj
        )
