"""Content in the reader's language: one fallback rule, names sorted in the reader's alphabet,
the assembly's own names read in each language."""

from __future__ import annotations

import pytest
from django.utils import translation

from apps.core.i18n import collation_key, listing, localised, sorted_by_name
from tests.factories import AssemblyFactory


class _Text:
    def __init__(self, **fields: str) -> None:
        self.__dict__.update(fields)


def _sorted(names: list[str], language: str) -> list[str]:
    return sorted_by_name(names, str, language)


def test_french_order_ignores_accents_and_follows_the_alphabet():
    names = [
        "Togo",
        "Tchad",
        "République centrafricaine",
        "Suède",
        "Espagne",
        "Égypte",
        "Émirats arabes unis",
        "Équateur",
        "Danemark",
    ]
    assert _sorted(names, "fr") == [
        "Danemark",
        "Égypte",
        "Émirats arabes unis",
        "Équateur",
        "Espagne",
        "République centrafricaine",
        "Suède",
        "Tchad",
        "Togo",
    ]


def test_arabic_order_follows_the_arabic_alphabet_whatever_the_alif():
    # Jordan, the United Arab Emirates, Bahrain, Afghanistan, Albania, Algeria, Morocco, Egypt
    names = [
        "مصر",
        "المغرب",
        "الجزائر",
        "ألبانيا",
        "أفغانستان",
        "البحرين",
        "الإمارات العربية المتحدة",
        "الأردن",
    ]
    assert _sorted(names, "ar") == [
        "أفغانستان",
        "الأردن",
        "الإمارات العربية المتحدة",
        "ألبانيا",
        "البحرين",
        "الجزائر",
        "المغرب",
        "مصر",
    ]


def test_spanish_n_with_tilde_is_a_letter_after_n():
    assert _sorted(["Ñandú", "Nigeria", "Noruega", "Níger"], "es") == [
        "Níger",
        "Nigeria",
        "Noruega",
        "Ñandú",
    ]
    assert collation_key("Perú", "es") < collation_key("Polonia", "es")


def test_localised_falls_back_to_english_where_the_translation_is_empty():
    text = _Text(title_en="Lunch", title_fr="Déjeuner", title_es="", title_ar="غداء")
    assert localised(text, "title", "fr") == "Déjeuner"
    assert localised(text, "title", "es") == "Lunch"
    assert localised(text, "title", "de") == "Lunch"
    with translation.override("ar"):
        assert localised(text, "title") == "غداء"


def test_localised_reads_an_unsuffixed_english_field():
    room = _Text(name="Press centre", name_fr="Centre de presse", name_es="", name_ar="")
    assert localised(room, "name", "fr") == "Centre de presse"
    assert localised(room, "name", "ar") == "Press centre"


@pytest.mark.django_db
def test_the_assembly_s_names_read_in_the_reader_s_language():
    assembly = AssemblyFactory.build(
        number=93, name="93rd INTERPOL General Assembly", city="Marrakech", country="Morocco"
    )
    with translation.override("ar"):
        assert assembly.display_name == "الدورة 93 للجمعية العامة للإنتربول"
        assert assembly.display_city == "مراكش"
        assert assembly.display_country == "المغرب"
    with translation.override("fr"):
        assert assembly.display_name == "93e session de l'Assemblée générale d'INTERPOL"
    with translation.override("en"):
        assert assembly.display_name == "93rd INTERPOL General Assembly"
    own = AssemblyFactory.build(number=95, name="Special session", city="Nowhere-on-Sea")
    with translation.override("ar"):
        assert own.display_name == "Special session"
        assert own.display_city == "Nowhere-on-Sea"


@pytest.mark.django_db
def test_member_countries_sort_in_the_reader_s_language():
    from apps.delegations.demo import seed_member_countries
    from apps.delegations.selectors import member_countries

    seed_member_countries()
    with translation.override("fr"):
        names = [c.name for c in member_countries()]
    assert names.index("Suède") < names.index("Tchad") < names.index("Togo")
    assert names.index("Tchad") > names.index("République centrafricaine")
    assert names.index("Égypte") < names.index("Espagne")
    with translation.override("ar"):
        arabic = [c.name for c in member_countries()]
    assert arabic.index("الأردن") < arabic.index("البحرين") < arabic.index("مصر")
    with translation.override("en"):
        english = [c.name for c in member_countries()]
    assert english.index("Chad") < english.index("Sweden")


@pytest.mark.django_db
def test_an_arabic_e_mail_names_the_countries_in_arabic():
    from django.template import Context
    from django.template.loader import get_template

    from apps.delegations.demo import seed_member_countries

    seed_member_countries()
    template = get_template("emails/meetings.request_received.txt").template
    context = {"requester": "France", "invitee": "Morocco", "topic": "Cybercrime", "request_id": 1}
    with translation.override("ar"):
        text = template.render(Context({**context, "duration_minutes": 30}, autoescape=False))
    assert "فرنسا" in text
    assert "المغرب" in text
    assert "France" not in text
    assert "Morocco" not in text


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "Host, Speaker"), ("ar", "Host، Speaker")]
)
def test_a_list_is_joined_with_the_readers_separator(language, expected):
    with translation.override(language):
        assert listing(["Host", "Speaker"]) == expected


def test_the_listing_filter_escapes_each_item_and_isolates_nothing_else():
    from django.template import Context, Template

    template = Template("{% load gaplanner %}{{ items|listing }}")
    with translation.override("ar"):
        assert template.render(Context({"items": ["<b>x</b>", "y"]})) == "&lt;b&gt;x&lt;/b&gt;، y"


def test_no_template_joins_a_list_with_an_english_comma():
    """Lists people read go through `listing` (the reader's separator); a `join:", "` would
    put a Latin comma into Arabic pages."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    templates = [*root.glob("templates/**/*.html"), *root.glob("apps/*/templates/**/*.html")]
    offenders = [
        str(path.relative_to(root)) for path in templates if 'join:", "' in path.read_text()
    ]
    assert templates
    assert offenders == []
