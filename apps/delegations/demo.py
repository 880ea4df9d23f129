"""Demo data of the delegations app: the 196 member countries (names in the four languages),
the 93rd assembly's delegations and delegates in mixed states, and four focal-point log-ins.

Idempotent: what already exists is left as it is. The member countries and organisations are
reference data loaded in bulk; every delegation, delegate, accreditation decision and credentials
letter is made by the service an organiser's action goes through, so the rules and the audit apply.
Country names in French, Spanish and Arabic come from Debian's iso-codes translations
(data/country_names.csv), with the inverted or wrong entries corrected by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from apps.delegations.demo_names import GROUPS, names_for
from apps.delegations.models import (
    AccreditationStatus,
    Credentials,
    Delegate,
    Delegation,
    MemberCountry,
    Organisation,
)

COUNTRIES_CSV = Path(__file__).parent / "data" / "interpol_member_countries.csv"
NAMES_CSV = Path(__file__).parent / "data" / "country_names.csv"
REGIONS = {"Africa": "africa", "Americas": "americas", "Asia": "asia", "Europe": "europe"}

HOST = "MA"
FOCAL_POINTS = {
    "MA": ("focal.ma@ga-planner.local", "Salma Benjelloun", "ar"),
    "FR": ("focal.fr@ga-planner.local", "Claire Fontaine", "fr"),
    "KE": ("focal.ke@ga-planner.local", "Wanjiru Kamau", "en"),
    "BR": ("focal.br@ga-planner.local", "Mariana Costa", "es"),
}
# Member countries that stay away from the demo assembly (about 177 of 196 attend).
ABSENT = {"AG", "AW", "BS", "BT", "CW", "DM", "FM", "GD", "KI", "KN", "MH", "NR", "PW", "SB",
          "SM", "SX", "TO", "TV", "VU"}  # fmt: skip

# Observer organisations: English name, acronym, kind, and their names in French, Spanish and
# Arabic as the organisations write them.
ORGANISATIONS = [
    (
        "United Nations Office on Drugs and Crime",
        "UNODC",
        Organisation.Kind.INTERNATIONAL,
        "Office des Nations Unies contre la drogue et le crime",
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    ),
    (
        "European Union Agency for Law Enforcement Cooperation",
        "Europol",
        Organisation.Kind.REGIONAL,
        "Agence de l'Union européenne pour la coopération des services répressifs",
        "Agencia de la Unión Europea para la Cooperación Policial",
        "وكالة الاتحاد الأوروبي للتعاون في مجال إنفاذ القانون",
    ),
    (
        "African Union Mechanism for Police Cooperation",
        "AFRIPOL",
        Organisation.Kind.REGIONAL,
        "Mécanisme de l'Union africaine pour la coopération policière",
        "Mecanismo de la Unión Africana para la Cooperación Policial",
        "آلية الاتحاد الأفريقي للتعاون الشرطي",
    ),
    (
        "World Health Organization",
        "WHO",
        Organisation.Kind.INTERNATIONAL,
        "Organisation mondiale de la Santé",
        "Organización Mundial de la Salud",
        "منظمة الصحة العالمية",
    ),
    (
        "ASEAN Chiefs of National Police",
        "ASEANAPOL",
        Organisation.Kind.REGIONAL,
        "Chefs des polices nationales de l'ASEAN",
        "Jefes de Policía Nacional de la ASEAN",
        "رؤساء الشرطة الوطنية في رابطة أمم جنوب شرق آسيا",
    ),
    (
        "Police Community of the Americas",
        "AMERIPOL",
        Organisation.Kind.REGIONAL,
        "Communauté des polices des Amériques",
        "Comunidad de Policías de las Américas",
        "مجتمع الشرطة في الأمريكتين",
    ),
    (
        "World Customs Organization",
        "WCO",
        Organisation.Kind.INTERNATIONAL,
        "Organisation mondiale des douanes",
        "Organización Mundial de Aduanas",
        "منظمة الجمارك العالمية",
    ),
    (
        "United Nations Office of Counter-Terrorism",
        "UNOCT",
        Organisation.Kind.INTERNATIONAL,
        "Bureau de lutte contre le terrorisme des Nations Unies",
        "Oficina de Lucha contra el Terrorismo de las Naciones Unidas",
        "مكتب الأمم المتحدة لمكافحة الإرهاب",
    ),
    (
        "Geneva Centre for Security Sector Governance",
        "DCAF",
        Organisation.Kind.THINK_TANK,
        "Centre pour la gouvernance du secteur de la sécurité, Genève",
        "Centro de Ginebra para la Gobernanza del Sector de la Seguridad",
        "مركز جنيف لحوكمة قطاع الأمن",
    ),
    (
        "School of Criminal Justice, University of Lausanne",
        "UNIL-ESC",
        Organisation.Kind.ACADEMIC,
        "École des sciences criminelles, Université de Lausanne",
        "Escuela de Ciencias Criminales, Universidad de Lausana",
        "كلية العدالة الجنائية، جامعة لوزان",
    ),
    (
        "INTERPOL General Secretariat",
        "IPSG",
        Organisation.Kind.SECRETARIAT,
        "Secrétariat général d'INTERPOL",
        "Secretaría General de INTERPOL",
        "الأمانة العامة للإنتربول",
    ),
]
POSITIONS = [
    "Director General of Police",
    "Head of National Central Bureau",
    "Deputy Director, International Cooperation",
    "Chief Superintendent",
    "Legal Adviser",
    "Head of Cybercrime Unit",
    "Liaison Officer",
    "Counter-Terrorism Expert",
    "Protocol Officer",
    "Interpreter",
]
FUNCTIONS = [
    Delegate.Function.DEPUTY_HEAD,
    Delegate.Function.DELEGATE,
    Delegate.Function.DELEGATE,
    Delegate.Function.EXPERT,
    Delegate.Function.LIAISON,
    Delegate.Function.SECURITY,
    Delegate.Function.INTERPRETER,
]
RANKS = ["Gen.", "Maj. Gen.", "Col.", "Lt Col.", "Cmdr", "Supt", "Insp.", "Dr", ""]
LETTER_PATH = "credentials/demo/credentials-letter.pdf"
LETTER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
CREDENTIALS_NOTES = {
    Credentials.Status.ACCEPTED: "",
    Credentials.Status.PROVISIONAL: "Original letter to be presented at the venue.",
    Credentials.Status.CONTESTED: (
        "The letter is not signed by the authority named in the statutes."
    ),
}
REJECTION_REASON = "Position not eligible for a delegate badge; register as an observer."
LANGUAGES = {"arabic": ["ar", "fr"], "french": ["fr", "en"], "spanish": ["es", "en"]}


@dataclass(frozen=True)
class DelegateSpec:
    delegation: Delegation
    fields: dict[str, Any]
    status: str


def seed_member_countries() -> None:
    """Loads the reference list; a region an organiser has corrected is left as they set it."""
    with COUNTRIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with NAMES_CSV.open(encoding="utf-8") as handle:
        names = {row["iso2"]: row for row in csv.DictReader(handle)}
    existing = {c.iso2: c for c in MemberCountry.objects.all()}
    MemberCountry.objects.bulk_create(
        [
            MemberCountry(
                iso2=row["iso2"],
                name_en=row["name_en"],
                name_fr=names.get(row["iso2"], {}).get("name_fr", ""),
                name_es=names.get(row["iso2"], {}).get("name_es", ""),
                name_ar=names.get(row["iso2"], {}).get("name_ar", ""),
                region=REGIONS[row["region"]],
                region_confidence=row["region_confidence"],
                region_note=row["note"],
            )
            for row in rows
            if row["iso2"] not in existing
        ]
    )
    # Countries loaded before the translations existed get them, once.
    missing = [c for c in existing.values() if not c.name_fr and c.iso2 in names]
    for country in missing:
        for language in ("fr", "es", "ar"):
            setattr(country, f"name_{language}", names[country.iso2][f"name_{language}"])
    MemberCountry.objects.bulk_update(missing, ["name_fr", "name_es", "name_ar"])


def _organisations(organiser) -> list[Organisation]:
    from apps.delegations.services.reference import save_reference

    existing = {o.name: o for o in Organisation.objects.all()}
    Organisation.objects.bulk_create(
        [
            Organisation(name=name, acronym=acronym, kind=kind, name_fr=fr, name_es=es, name_ar=ar)
            for name, acronym, kind, fr, es, ar in ORGANISATIONS
            if name not in existing
        ]
    )
    # Organisations loaded before their names were translated get them, once, as an
    # organiser's correction would (checked and audited).
    for name, _acronym, _kind, fr, es, ar in ORGANISATIONS:
        found = existing.get(name)
        if found is not None and not (found.name_fr or found.name_es or found.name_ar):
            found.name_fr, found.name_es, found.name_ar = fr, es, ar
            save_reference(obj=found, by=organiser, changed=["name_fr", "name_es", "name_ar"])
    return list(Organisation.objects.filter(name__in=[row[0] for row in ORGANISATIONS]))


def _delegations(assembly, organiser) -> list[Delegation]:
    """Registers the delegations still missing; returns only those registered now."""
    from apps.delegations.services.registration import register_delegation

    have_countries = set(
        Delegation.objects.filter(assembly=assembly, country__isnull=False).values_list(
            "country__iso2", flat=True
        )
    )
    have_organisations = set(
        Delegation.objects.filter(assembly=assembly, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    new = []
    for country in MemberCountry.objects.filter(active=True).order_by("iso2"):
        if country.iso2 in ABSENT or country.iso2 in have_countries:
            continue
        new.append(
            register_delegation(
                assembly=assembly,
                by=organiser,
                country=country,
                kind=Delegation.Kind.HOST if country.iso2 == HOST else Delegation.Kind.MEMBER,
                status=Delegation.Status.REGISTERING,
                quota=40 if country.iso2 == HOST else None,
            )
        )
    for organisation in _organisations(organiser):
        if organisation.pk in have_organisations:
            continue
        is_secretariat = organisation.kind == Organisation.Kind.SECRETARIAT
        new.append(
            register_delegation(
                assembly=assembly,
                by=organiser,
                organisation=organisation,
                kind=Delegation.Kind.SECRETARIAT if is_secretariat else Delegation.Kind.OBSERVER,
                status=Delegation.Status.REGISTERED,
                quota=30 if is_secretariat else None,
            )
        )
    return new


def _status(rng: random.Random, code: str) -> str:
    roll = rng.random()
    if code == "FR":  # the French focal point still has drafts to submit
        return rng.choice([AccreditationStatus.DRAFT, AccreditationStatus.SUBMITTED])
    if roll < 0.55:
        return AccreditationStatus.APPROVED
    if roll < 0.75:
        return AccreditationStatus.SUBMITTED
    if roll < 0.92:
        return AccreditationStatus.DRAFT
    if roll < 0.97:
        return AccreditationStatus.REJECTED
    return AccreditationStatus.WITHDRAWN


def _delegates(delegations: list[Delegation], rng: random.Random) -> list[DelegateSpec]:
    """Who each delegation registers, and where their accreditation should end up."""
    people: list[DelegateSpec] = []
    for delegation in delegations:
        if delegation.country is not None:
            code, region = delegation.country.iso2, delegation.country.region
            size = 24 if code == HOST else rng.choice([2, 3, 4, 4, 5, 5, 5, 6, 7, 8])
        elif delegation.organisation is not None:
            code, region = delegation.organisation.acronym, "europe"
            size = 12 if delegation.kind == Delegation.Kind.SECRETARIAT else rng.choice([2, 3])
        else:  # a delegation is a country's or an organisation's (a constraint)
            continue
        given, family = names_for(code, region)
        group_languages = LANGUAGES.get(GROUPS.get(code, ""), ["en"])
        used_names: set[tuple[str, str]] = set()
        for index in range(size):
            first, last = rng.choice(given), rng.choice(family)
            while (first, last) in used_names:
                first, last = rng.choice(given), rng.choice(family)
            used_names.add((first, last))
            is_head = index == 0
            status = (
                AccreditationStatus.APPROVED if is_head and code != "FR" else _status(rng, code)
            )
            function = Delegate.Function.HEAD if is_head else rng.choice(FUNCTIONS)
            if not delegation.country_id and not is_head:
                function = Delegate.Function.OBSERVER
            arrival = dt.date(2025, 11, rng.choice([21, 22, 23, 23, 23]))
            fields = {
                "family_name": last,
                "given_names": first,
                "honorific": rng.choice(RANKS),
                "position": POSITIONS[0] if is_head else rng.choice(POSITIONS[1:]),
                "function": function,
                "email": f"{_ascii(first)}.{_ascii(last)}@police.{code.lower()}.example",
                "phone": _phone(rng),
                "languages": group_languages,
                "arrival_date": arrival,
                "departure_date": dt.date(2025, 11, rng.choice([27, 28, 28])),
            }
            people.append(DelegateSpec(delegation, fields, status))
    return people


def _register(people: list[DelegateSpec], organiser) -> None:
    """Each delegate through the services: registered, submitted, then decided as planned."""
    from apps.delegations.services import (
        approve_accreditation,
        create_delegate,
        reject_accreditation,
        submit_accreditation,
        withdraw_accreditation,
    )

    made = [
        (create_delegate(delegation=p.delegation, by=organiser, **p.fields), p.status)
        for p in people
    ]
    to_submit: dict[int, list[Delegate]] = {}
    for delegate, status in made:
        if status != AccreditationStatus.DRAFT:
            to_submit.setdefault(delegate.delegation_id, []).append(delegate)
    for delegates in to_submit.values():
        submit_accreditation(delegates=delegates, by=organiser)
    for delegate, status in made:
        if status == AccreditationStatus.APPROVED:
            approve_accreditation(delegate=delegate, by=organiser)
        elif status == AccreditationStatus.REJECTED:
            reject_accreditation(delegate=delegate, by=organiser, reason=REJECTION_REASON)
        elif status == AccreditationStatus.WITHDRAWN:
            withdraw_accreditation(delegate=delegate, by=organiser)


def _phone(rng: random.Random) -> str:
    return f"+{rng.randint(1, 998)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _credentials(delegations, rng: random.Random, organiser) -> None:
    """Letters uploaded, head and voting delegate designated, then the committee's decision."""
    from apps.delegations.services import (
        decide_credentials,
        designate_delegates,
        upload_credentials,
    )

    if not default_storage.exists(LETTER_PATH):
        default_storage.save(LETTER_PATH, ContentFile(LETTER_PDF))
    approved: dict[int, list[Delegate]] = {}
    for delegate in Delegate.objects.filter(
        delegation__in=delegations, accreditation_status=AccreditationStatus.APPROVED
    ).order_by("pk"):
        approved.setdefault(delegate.delegation_id, []).append(delegate)
    for delegation in delegations:
        if not delegation.is_member or delegation.country.iso2 == "KE":
            continue  # Kenya's focal point still has credentials to upload
        people = approved.get(delegation.pk, [])
        roll = rng.random()
        is_host = delegation.country.iso2 == HOST
        if (roll < 0.12 and not is_host) or not people:
            continue  # credentials not yet received
        head = people[0]
        status = (
            Credentials.Status.ACCEPTED
            if roll < 0.82 or is_host
            else Credentials.Status.PENDING
            if roll < 0.93
            else Credentials.Status.PROVISIONAL
            if roll < 0.97
            else Credentials.Status.CONTESTED
        )
        upload_credentials(
            delegation=delegation,
            by=organiser,
            letter=LETTER_PATH,
            issued_by=f"Minister of the Interior of {delegation.country.name_en}",
            issued_on=dt.date(2025, rng.choice([9, 10]), rng.randint(1, 28)),
        )
        credentials = designate_delegates(
            delegation=delegation,
            by=organiser,
            head=head,
            voting_delegate=head,
            alternate=people[1] if len(people) > 1 else None,
        )
        if status != Credentials.Status.PENDING:
            decide_credentials(
                credentials=credentials, status=status, by=organiser, note=CREDENTIALS_NOTES[status]
            )


def _focal_points(assembly) -> list[tuple[str, str, str]]:
    from apps.accounts.models import User
    from apps.core.demo import DEMO_PASSWORD, organiser
    from apps.delegations.services.registration import add_focal_point

    by = organiser()
    logins = []
    for iso2, (email, full_name, language) in FOCAL_POINTS.items():
        delegation = Delegation.objects.filter(assembly=assembly, country__iso2=iso2).first()
        if delegation is None or delegation.country is None:
            continue
        user = User.objects.filter(email=email).first()
        if user is None:
            # The account manager's own constructor: it hashes the password and normalises.
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=full_name, preferred_language=language
            )
        add_focal_point(delegation=delegation, user=user, by=by)
        logins.append((f"Focal point ({delegation.country.name_en})", email, DEMO_PASSWORD))
    return logins


@transaction.atomic
def seed_assembly(assembly) -> None:
    from apps.core.demo import organiser as demo_organiser
    from apps.delegations.selectors import delegation_settings

    delegation_settings(assembly)  # the assembly's default quotas, created on first read
    organiser = demo_organiser()
    rng = random.Random(assembly.number)  # noqa: S311 - reproducible demo data, not secrets
    created = _delegations(assembly, organiser)
    if not created:
        return
    _register(_delegates(created, rng), organiser)
    _credentials(created, rng, organiser)


def seed() -> list[tuple[str, str, str]]:
    from apps.core.models import Assembly

    seed_member_countries()
    assembly = Assembly.objects.filter(number=93).first()
    if assembly is None:
        return []
    seed_assembly(assembly)
    return _focal_points(assembly)
