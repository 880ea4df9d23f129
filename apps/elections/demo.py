"""Demo elections: the 93rd's President election (Marrakech, 2025) with its real figures.

One round, 164 votes cast: 84 for the candidate of France (51.2 %, absolute majority 83),
60 for Türkiye's, 12 for Namibia's, 8 for Ethiopia's. It is run as organisers run a paper
vote, through the services: nominations before the deadline, the roll frozen when the vote
opens, two tellers' counts, certification. The candidates' names and statements are fictional
(demo data, marked so in each statement): only the countries and the figures are the 93rd's.
Also a resolution adopted by consensus (the 2026-2030 Strategic Framework, endorsed
unanimously). Idempotent: nothing is done when the election exists.

The roll needs the 164 countries that voted: by the day of the vote the credentials committee
has decided the pending credentials and late letters have arrived, so the loader accepts those
(through the delegations' services: upload, designate, decide) until the roll holds them, the
four nominating countries first.
"""

from __future__ import annotations

import datetime as dt

from apps.core.models import Assembly
from apps.delegations.models import Credentials, Delegate, Delegation
from apps.delegations.selectors import voting_roll
from apps.elections.models import Election, Mode, Resolution, Seat
from apps.elections.services.elections import (
    adopt_resolution_by_consensus,
    create_election,
    create_resolution,
    nominate_candidate,
)
from apps.elections.services.voting import (
    certify_round,
    close_round,
    enter_paper_count,
    open_round,
)

TELLER_EMAIL = "teller@ga-planner.local"
# The 93rd's President election: nominating country -> votes.
PRESIDENT_93 = [("FR", 84), ("TR", 60), ("NA", 12), ("ET", 8)]
VOTES_CAST_93 = 164
DEADLINE_93 = dt.datetime(2025, 10, 24, 23, 0, tzinfo=dt.UTC)
DEMO_MARK = {
    "en": "Demo data, a fictional candidate.",
    "fr": "Données de démonstration, candidature fictive.",
    "es": "Datos de demostración, candidatura ficticia.",
    "ar": "بيانات تجريبية، مرشح افتراضي.",
}
# Fictional candidates (names and statements invented for the demo; no real person).
CANDIDATES_93 = {
    "FR": (
        "Claire Vautrin-Delorme",
        {
            "en": "Thirty years in criminal investigation. Priorities: faster exchange of "
            "notices, cybercrime units in every region, data protection by design.",
            "fr": "Trente ans d'enquête criminelle. Priorités : échange plus rapide des "
            "notices, unités de cybercriminalité dans chaque région, protection des données "
            "dès la conception.",
            "es": "Treinta años en la investigación criminal. Prioridades: intercambio más "
            "rápido de notificaciones, unidades contra la ciberdelincuencia en cada región, "
            "protección de datos desde el diseño.",
            "ar": "ثلاثون عامًا في التحقيق الجنائي. الأولويات: تبادل أسرع للنشرات، ووحدات "
            "لمكافحة الجريمة السيبرانية في كل منطقة، وحماية البيانات منذ التصميم.",
        },
    ),
    "TR": (
        "Selin Karaderili",
        {
            "en": "Former head of a National Central Bureau. Priorities: training for "
            "frontline officers and shared databases on stolen travel documents.",
            "fr": "Ancienne cheffe d'un Bureau central national. Priorités : formation des "
            "agents de terrain et bases de données partagées sur les documents de voyage volés.",
            "es": "Exjefa de una Oficina Central Nacional. Prioridades: formación de los "
            "agentes sobre el terreno y bases de datos compartidas sobre documentos de viaje "
            "robados.",
            "ar": "رئيسة سابقة لمكتب مركزي وطني. الأولويات: تدريب عناصر الخطوط الأمامية "
            "وقواعد بيانات مشتركة عن وثائق السفر المسروقة.",
        },
    ),
    "NA": (
        "Ndapewa Amukoshi",
        {
            "en": "Regional cooperation officer. Priorities: wildlife and environmental "
            "crime, and a stronger voice for smaller member countries.",
            "fr": "Responsable de la coopération régionale. Priorités : criminalité liée aux "
            "espèces sauvages et à l'environnement, et une voix plus forte pour les petits "
            "pays membres.",
            "es": "Responsable de cooperación regional. Prioridades: delitos contra la fauna "
            "y el medio ambiente, y más voz para los países miembros más pequeños.",
            "ar": "مسؤولة عن التعاون الإقليمي. الأولويات: الجرائم المتعلقة بالحياة البرية "
            "والبيئة، وصوت أقوى للبلدان الأعضاء الأصغر.",
        },
    ),
    "ET": (
        "Meron Tadesse Alemu",
        {
            "en": "Police academy director. Priorities: forensic capacity building and "
            "regional training centres.",
            "fr": "Directeur d'une académie de police. Priorités : renforcement des capacités "
            "de police scientifique et centres régionaux de formation.",
            "es": "Director de una academia de policía. Prioridades: refuerzo de la capacidad "
            "forense y centros regionales de formación.",
            "ar": "مدير أكاديمية للشرطة. الأولويات: بناء القدرات في مجال الأدلة الجنائية "
            "ومراكز التدريب الإقليمية.",
        },
    ),
}


def _teller():
    from apps.accounts.models import User
    from apps.accounts.roles import ORGANISER_ADMIN
    from apps.accounts.services import create_organiser
    from apps.core.demo import DEMO_PASSWORD

    found = User.objects.filter(email=TELLER_EMAIL).first()
    if found is not None:
        return found
    return create_organiser(
        email=TELLER_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Second Teller",
        role=ORGANISER_ADMIN,
    )


def _iso2(delegation: Delegation) -> str:
    return delegation.country.iso2 if delegation.country is not None else ""


def _complete_roll(assembly: Assembly, *, needed: int, nominating: set[str], by) -> None:
    """The committee's decisions on pending credentials, the nominating countries' first."""
    from apps.delegations.services import decide_credentials

    candidates = (
        Credentials.objects.filter(
            delegation__assembly=assembly,
            delegation__kind__in=[Delegation.Kind.MEMBER, Delegation.Kind.HOST],
            voting_delegate__isnull=False,
        )
        .exclude(letter="")
        .exclude(status=Credentials.Status.ACCEPTED)
    )
    pending = sorted(
        (
            c
            for c in candidates.select_related("delegation__country")
            if c.status == Credentials.Status.PENDING or _iso2(c.delegation) in nominating
        ),
        key=lambda c: (_iso2(c.delegation) not in nominating, _iso2(c.delegation)),
    )
    on_roll = voting_roll(assembly).count()
    for credentials in pending:
        is_nominating = _iso2(credentials.delegation) in nominating
        if on_roll >= needed and not is_nominating:
            break
        decide_credentials(
            credentials=credentials, status=Credentials.Status.ACCEPTED, by=by, note=""
        )
        on_roll += 1
    # Letters that arrived by the day of the vote, from delegations with an approved delegate
    # (Kenya's stays missing, as the delegations demo tells).
    without = sorted(
        Delegation.objects.filter(
            assembly=assembly,
            kind__in=[Delegation.Kind.MEMBER, Delegation.Kind.HOST],
            credentials__isnull=True,
        )
        .exclude(country__iso2="KE")
        .select_related("country"),
        key=lambda d: (_iso2(d) not in nominating, _iso2(d)),
    )
    for delegation in without:
        if on_roll >= needed and _iso2(delegation) not in nominating:
            break
        if _accept_late_letter(delegation, by=by):
            on_roll += 1


def _accept_late_letter(delegation: Delegation, *, by) -> bool:
    from apps.delegations.demo import LETTER_PATH
    from apps.delegations.services import (
        decide_credentials,
        designate_delegates,
        upload_credentials,
    )

    people = Delegate.objects.filter(delegation=delegation).order_by("pk")
    head = people.filter(accreditation_status="approved").first()
    if head is None:
        # The head of delegation's accreditation, decided by the organisers by the vote.
        from apps.delegations.services import approve_accreditation

        submitted = people.filter(accreditation_status="submitted").first()
        if submitted is None:
            return False
        head = approve_accreditation(delegate=submitted, by=by)
    if delegation.country is None:
        return False
    upload_credentials(
        delegation=delegation,
        by=by,
        letter=LETTER_PATH,
        issued_by=f"Minister of the Interior of {delegation.country.name_en}",
        issued_on=dt.date(2025, 11, 10),
    )
    credentials = designate_delegates(
        delegation=delegation, by=by, head=head, voting_delegate=head, alternate=None
    )
    decide_credentials(credentials=credentials, status=Credentials.Status.ACCEPTED, by=by)
    return True


def seed_president_93(assembly: Assembly, by) -> None:
    if Election.objects.filter(assembly=assembly, seat=Seat.PRESIDENT).exists():
        return
    nominating = {iso2 for iso2, _votes in PRESIDENT_93}
    _complete_roll(assembly, needed=VOTES_CAST_93, nominating=nominating, by=by)
    delegations = {
        _iso2(d): d
        for d in Delegation.objects.filter(
            assembly=assembly, country__iso2__in=nominating
        ).select_related("country")
    }
    if len(delegations) < len(nominating) or voting_roll(assembly).count() < VOTES_CAST_93:
        return  # a trimmed-down demo: not enough countries to replay the vote
    election = create_election(
        assembly=assembly,
        by=by,
        seat=Seat.PRESIDENT,
        term_years=4,
        nomination_deadline=DEADLINE_93,
        mode=Mode.PAPER,
    )
    candidates = {}
    for iso2, _votes in PRESIDENT_93:
        name, statements = CANDIDATES_93[iso2]
        candidates[iso2] = nominate_candidate(
            election=election,
            delegation=delegations[iso2],
            name=name,
            by=by,
            now=DEADLINE_93 - dt.timedelta(days=7),
            **{
                f"statement_{code}": f"{text} ({DEMO_MARK[code]})"
                for code, text in statements.items()
            },
        )
    round_ = open_round(election=election, by=by)
    round_ = close_round(round_=round_, by=by)
    votes = {str(candidates[iso2].pk): n for iso2, n in PRESIDENT_93}
    enter_paper_count(round_=round_, by=by, votes=votes)
    enter_paper_count(round_=round_, by=_teller(), votes=votes)
    certify_round(round_=round_, by=by)


def seed_framework_93(assembly: Assembly, by) -> None:
    if Resolution.objects.filter(assembly=assembly, reference="GA-2025-93-RES-01").exists():
        return
    resolution = create_resolution(
        assembly=assembly,
        by=by,
        reference="GA-2025-93-RES-01",
        title_en="INTERPOL Strategic Framework 2026-2030",
        title_fr="Cadre stratégique d'INTERPOL 2026-2030",
        title_es="Marco Estratégico de INTERPOL 2026-2030",
        title_ar="الإطار الاستراتيجي للإنتربول 2026-2030",
        text_en="The General Assembly endorses the Strategic Framework for 2026-2030.",
        text_fr="L'Assemblée générale approuve le Cadre stratégique pour 2026-2030.",
        text_es="La Asamblea General respalda el Marco Estratégico para 2026-2030.",
        text_ar="تعتمد الجمعية العامة الإطار الاستراتيجي للفترة 2026-2030.",
    )
    adopt_resolution_by_consensus(resolution=resolution, by=by)


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import DEMO_PASSWORD, organiser

    assembly = Assembly.objects.filter(number=93).first()
    if assembly is None:
        return []
    by = organiser()
    seed_president_93(assembly, by)
    seed_framework_93(assembly, by)
    if Election.objects.filter(assembly=assembly).exists():
        return [("Second teller (paper votes)", TELLER_EMAIL, DEMO_PASSWORD)]
    return []
