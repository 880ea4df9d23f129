"""Reference data: member countries, observer organisations, the assembly's default quotas."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy

from apps.core.admin_editions import EditionAdminMixin
from apps.delegations import services
from apps.delegations.admin.common import (
    ServiceAdmin,
    country_rank_for,
    organisation_rank_for,
)
from apps.delegations.models import (
    DelegationSettings,
    MemberCountry,
    Organisation,
)


class ReferenceAdmin(ServiceAdmin):
    """Reference data saved and deleted through the service, so each correction is audited."""

    def save_model(self, request, obj, form, change):
        services.save_reference(obj=obj, by=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        services.delete_reference(obj=obj, by=request.user)


@admin.register(MemberCountry)
class MemberCountryAdmin(ReferenceAdmin):
    list_display = ["iso2", "name_column", "name_en", "region", "region_confidence", "active"]
    list_filter = ["region", "region_confidence", "active"]
    list_editable = ["region"]
    search_fields = ["iso2", "name_en", "name_fr", "name_es", "name_ar"]

    def get_queryset(self, request):
        # In the reader's alphabetical order ("Suède", "Tchad", "Togo" in French).
        return super().get_queryset(request).alias(name_rank=country_rank_for(request, "pk"))

    def get_ordering(self, request):
        return [country_rank_for(request, "pk").asc()]

    @admin.display(description=gettext_lazy("name"), ordering="name_rank")
    def name_column(self, obj):
        return obj.name


@admin.register(Organisation)
class OrganisationAdmin(ReferenceAdmin):
    list_display = ["name_column", "name", "acronym", "kind"]
    fields = ["name", "name_fr", "name_es", "name_ar", "acronym", "kind", "website"]
    # A website typed without a scheme is https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind"]
    search_fields = ["name", "name_fr", "name_es", "name_ar", "acronym"]

    def get_queryset(self, request):
        # In the reader's language and alphabetical order.
        return super().get_queryset(request).alias(name_rank=organisation_rank_for(request, "pk"))

    def get_ordering(self, request):
        return [organisation_rank_for(request, "pk").asc()]

    @admin.display(description=gettext_lazy("name"), ordering="name_rank")
    def name_column(self, obj):
        return obj.display_name


@admin.register(DelegationSettings)
class DelegationSettingsAdmin(EditionAdminMixin, admin.ModelAdmin):
    list_display = ["assembly", "member_quota", "observer_quota", "invitation_days"]

    def save_model(self, request, obj, form, change):
        services.set_default_quotas(
            assembly=obj.assembly,
            by=request.user,
            member_quota=obj.member_quota,
            observer_quota=obj.observer_quota,
            invitation_days=obj.invitation_days,
        )
        obj.pk = DelegationSettings.objects.get(assembly=obj.assembly).pk
