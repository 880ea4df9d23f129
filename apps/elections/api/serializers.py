"""Input and output of the elections API."""

from __future__ import annotations

from rest_framework import serializers

from apps.elections.models import Candidate, Election, Round


class CandidateOutputSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="delegation.country.iso2")

    class Meta:
        model = Candidate
        fields = [
            "id",
            "name",
            "country",
            "statement_en",
            "statement_fr",
            "statement_es",
            "statement_ar",
            "withdrawn",
            "eliminated_in_round",
            "elected",
        ]


class RoundSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["id", "number", "mode", "status", "opened_at", "closed_at", "certified_at"]


class ElectionOutputSerializer(serializers.ModelSerializer):
    candidates = CandidateOutputSerializer(many=True, read_only=True)
    later_share = serializers.CharField(
        read_only=True, help_text='The share from round later_from_round on ("": none).'
    )
    rounds = RoundSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = [
            "id",
            "seat",
            "region",
            "term_years",
            "nomination_deadline",
            "mode",
            "share",
            "later_share",
            "later_from_round",
            "abstentions_count_as_cast",
            "invalid_count_as_cast",
            "on_inconclusive",
            "status",
            "candidates",
            "rounds",
        ]


class TallyRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    votes = serializers.IntegerField()
    elected = serializers.BooleanField()
    eliminated = serializers.BooleanField()


class RoundOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    election = serializers.IntegerField(allow_null=True)
    resolution = serializers.IntegerField(allow_null=True)
    number = serializers.IntegerField()
    mode = serializers.CharField()
    status = serializers.CharField()
    roll_size = serializers.IntegerField()
    present = serializers.IntegerField()
    ballots_cast = serializers.IntegerField()
    result = serializers.DictField(allow_null=True, help_text="The full tally once visible.")
    tally = TallyRowSerializer(many=True)


class BallotInputSerializer(serializers.Serializer):
    choice = serializers.CharField(
        max_length=20,
        help_text='A standing candidate\'s id, "for" or "against" (a resolution), or "abstain".',
    )


class ReceiptOutputSerializer(serializers.Serializer):
    receipt = serializers.CharField(help_text="Shown once; checks that the ballot is counted.")
