"""Content in the reader's language: the one place that decides which translation a page shows,
how names sort in that language, and how the assembly's own names read in it.

Translatable content is stored as one column per official language (`title_en`, `title_fr`,
`title_es`, `title_ar`); `localised` picks the reader's and falls back to English when that
translation is empty. Country lists sort by the reader's alphabet (`collation_key`): accents
do not change a letter's place in French ("Suède" < "Tchad" < "Togo"), "ñ" follows "n" in
Spanish, and Arabic letters follow the Arabic alphabet whatever form the alif takes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import pgettext_lazy as _p

OFFICIAL = ("ar", "en", "fr", "es")
FALLBACK = "en"
T = TypeVar("T")


def content_language(language: str | None = None) -> str:
    """The official language content is shown in: the one asked for, else the active one;
    English for anything else ("en-gb" -> "en", "de" -> "en")."""
    code = (language or get_language() or FALLBACK)[:2].lower()
    return code if code in OFFICIAL else FALLBACK


def list_separator() -> str:
    """What separates the items of a list in the reader's language (", "; Arabic "، ")."""
    return pgettext("list separator", ", ")


def listing(items: Iterable[object]) -> str:
    """Items as one phrase in the reader's language: "Host, Speaker" / "المضيف، المتحدث"."""
    return list_separator().join(str(item) for item in items)


def localised(obj: object, field: str, language: str | None = None) -> str:
    """`obj.<field>_<language>`, or the English one where that translation is empty. Where the
    English text has no suffix (a room's `name` beside `name_fr`...), `obj.<field>` is it."""
    code = content_language(language)
    english = f"{field}_{FALLBACK}" if hasattr(obj, f"{field}_{FALLBACK}") else field
    translated = getattr(obj, f"{field}_{code}", "") if code != FALLBACK else ""
    return translated or getattr(obj, english, "") or ""


# Arabic: the forms of alif (with hamza above/below, madda, wasla) sort as alif; ta marbuta as
# ha, alif maqsura as ya, the hamza seats as their letter; tatweel and the short vowels are
# ignored. Then the letters' code points follow the Arabic alphabet.
_ARABIC_FOLD = str.maketrans(
    {
        "\u0622": "\u0627",  # آ
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0671": "\u0627",  # ٱ
        "\u0629": "\u0647",  # ة
        "\u0649": "\u064a",  # ى
        "\u0624": "\u0648",  # ؤ
        "\u0626": "\u064a",  # ئ
        "\u0640": None,  # tatweel
    }
)
_IGNORED = re.compile("[\\s'\u2019\\-.,()]")


def collation_key(text: str, language: str | None = None) -> tuple[str, str]:
    """A sort key for `text` in `language`'s alphabetical order (primary: letters without
    accents, case or punctuation; then the exact text, so the order is stable)."""
    code = content_language(language)
    folded = text.casefold()
    if code == "es":
        folded = folded.replace("ñ", "n\U0010ffff")  # ñ is a letter of its own, after n
    if code == "ar":
        folded = unicodedata.normalize("NFC", folded).translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFD", folded)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _IGNORED.sub("", letters), text


def sorted_by_name(
    items: Iterable[T], name: Callable[[T], str], language: str | None = None
) -> list[T]:
    """Items sorted by the name a reader of `language` sees (the active language by default)."""
    code = content_language(language)
    return sorted(items, key=lambda item: collation_key(name(item), code))


def order_by_names(
    queryset: models.QuerySet, names: dict[int, str], field: str = "pk", language: str | None = None
) -> models.QuerySet:
    """`queryset` ordered by `names` (a primary key -> displayed name map) in the reader's
    alphabet, on any database: the rank is computed here and handed to SQL as a CASE."""
    return queryset.alias(name_rank=name_rank(names, field, language)).order_by("name_rank", "pk")


def name_rank(
    names: dict[int, str], field: str = "pk", language: str | None = None
) -> models.Expression | models.F:
    """Each row's place in `names` sorted in the reader's alphabet, as an SQL expression on
    `field` (rows not in `names` come last): for `alias()` and an admin list's ordering."""
    code = content_language(language)
    ranked = sorted(names, key=lambda pk: collation_key(names[pk], code))
    whens = [models.When(**{field: pk}, then=models.Value(i)) for i, pk in enumerate(ranked)]
    if not whens:  # nothing to rank (a literal would be read as a column position by SQL)
        return models.F(field)
    return models.Case(
        *whens, default=models.Value(len(ranked)), output_field=models.IntegerField()
    )


# The assembly's own names (name, city, venue, host country) are organisers' text in English;
# the names of the host places read in each language through this catalogue. A place without
# a translation reads as the organisers wrote it.
PLACE_NAMES = (
    _p("place", "Glasgow"),
    _p("place", "Marrakech"),
    _p("place", "Hong Kong"),
    _p("place", "United Kingdom"),
    _p("place", "Morocco"),
    _p("place", "China"),
    _p("place", "Scottish Event Campus"),
    _p("place", "Palmeraie Conference Village"),
    _p("place", "Hong Kong Convention and Exhibition Centre"),
)
_ORDINAL_NAME = re.compile(r"^(\d+)(st|nd|rd|th) INTERPOL General Assembly$")


def place_name(text: str) -> str:
    """A host city, venue or country in the active language, as written where not translated."""
    return pgettext("place", text) if text else ""


def assembly_name(name: str, number: int) -> str:
    """The assembly's name in the active language: the usual "93rd INTERPOL General Assembly"
    reads in the reader's language; a name of the organisers' own stays as written."""
    match = _ORDINAL_NAME.match(name)
    if match is None or int(match.group(1)) != number or content_language() == FALLBACK:
        return name
    return pgettext("assembly name", "INTERPOL General Assembly, session %(number)s") % {
        "number": number
    }
