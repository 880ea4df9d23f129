"""Every portal page in each language shows no text left in another language where a translation
exists: an interface string of the catalogue, or demo content (a session's title, a room, a
country, the assembly's city...) that has its French, Spanish or Arabic version.

The pages are the portal sweep's (found by following links from the home page, for a focal
point and an organiser, on the demo data), fetched with Django's test client in each language.
Text in an element marked with another `lang` (the language picker's "English") is not the
page's own. Names without a translation (people, organisations), codes, e-mail addresses and
flight numbers are not in the list of known translations, so they never fail the test.
"""

from __future__ import annotations

import gettext
import os
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.e2e.test_portal_sweep import _crawl

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

LANGUAGES = ("ar", "fr", "es")
# Known gaps, each with why it is left (route name, English text): this list only shrinks.
KNOWN_GAPS = {
    # One-language text by design: names typed by organisers or focal points, no field per
    # language (who issued a credentials letter; candidates' own names).
    ("delegations:credentials", "Morocco"),
    ("elections:list", "*"),  # "Candidate of Ethiopia": the elections demo's candidate names
    # A delegate's position as the focal point typed it ("Interpreter"), which is also the name
    # of a badge category translated in the badges app.
    ("delegations:dashboard", "Interpreter"),
    # What a person typed, quoted in a message: a declined meeting's reason ("Our head of
    # delegation leaves early"), in the language its writer wrote it.
    ("notifications:inbox", "head of delegation"),
}
# Attributes a person reads (or hears, with a screen reader).
READ_ATTRIBUTES = ("aria-label", "placeholder", "alt", "title")
NOT_TEXT = {"script", "style", "template"}


class _PageText(HTMLParser):
    """The text a reader of `language` meets on a page, without elements in another language."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, text is in another language or not text)
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = (attributes.get("lang") or "")[:2]
        skip = self._skipping() or tag in NOT_TEXT or (lang != "" and lang != self.language)
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            self.stack.append((tag, skip))
        if not skip:
            self.parts += [attributes[a] or "" for a in READ_ATTRIBUTES if attributes.get(a)]

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def page_text(html: str, language: str) -> str:
    parser = _PageText(language)
    parser.feed(html)
    return parser.text()


def _catalogue_translations(language: str) -> dict[str, str]:
    """English interface strings with a real translation in `language` (the compiled
    catalogues of the project and of the apps; plural forms and contexts left out)."""
    found: dict[str, str] = {}
    paths = [settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo"]
    paths += sorted((settings.BASE_DIR / "apps").glob(f"*/locale/{language}/LC_MESSAGES/django.mo"))
    for path in paths:
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        found.update(
            {
                msgid: msgstr
                for msgid, msgstr in catalog.items()
                if isinstance(msgid, str) and msgid and "\x04" not in msgid and msgstr != msgid
            }
        )
    return found


def _content_translations(language: str) -> dict[str, str]:
    """Demo content whose `language` version exists: sessions, ceremonies, cues, rooms, venues,
    badge categories, zones, countries, the assembly's places."""
    from apps.agenda.models import Room, Session, Venue
    from apps.badges.models import BadgeCategory, Zone
    from apps.ceremonies.models import Ceremony, CeremonyRole, Cue, PrecedenceEntry
    from apps.core.models import Assembly
    from apps.delegations.models import MemberCountry, Organisation

    found: dict[str, str] = {}
    for model, fields in (
        (Session, ("title", "description")),
        (Ceremony, ("title", "notes")),
        (Cue, ("title",)),
        (MemberCountry, ("name",)),
    ):
        for row in model.objects.all():
            for field in fields:
                english, translated = (
                    getattr(row, f"{field}_en"),
                    getattr(row, f"{field}_{language}"),
                )
                if english and translated and translated != english:
                    found[english] = translated
    for model in (Room, Venue, Organisation, Zone, BadgeCategory):
        for row in model.objects.all():
            translated = getattr(row, f"name_{language}")
            if translated and translated != row.name:
                found[row.name] = translated
    # Ceremony texts whose English is the unsuffixed field (`description`, `description_fr`).
    for model, fields in (
        (Cue, ("description", "interpretation_notes", "position", "av_instructions")),
        (CeremonyRole, ("position", "guest_function")),
        (PrecedenceEntry, ("seat",)),
    ):
        for row in model.objects.all():
            for field in fields:
                english, translated = getattr(row, field), getattr(row, f"{field}_{language}")
                if english and translated and translated != english:
                    found[english] = translated
    from django.utils import translation

    for assembly in Assembly.objects.all():
        with translation.override(language):
            places = (
                (assembly.city, assembly.display_city),
                (assembly.venue_name, assembly.display_venue),
                (assembly.name, assembly.display_name),
            )
        found.update({english: local for english, local in places if english and local != english})
    return found


def _known(language: str) -> list[tuple[re.Pattern[str], str]]:
    """English texts with a translation, as whole-word patterns; the longest first. Texts
    without a word of three letters (codes, "OK", "%s") and placeholders are left out."""
    catalogue = _catalogue_translations(language)
    content = _content_translations(language)
    texts = {**catalogue, **content}
    translations = " | ".join(texts.values())
    patterns = []
    for english in sorted(texts, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", translations):
            continue  # "Congo" is also French ("République du Congo"): not a leftover
        if "%" in english or "{" in english or not re.search(r"[A-Za-z]{3}", english):
            continue
        if english in catalogue and english not in content and " " not in english.strip():
            continue  # one interface word ("Hotel", "Position") is also part of names
        patterns.append((re.compile(rf"(?<![\w-]){re.escape(english)}(?![\w-])"), english))
    return patterns


def test_no_text_is_left_in_another_language_where_a_translation_exists():
    from apps.accounts.models import User
    from apps.core.demo import ORGANISER_EMAIL
    from apps.core.models import Assembly
    from apps.core.services import make_assembly_current

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    make_assembly_current(assembly=Assembly.objects.get(number=93))
    focal_point = User.objects.get(email="focal.ma@ga-planner.local")
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    pages: dict[str, tuple[str, User]] = {}
    for user, start in ((focal_point, "/"), (organiser, "/"), (organiser, "/ceremonies/")):
        client = Client()
        client.force_login(user)
        found, _dead = _crawl(client, start)
        pages.update({name: (path, user) for name, path in found.items() if name not in pages})

    left: list[str] = []
    for language in LANGUAGES:
        known = _known(language)
        User.objects.update(preferred_language=language)
        clients = {}
        for user in (focal_point, organiser):
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        for name, (path, user) in sorted(pages.items()):
            response = clients[user.pk].get(path)
            text = page_text(response.content.decode(), language)
            for pattern, english in known:
                found = pattern.search(text)
                if found is None:
                    continue
                if not {(name, english), (name, "*")} & KNOWN_GAPS:
                    around = text[max(0, found.start() - 30) : found.end() + 30]
                    left.append(f"{path} ({name}) in {language}: “{english}” in “…{around}…”")
                text = pattern.sub(" ", text)  # a longer text found is not reported twice

    print(f"\nlanguages: {len(pages)} pages x {len(LANGUAGES)} languages")  # noqa: T201
    assert left == [], "text left untranslated:\n" + "\n".join(left)
