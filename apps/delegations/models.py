"""Member countries, observer organisations, delegations per assembly and their delegates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.models import Assembly, TimeStampedModel


class Region(models.TextChoices):
    """The four statutory regions; they drive Executive Committee elections."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia and South Pacific")
    EUROPE = "europe", _("Europe")


class MemberCountry(TimeStampedModel):
    """One of INTERPOL's 196 member countries; organisers may correct the region."""

    class RegionConfidence(models.TextChoices):
        EVIDENCED = "evidenced", _("evidenced")
        INFERRED = "inferred", _("inferred")
        AMBIGUOUS = "ambiguous", _("ambiguous (check)")

    iso2 = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    region_confidence = models.CharField(
        _("region confidence"),
        max_length=10,
        choices=RegionConfidence.choices,
        default=RegionConfidence.INFERRED,
    )
    region_note = models.CharField(_("region note"), max_length=255, blank=True)
    member_since = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    active = models.BooleanField(_("active member"), default=True)

    class Meta:
        verbose_name = _("member country")
        verbose_name_plural = _("member countries")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"),
                name="delegations_country_iso2_format",
                violation_error_message=_("The ISO code is two capital letters."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, English where that translation is missing."""
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Organisation(TimeStampedModel):
    """An observer or guest: international and regional organisations, academia, think tanks."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("international organisation")
        REGIONAL = "regional", _("regional organisation")
        ACADEMIC = "academic", _("academic body")
        THINK_TANK = "think_tank", _("think tank")
        SECRETARIAT = "secretariat", _("INTERPOL General Secretariat")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Delegation(TimeStampedModel):
    """A country's or an organisation's delegation to one assembly."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("member country")
        HOST = "host", _("host country")
        OBSERVER = "observer", _("observer")
        SECRETARIAT = "secretariat", _("General Secretariat")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        REGISTERING = "registering", _("registering")
        REGISTERED = "registered", _("registered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="delegations"
    )
    country = models.ForeignKey(
        MemberCountry,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEMBER)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INVITED
    )
    quota = models.PositiveSmallIntegerField(
        _("size quota"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the assembly's default quota."),
    )
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal points"),
        blank=True,
        related_name="delegations",
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["assembly", "country__name_en", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "country"],
                name="delegations_one_per_country",
                violation_error_message=_(
                    "This country already has a delegation at this assembly."
                ),
            ),
            models.UniqueConstraint(
                fields=["assembly", "organisation"],
                name="delegations_one_per_organisation",
                violation_error_message=_(
                    "This organisation already has a delegation at this assembly."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, organisation__isnull=True)
                    | models.Q(country__isnull=True, organisation__isnull=False)
                ),
                name="delegations_country_xor_organisation",
                violation_error_message=_(
                    "A delegation is either a country's or an organisation's."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.country) if self.country_id else str(self.organisation)

    @property
    def code(self) -> str:
        """Short id for people and the scheduler: the ISO code, or the organisation's acronym."""
        if self.country_id:
            return self.country.iso2
        return self.organisation.acronym or f"ORG{self.organisation_id}"


class Delegate(TimeStampedModel):
    """A person in one delegation."""

    class Function(models.TextChoices):
        HEAD = "head", _("head of delegation")
        DEPUTY_HEAD = "deputy_head", _("deputy head")
        DELEGATE = "delegate", _("delegate")
        EXPERT = "expert", _("expert")
        LIAISON = "liaison", _("liaison officer")
        SECURITY = "security", _("security officer")
        INTERPRETER = "interpreter", _("interpreter")
        OBSERVER = "observer", _("observer")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="delegates"
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_names = models.CharField(_("given names"), max_length=150)
    family_name_native = models.CharField(
        _("family name (native script)"), max_length=100, blank=True
    )
    given_names_native = models.CharField(
        _("given names (native script)"), max_length=150, blank=True
    )
    honorific = models.CharField(_("honorific or rank"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    function = models.CharField(
        _("function in the delegation"),
        max_length=12,
        choices=Function.choices,
        default=Function.DELEGATE,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    arrival_date = models.DateField(_("arrival"), null=True, blank=True)
    departure_date = models.DateField(_("departure"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["delegation", "family_name", "given_names"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(arrival_date__isnull=True)
                    | models.Q(departure_date__isnull=True)
                    | models.Q(departure_date__gte=models.F("arrival_date"))
                ),
                name="delegations_delegate_dates_ordered",
                violation_error_message=_("Departure cannot be before arrival."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.honorific, self.given_names, self.family_name.upper()]
        return " ".join(part for part in parts if part)
