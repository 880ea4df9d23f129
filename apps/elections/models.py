"""Elections to the Executive Committee and resolution votes, on the credentialed roll.

Secrecy is a property of the tables (docs/elections.md): `VoteRecord` says that a country voted
in a round, `Ballot` says what a ballot holds. They share nothing: no foreign key, no id, no
timestamp; a ballot's id is random and the round's ballots are rewritten in a random order on
every cast, so neither the physical order nor the inserting transaction points to a voter.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import localised
from apps.core.models import Assembly, TimeStampedModel
from apps.core.validators import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    text_length_constraint,
    text_validators,
    validate_single_line,
)
from apps.delegations.models import Delegation, MemberCountry, Region
from apps.elections import tally

LANGUAGES = ("en", "fr", "es", "ar")


class Seat(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-President")
    DELEGATE = "delegate", _("Delegate")


class Share(models.TextChoices):
    ABSOLUTE = tally.ABSOLUTE, _("absolute majority of the votes cast")
    TWO_THIRDS = tally.TWO_THIRDS, _("two thirds of the votes cast")
    PLURALITY = tally.PLURALITY, _("the most votes")


class Inconclusive(models.TextChoices):
    NEW_ROUND = tally.NEW_ROUND, _("a new round with every candidate")
    ELIMINATE_LAST = tally.ELIMINATE_LAST, _("a new round without the last candidate")


class Mode(models.TextChoices):
    ELECTRONIC = "electronic", _("electronic secret ballot")
    PAPER = "paper", _("paper ballot counted by tellers")


class ElectionSettings(TimeStampedModel):
    """The assembly's election rules that are not per seat."""

    assembly = models.OneToOneField(
        Assembly,
        verbose_name=_("assembly"),
        on_delete=models.CASCADE,
        related_name="election_settings",
    )
    committee_size = models.PositiveSmallIntegerField(_("members of the Committee"), default=13)
    no_immediate_reelection = models.BooleanField(
        _("no immediate re-election to the same post"), default=True
    )

    class Meta:
        verbose_name = _("election settings")
        verbose_name_plural = _("election settings")

    def __str__(self) -> str:
        return str(self.assembly)


class CommitteeMember(TimeStampedModel):
    """A member of the Executive Committee, sitting or past, with the years of their term."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    country = models.ForeignKey(
        MemberCountry, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    seat = models.CharField(_("post"), max_length=16, choices=Seat.choices)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    term_start = models.PositiveSmallIntegerField(_("term starts (year)"))
    term_end = models.PositiveSmallIntegerField(_("term ends (year)"))

    class Meta:
        verbose_name = _("Committee member")
        verbose_name_plural = _("Committee members")
        ordering = ["-term_end", "seat", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="elections_member_term_ordered",
                violation_error_message=_("A term ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_seat_display()}, {self.term_start}-{self.term_end})"


class Election(TimeStampedModel):
    """One seat to fill at one assembly, with its majority rule as data."""

    class Status(models.TextChoices):
        NOMINATIONS = "nominations", _("nominations open")
        VOTING = "voting", _("voting")
        ELECTED = "elected", _("elected")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="elections"
    )
    seat = models.CharField(_("seat"), max_length=16, choices=Seat.choices)
    region = models.CharField(
        _("region"),
        max_length=10,
        choices=Region.choices,
        blank=True,
        help_text=_("For a Vice-President or a Delegate: the region the seat belongs to."),
    )
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=3)
    nomination_deadline = models.DateTimeField(_("nomination deadline"))
    mode = models.CharField(_("voting mode"), max_length=12, choices=Mode.choices)
    share = models.CharField(
        _("majority required"), max_length=12, choices=Share.choices, default=Share.ABSOLUTE
    )
    later_share = models.CharField(
        _("majority required in later rounds"), max_length=12, choices=Share.choices, blank=True
    )
    later_from_round = models.PositiveSmallIntegerField(
        _("later rule from round"), null=True, blank=True
    )
    abstentions_count_as_cast = models.BooleanField(_("abstentions count as cast"), default=False)
    invalid_count_as_cast = models.BooleanField(_("invalid ballots count as cast"), default=False)
    on_inconclusive = models.CharField(
        _("after an inconclusive round"),
        max_length=16,
        choices=Inconclusive.choices,
        default=Inconclusive.ELIMINATE_LAST,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATIONS
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["assembly", "seat", "region", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seat="president", region="")
                | (~models.Q(seat="president") & ~models.Q(region="")),
                name="elections_election_region_matches_seat",
                violation_error_message=_(
                    "A Vice-President or Delegate seat has a region; the President's has none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(later_share="", later_from_round__isnull=True)
                | (~models.Q(later_share="") & models.Q(later_from_round__gte=2)),
                name="elections_election_later_rule_complete",
                violation_error_message=_(
                    "A later rule needs both its majority and the round (2 or later) it starts."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(term_years__gte=1, term_years__lte=10),
                name="elections_election_term_years",
                violation_error_message=_("A term lasts 1 to 10 years."),
            ),
        ]

    def __str__(self) -> str:
        if self.region:
            return f"{self.get_seat_display()} ({self.get_region_display()})"
        return str(self.get_seat_display())

    @property
    def rule(self) -> tally.Rule:
        return tally.Rule(
            share=self.share,
            later_share=self.later_share or None,
            later_from_round=self.later_from_round,
            abstentions_count_as_cast=self.abstentions_count_as_cast,
            invalid_count_as_cast=self.invalid_count_as_cast,
            on_inconclusive=self.on_inconclusive,
        )


class Candidate(TimeStampedModel):
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("nominating delegation"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    statement_en = models.TextField(
        _("statement (English)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    statement_fr = models.TextField(
        _("statement (French)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    statement_es = models.TextField(
        _("statement (Spanish)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    statement_ar = models.TextField(
        _("statement (Arabic)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    elected = models.BooleanField(_("elected"), default=False)
    eliminated_in_round = models.PositiveSmallIntegerField(
        _("eliminated in round"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "delegation"],
                name="elections_one_candidate_per_country",
                violation_error_message=_("This country already has a candidate for this seat."),
            ),
            text_length_constraint(
                "elections_candidate_text_bounded",
                statement_en=DESCRIPTION_MAX_LENGTH,
                statement_fr=DESCRIPTION_MAX_LENGTH,
                statement_es=DESCRIPTION_MAX_LENGTH,
                statement_ar=DESCRIPTION_MAX_LENGTH,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def statement(self) -> str:
        return localised(self, "statement")

    @property
    def standing(self) -> bool:
        return not self.withdrawn and self.eliminated_in_round is None


class Resolution(TimeStampedModel):
    class Adoption(models.TextChoices):
        CONSENSUS = "consensus", _("by consensus (no vote)")
        VOTE = "vote", _("by vote")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        VOTING = "voting", _("voting")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="resolutions"
    )
    reference = models.CharField(_("reference"), max_length=40, validators=[validate_single_line])
    title_en = models.CharField(
        _("title (English)"), max_length=300, validators=[validate_single_line]
    )
    title_fr = models.CharField(
        _("title (French)"), max_length=300, blank=True, validators=[validate_single_line]
    )
    title_es = models.CharField(
        _("title (Spanish)"), max_length=300, blank=True, validators=[validate_single_line]
    )
    title_ar = models.CharField(
        _("title (Arabic)"), max_length=300, blank=True, validators=[validate_single_line]
    )
    text_en = models.TextField(
        _("text (English)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    text_fr = models.TextField(
        _("text (French)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    text_es = models.TextField(
        _("text (Spanish)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    text_ar = models.TextField(
        _("text (Arabic)"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=text_validators(DESCRIPTION_MAX_LENGTH),
    )
    share = models.CharField(
        _("majority required"),
        max_length=12,
        choices=[c for c in Share.choices if c[0] != tally.PLURALITY],
        default=Share.ABSOLUTE,
    )
    mode = models.CharField(
        _("voting mode"), max_length=12, choices=Mode.choices, default=Mode.ELECTRONIC
    )
    adoption = models.CharField(_("adopted"), max_length=10, choices=Adoption.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["assembly", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "reference"],
                name="elections_resolution_reference_unique",
                violation_error_message=_("This reference is already used at this assembly."),
            ),
            text_length_constraint(
                "elections_resolution_text_bounded",
                text_en=DESCRIPTION_MAX_LENGTH,
                text_fr=DESCRIPTION_MAX_LENGTH,
                text_es=DESCRIPTION_MAX_LENGTH,
                text_ar=DESCRIPTION_MAX_LENGTH,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title_en}"

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def text(self) -> str:
        return localised(self, "text")


class Presence(TimeStampedModel):
    """The organisers' roll call: a member delegation present in the hall (gives the quorum)."""

    delegation = models.OneToOneField(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="+"
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("roll call")
        verbose_name_plural = _("roll call")

    def __str__(self) -> str:
        return str(self.delegation)


class Round(TimeStampedModel):
    """One vote: a round of an election, or the vote on a resolution."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed, counting")
        CERTIFIED = "certified", _("certified")

    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    number = models.PositiveSmallIntegerField(_("round"), default=1)
    mode = models.CharField(_("voting mode"), max_length=12, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    roll_size = models.PositiveSmallIntegerField(_("countries on the roll"), default=0)
    present = models.PositiveSmallIntegerField(_("countries present"), default=0)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["election", "resolution", "number"]
        permissions = [("certify_round", "Can certify a vote's result")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(election__isnull=True) ^ models.Q(resolution__isnull=True),
                name="elections_round_of_one_thing",
                violation_error_message=_("A round is of an election or of a resolution."),
            ),
            models.UniqueConstraint(
                fields=["election", "number"],
                condition=models.Q(election__isnull=False),
                name="elections_round_number_unique",
            ),
            models.UniqueConstraint(
                fields=["resolution"],
                condition=models.Q(resolution__isnull=False),
                name="elections_resolution_one_round",
            ),
        ]

    def __str__(self) -> str:
        subject = self.election if self.election_id else self.resolution
        return str(_("%(subject)s, round %(number)s") % {"subject": subject, "number": self.number})

    @property
    def subject(self) -> Election | Resolution:
        """The election or the resolution this round decides."""
        subject = self.election or self.resolution
        if subject is None:
            raise ValueError("a round of nothing")
        return subject


class RollEntry(models.Model):
    """The roll frozen when the round opened: a member delegation and its voting delegate."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="roll"
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="+"
    )
    voting_delegate = models.CharField(
        _("voting delegate"), max_length=250, blank=True, validators=[validate_single_line]
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "delegation"], name="elections_roll_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return str(self.delegation)


class VoteRecord(models.Model):
    """That a country has voted in a round; never what. One per country per round, by the
    database's unique constraint. No timestamp, a random id: see docs/elections.md."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("has voted")
        verbose_name_plural = _("have voted")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "delegation"],
                name="elections_one_ballot_per_country_per_round",
                violation_error_message=_("This country has already voted in this round."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.delegation)


class Ballot(models.Model):
    """What one ballot holds; nothing about who cast it. No timestamp, a random id."""

    class Kind(models.TextChoices):
        VOTE = "vote", _("vote")
        ABSTENTION = "abstention", _("abstention")
        INVALID = "invalid", _("invalid")

    class Answer(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="vote")
                | models.Q(candidate__isnull=False)
                | ~models.Q(answer=""),
                name="elections_ballot_vote_has_choice",
            ),
        ]

    def __str__(self) -> str:
        return str(_("ballot"))


class BoothCode(models.Model):
    """A one-time code an organiser hands the voting delegate for the booth; stored hashed."""

    roll_entry = models.OneToOneField(
        RollEntry, on_delete=models.CASCADE, related_name="booth_code"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("booth code")
        verbose_name_plural = _("booth codes")

    def __str__(self) -> str:
        return str(self.roll_entry)


class PaperCount(TimeStampedModel):
    """A teller's count of a round's paper ballots; a second teller enters it again."""

    class Stage(models.TextChoices):
        FIRST = "first", _("first count")
        SECOND = "second", _("second count")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="paper_counts"
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teller"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    votes = models.JSONField(_("votes per candidate or answer"), default=dict)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    invalid = models.PositiveSmallIntegerField(_("invalid ballots"), default=0)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=text_validators(NOTE_MAX_LENGTH),
    )

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "stage"],
                name="elections_paper_count_once_per_stage",
                violation_error_message=_("This count was already entered."),
            ),
            text_length_constraint("elections_paper_count_text_bounded", note=NOTE_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.round} ({self.get_stage_display()})"
