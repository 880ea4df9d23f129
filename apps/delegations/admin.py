from django.contrib import admin

from apps.delegations.models import Delegate, Delegation, MemberCountry, Organisation


@admin.register(MemberCountry)
class MemberCountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_en", "region", "region_confidence", "active"]
    list_filter = ["region", "region_confidence", "active"]
    list_editable = ["region"]
    search_fields = ["iso2", "name_en", "name_fr", "name_es", "name_ar"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assembly", "kind", "status"]
    list_filter = ["assembly", "kind", "status", "country__region"]
    search_fields = ["country__name_en", "organisation__name", "organisation__acronym"]
    list_select_related = ["country", "organisation", "assembly"]
    autocomplete_fields = ["country", "organisation", "focal_points"]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_names", "delegation", "function"]
    list_filter = ["function", "delegation__assembly"]
    search_fields = ["family_name", "given_names", "email"]
    list_select_related = ["delegation__country", "delegation__organisation"]
    autocomplete_fields = ["delegation"]
