"""Input and output shapes of the delegations API."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from apps.core.api.fields import IdRelatedField, PlausibleDateField
from apps.core.validators import REASON_MAX_LENGTH
from apps.delegations.files import validate_letter, validate_photo
from apps.delegations.models import Credentials, Delegate, Delegation, Organisation


class OrganisationOutputSerializer(serializers.ModelSerializer):
    """An observer organisation with its name in the four official languages (`name` is the
    English one; an empty translation reads as the English name)."""

    class Meta:
        model = Organisation
        fields = ["id", "name", "name_fr", "name_es", "name_ar", "acronym", "kind"]


class DelegationOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True)
    region = serializers.SerializerMethodField()
    organisation_details = OrganisationOutputSerializer(
        source="organisation", read_only=True, allow_null=True
    )

    class Meta:
        model = Delegation
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "status",
            "quota",
            "region",
            "country",
            "organisation",
            "organisation_details",
        ]

    def get_region(self, obj) -> str:
        return obj.country.region if obj.country_id else ""


class DelegationSummarySerializer(serializers.Serializer):
    quota = serializers.IntegerField()
    used = serializers.IntegerField()
    remaining = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    missing = serializers.ListField(child=serializers.CharField())
    credentials_status = serializers.SerializerMethodField()

    def get_credentials_status(self, obj) -> str | None:
        found = obj.credentials
        return found.status if found is not None and found.letter else None


class DelegateOutputSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Delegate
        fields = [
            "id",
            "delegation",
            "full_name",
            "family_name",
            "given_names",
            "family_name_native",
            "given_names_native",
            "honorific",
            "position",
            "function",
            "email",
            "phone",
            "languages",
            "arrival_date",
            "departure_date",
            "accreditation_status",
            "accreditation_number",
            "submitted_at",
            "decided_at",
            "rejection_reason",
        ]


class DelegateInputSerializer(serializers.Serializer):
    family_name = serializers.CharField(max_length=100)
    given_names = serializers.CharField(max_length=150)
    family_name_native = serializers.CharField(max_length=100, required=False, allow_blank=True)
    given_names_native = serializers.CharField(max_length=150, required=False, allow_blank=True)
    honorific = serializers.CharField(max_length=100, required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    function = serializers.ChoiceField(choices=Delegate.Function.choices, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=[code for code, _n in settings.LANGUAGES]),
        required=False,
        max_length=len(settings.LANGUAGES),
        help_text="Each language at most once.",
    )
    arrival_date = PlausibleDateField(
        required=False, allow_null=True, help_text="Within 90 days of the assembly."
    )
    departure_date = PlausibleDateField(
        required=False, allow_null=True, help_text="Within 90 days of the assembly."
    )
    photo = serializers.FileField(required=False, validators=[validate_photo])


class DelegateCreateInputSerializer(DelegateInputSerializer):
    delegation = IdRelatedField(queryset=Delegation.objects.none())

    def __init__(self, *args, delegations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if delegations is not None:
            self.fields["delegation"].queryset = delegations


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)


class CredentialsOutputSerializer(serializers.ModelSerializer):
    has_letter = serializers.SerializerMethodField()

    class Meta:
        model = Credentials
        fields = [
            "id",
            "delegation",
            "has_letter",
            "issued_by",
            "issued_on",
            "head",
            "voting_delegate",
            "alternate",
            "status",
            "note",
            "submitted_at",
            "decided_at",
        ]

    def get_has_letter(self, obj) -> bool:
        return bool(obj.letter)


class CredentialsUploadInputSerializer(serializers.Serializer):
    letter = serializers.FileField(validators=[validate_letter])
    issued_by = serializers.CharField(max_length=200)
    issued_on = PlausibleDateField(required=False, allow_null=True)


class DesignationInputSerializer(serializers.Serializer):
    head = IdRelatedField(queryset=Delegate.objects.none(), required=False, allow_null=True)
    voting_delegate = IdRelatedField(
        queryset=Delegate.objects.none(), required=False, allow_null=True
    )
    alternate = IdRelatedField(queryset=Delegate.objects.none(), required=False, allow_null=True)

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if delegation is not None:
            for name in ("head", "voting_delegate", "alternate"):
                self.fields[name].queryset = delegation.delegates.all()


class CredentialsDecisionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Credentials.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX_LENGTH)


class VotingRollOutputSerializer(serializers.Serializer):
    iso2 = serializers.CharField(source="delegation.country.iso2")
    country = serializers.CharField(source="delegation.country.name_en")
    region = serializers.CharField(source="delegation.country.region")
    status = serializers.CharField()
    voting_delegate = serializers.CharField(
        source="voting_delegate.full_name", default=None, allow_null=True
    )
    alternate = serializers.CharField(source="alternate.full_name", default=None, allow_null=True)
