"""Demo data of the agenda: the 93rd's venue and four-day programme, the 92nd's closing session.

Idempotent: rooms and sessions are found by their natural keys and never changed on a second
run (an organiser may have edited them since). Everything is made by the agenda's services, as
the demo organiser, so the clash checks and the audit apply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.agenda.models import Room, Session, Venue
from apps.agenda.services import add_speaker, create_session, create_venue, save_room
from apps.core.models import Assembly

K = Session.Kind
A = Session.Attendance
ALL_LANGUAGES = ["ar", "en", "fr", "es"]

# (code, name, kind, capacity, building, booths)
ROOMS_93 = [
    ("PL", "Atlas plenary hall", Room.Kind.PLENARY, 1400, "Main pavilion", 6),
    ("SE1", "Agdal room", Room.Kind.SIDE_EVENT, 120, "Riad pavilion, ground floor", 2),
    ("SE2", "Menara room", Room.Kind.SIDE_EVENT, 80, "Riad pavilion, ground floor", 0),
    ("SE3", "Majorelle room", Room.Kind.SIDE_EVENT, 60, "Riad pavilion, first floor", 0),
    ("PR", "Press centre", Room.Kind.PRESS, 150, "Main pavilion", 2),
    ("OF1", "General Secretariat office", Room.Kind.OFFICE, 20, "Main pavilion", 0),
    ("GD", "Palmeraie gardens", Room.Kind.SIDE_EVENT, 1500, "Open air", 0),
]
BILATERAL_CAPACITIES = [4, 4, 6, 6, 8, 8, 10, 12]

# Every demo text in French, Spanish and Arabic (English is the key): titles, descriptions,
# rooms, buildings and venues.
TRANSLATIONS: dict[str, tuple[str, str, str]] = {
    "Opening ceremony": ("Cérémonie d'ouverture", "Ceremonia de apertura", "حفل الافتتاح"),
    "Coffee break": ("Pause café", "Pausa para el café", "استراحة قهوة"),
    "Lunch": ("Déjeuner", "Almuerzo", "غداء"),
    "Gala dinner": ("Dîner de gala", "Cena de gala", "عشاء رسمي"),
    "Executive Committee elections": (
        "Élections au Comité exécutif",
        "Elecciones al Comité Ejecutivo",
        "انتخابات اللجنة التنفيذية",
    ),
    "Closing session and flag handover": (
        "Séance de clôture et passation du drapeau",
        "Sesión de clausura y traspaso de la bandera",
        "الجلسة الختامية وتسليم العلم",
    ),
    "Welcome reception": ("Réception de bienvenue", "Recepción de bienvenida", "حفل استقبال"),
    "Group photo of the heads of delegation": (
        "Photo de groupe des chefs de délégation",
        "Foto de grupo de los jefes de delegación",
        "صورة جماعية لرؤساء الوفود",
    ),
    "Plenary 1: adoption of the agenda; report of the Secretary General": (
        "Plénière 1 : adoption de l'ordre du jour ; rapport du Secrétaire général",
        "Plenaria 1: aprobación del orden del día; informe del Secretario General",
        "الجلسة العامة 1: إقرار جدول الأعمال؛ تقرير الأمين العام",
    ),
    "Plenary 2: activity report of the Executive Committee": (
        "Plénière 2 : rapport d'activité du Comité exécutif",
        "Plenaria 2: informe de actividades del Comité Ejecutivo",
        "الجلسة العامة 2: تقرير أنشطة اللجنة التنفيذية",
    ),
    "Side event: women in policing network": (
        "Manifestation parallèle : réseau des femmes dans la police",
        "Evento paralelo: red de mujeres policías",
        "فعالية جانبية: شبكة المرأة في العمل الشرطي",
    ),
    "Plenary 3: global crime trends and policing capabilities": (
        "Plénière 3 : tendances mondiales de la criminalité et capacités policières",
        "Plenaria 3: tendencias mundiales de la delincuencia y capacidades policiales",
        "الجلسة العامة 3: اتجاهات الجريمة في العالم والقدرات الشرطية",
    ),
    "Plenary 4: fighting cybercrime and online scams": (
        "Plénière 4 : lutte contre la cybercriminalité et les escroqueries en ligne",
        "Plenaria 4: lucha contra la ciberdelincuencia y las estafas en línea",
        "الجلسة العامة 4: مكافحة الجريمة السيبرية وعمليات الاحتيال عبر الإنترنت",
    ),
    "Side event: Silver Notice pilot, tracing criminal assets": (
        "Manifestation parallèle : projet pilote de notice argent, dépister les avoirs criminels",
        "Evento paralelo: piloto de la notificación plateada, localizar activos delictivos",
        "فعالية جانبية: المرحلة التجريبية للنشرة الفضية، تعقّب الأصول الإجرامية",
    ),
    "Side event: human trafficking and migrant smuggling": (
        "Manifestation parallèle : traite d'êtres humains et trafic de migrants",
        "Evento paralelo: trata de personas y tráfico ilícito de migrantes",
        "فعالية جانبية: الاتجار بالبشر وتهريب المهاجرين",
    ),
    "Working group on the INTERPOL Constitution": (
        "Groupe de travail sur le Statut d'INTERPOL",
        "Grupo de trabajo sobre el Estatuto de INTERPOL",
        "الفريق العامل المعني بالقانون الأساسي للإنتربول",
    ),
    "Press conference": ("Conférence de presse", "Rueda de prensa", "مؤتمر صحفي"),
    "Plenary 5: financial matters and the budget": (
        "Plénière 5 : questions financières et budget",
        "Plenaria 5: asuntos financieros y presupuesto",
        "الجلسة العامة 5: المسائل المالية والميزانية",
    ),
    "Side event: counter-terrorism and biometrics": (
        "Manifestation parallèle : lutte contre le terrorisme et biométrie",
        "Evento paralelo: lucha contra el terrorismo y biometría",
        "فعالية جانبية: مكافحة الإرهاب والقياسات الحيوية",
    ),
    "Side event: environmental crime in Africa": (
        "Manifestation parallèle : la criminalité environnementale en Afrique",
        "Evento paralelo: la delincuencia ambiental en África",
        "فعالية جانبية: الجرائم البيئية في أفريقيا",
    ),
    "Plenary 6: resolutions": (
        "Plénière 6 : résolutions",
        "Plenaria 6: resoluciones",
        "الجلسة العامة 6: القرارات",
    ),
    "Plenary 7: venues of the next sessions": (
        "Plénière 7 : lieux des prochaines sessions",
        "Plenaria 7: sedes de las próximas reuniones",
        "الجلسة العامة 7: أماكن انعقاد الدورات المقبلة",
    ),
    "Plenary 8: adoption of the resolutions": (
        "Plénière 8 : adoption des résolutions",
        "Plenaria 8: aprobación de las resoluciones",
        "الجلسة العامة 8: اعتماد القرارات",
    ),
    "Closing press conference": (
        "Conférence de presse de clôture",
        "Rueda de prensa de clausura",
        "المؤتمر الصحفي الختامي",
    ),
    "Report of the President": (
        "Rapport du Président",
        "Informe del Presidente",
        "تقرير الرئيس",
    ),
    "Financial crime and anti-corruption": (
        "Criminalité financière et lutte contre la corruption",
        "Delincuencia financiera y lucha contra la corrupción",
        "الجرائم المالية ومكافحة الفساد",
    ),
    # descriptions
    "Addresses by the host country, the INTERPOL President and the Secretary General.": (
        "Allocutions du pays hôte, du Président d'INTERPOL et du Secrétaire général.",
        "Discursos del país anfitrión, del Presidente de INTERPOL y del Secretario General.",
        "كلمات البلد المضيف ورئيس الإنتربول والأمين العام.",
    ),
    "Hosted by the Kingdom of Morocco.": (
        "Offerte par le Royaume du Maroc.",
        "Ofrecida por el Reino de Marruecos.",
        "يستضيفه المملكة المغربية.",
    ),
    "Voting by delegations on the credentials committee's voting roll.": (
        "Vote des délégations inscrites sur la liste électorale de la commission de vérification"
        " des pouvoirs.",
        "Votación de las delegaciones inscritas en la lista de votantes de la comisión de"
        " verificación de poderes.",
        "تصويت الوفود المدرجة في قائمة المصوّتين التي أعدّتها لجنة وثائق التفويض.",
    ),
    "Dress code: formal.": (
        "Tenue de soirée.",
        "Etiqueta: traje formal.",
        "اللباس: رسمي.",
    ),
    "The INTERPOL flag passes from Morocco to Hong Kong, China, host of the 94th session.": (
        "Le drapeau d'INTERPOL passe du Maroc à Hong Kong (Chine), hôte de la 94e session.",
        "La bandera de INTERPOL pasa de Marruecos a Hong Kong (China), sede de la 94.ª reunión.",
        "ينتقل علم الإنتربول من المغرب إلى هونغ كونغ، الصين، مضيفة الدورة 94.",
    ),
    "The INTERPOL flag passes from the United Kingdom to Morocco, host of the 93rd session.": (
        "Le drapeau d'INTERPOL passe du Royaume-Uni au Maroc, hôte de la 93e session.",
        "La bandera de INTERPOL pasa del Reino Unido a Marruecos, sede de la 93.ª reunión.",
        "ينتقل علم الإنتربول من المملكة المتحدة إلى المغرب، مضيف الدورة 93.",
    ),
    "Side event of the host country.": (
        "Manifestation parallèle du pays hôte.",
        "Evento paralelo del país anfitrión.",
        "فعالية جانبية للبلد المضيف.",
    ),
    # rooms and venues
    "Atlas plenary hall": ("Salle plénière Atlas", "Sala plenaria Atlas", "قاعة الأطلس العامة"),
    "Agdal room": ("Salle Agdal", "Sala Agdal", "قاعة أكدال"),
    "Menara room": ("Salle Menara", "Sala Menara", "قاعة المنارة"),
    "Majorelle room": ("Salle Majorelle", "Sala Majorelle", "قاعة ماجوريل"),
    "Press centre": ("Centre de presse", "Centro de prensa", "المركز الصحفي"),
    "General Secretariat office": (
        "Bureau du Secrétariat général",
        "Oficina de la Secretaría General",
        "مكتب الأمانة العامة",
    ),
    "Palmeraie gardens": ("Jardins de la Palmeraie", "Jardines de la Palmeraie", "حدائق النخيل"),
    "Plenary hall": ("Salle plénière", "Sala plenaria", "القاعة العامة"),
    "Grand Hall": ("Grande salle", "Gran Salón", "القاعة الكبرى"),
    "Theatre 1": ("Théâtre 1", "Teatro 1", "المسرح 1"),
    "Bilateral room %(n)s": (
        "Salle bilatérale %(n)s",
        "Sala bilateral %(n)s",
        "قاعة الاجتماعات الثنائية %(n)s",
    ),
    "Palmeraie Conference Village": (
        "Village de conférences de la Palmeraie",
        "Villa de Conferencias de la Palmeraie",
        "قرية النخيل للمؤتمرات",
    ),
    "Scottish Event Campus": (
        "Scottish Event Campus",
        "Scottish Event Campus",
        "مجمع الفعاليات الاسكتلندي",
    ),
    "Hong Kong Convention and Exhibition Centre": (
        "Centre des congrès et des expositions de Hong Kong",
        "Centro de Convenciones y Exposiciones de Hong Kong",
        "مركز هونغ كونغ للمؤتمرات والمعارض",
    ),
}


def translated(field: str, english: str, **params: object) -> dict[str, Any]:
    """{field}_fr, {field}_es, {field}_ar for a demo text (empty where none is written)."""
    fr, es, ar = TRANSLATIONS.get(english, ("", "", ""))
    return {
        f"{field}_{code}": text % params if params else text
        for code, text in (("fr", fr), ("es", es), ("ar", ar))
    }


# (day, start, end, kind, title, room code or None, attendance, description)
PROGRAMME_93 = [
    (
        24,
        "10:30",
        "12:00",
        K.OPENING,
        "Opening ceremony",
        "PL",
        A.ALL,
        "Addresses by the host country, the INTERPOL President and the Secretary General.",
    ),
    (24, "12:00", "12:30", K.CEREMONY, "Group photo of the heads of delegation", "GD", A.HEADS, ""),
    (24, "12:30", "14:00", K.BREAK, "Lunch", None, A.OPEN, ""),
    (
        24,
        "14:00",
        "15:30",
        K.PLENARY,
        "Plenary 1: adoption of the agenda; report of the Secretary General",
        "PL",
        A.ALL,
        "",
    ),
    (24, "15:30", "16:00", K.BREAK, "Coffee break", None, A.OPEN, ""),
    (
        24,
        "16:00",
        "17:30",
        K.PLENARY,
        "Plenary 2: activity report of the Executive Committee",
        "PL",
        A.ALL,
        "",
    ),
    (
        24,
        "17:45",
        "18:45",
        K.SIDE_EVENT,
        "Side event: women in policing network",
        "SE1",
        A.OPEN,
        "",
    ),
    (
        24,
        "19:30",
        "21:30",
        K.SOCIAL,
        "Welcome reception",
        "GD",
        A.OPEN,
        "Hosted by the Kingdom of Morocco.",
    ),
    (
        25,
        "09:00",
        "10:30",
        K.PLENARY,
        "Plenary 3: global crime trends and policing capabilities",
        "PL",
        A.ALL,
        "",
    ),
    (25, "10:30", "11:00", K.BREAK, "Coffee break", None, A.OPEN, ""),
    (
        25,
        "11:00",
        "12:30",
        K.PLENARY,
        "Plenary 4: fighting cybercrime and online scams",
        "PL",
        A.ALL,
        "",
    ),
    (25, "12:30", "14:00", K.BREAK, "Lunch", None, A.OPEN, ""),
    (
        25,
        "14:00",
        "15:00",
        K.SIDE_EVENT,
        "Side event: Silver Notice pilot, tracing criminal assets",
        "SE1",
        A.OPEN,
        "",
    ),
    (
        25,
        "14:00",
        "15:00",
        K.SIDE_EVENT,
        "Side event: human trafficking and migrant smuggling",
        "SE2",
        A.OPEN,
        "",
    ),
    (
        25,
        "15:00",
        "17:00",
        K.COMMITTEE,
        "Working group on the INTERPOL Constitution",
        "SE3",
        A.INVITED,
        "",
    ),
    (25, "17:30", "18:00", K.PRESS, "Press conference", "PR", A.OPEN, ""),
    (
        26,
        "09:00",
        "10:30",
        K.PLENARY,
        "Plenary 5: financial matters and the budget",
        "PL",
        A.ALL,
        "",
    ),
    (26, "10:30", "11:00", K.BREAK, "Coffee break", None, A.OPEN, ""),
    (
        26,
        "11:00",
        "13:00",
        K.ELECTION,
        "Executive Committee elections",
        "PL",
        A.ALL,
        "Voting by delegations on the credentials committee's voting roll.",
    ),
    (26, "13:00", "14:30", K.BREAK, "Lunch", None, A.OPEN, ""),
    (
        26,
        "14:30",
        "15:30",
        K.SIDE_EVENT,
        "Side event: counter-terrorism and biometrics",
        "SE1",
        A.OPEN,
        "",
    ),
    (
        26,
        "14:30",
        "15:30",
        K.SIDE_EVENT,
        "Side event: environmental crime in Africa",
        "SE2",
        A.OPEN,
        "",
    ),
    (26, "16:00", "17:30", K.PLENARY, "Plenary 6: resolutions", "PL", A.ALL, ""),
    (26, "20:00", "23:00", K.SOCIAL, "Gala dinner", "GD", A.OPEN, "Dress code: formal."),
    (27, "09:00", "10:30", K.PLENARY, "Plenary 7: venues of the next sessions", "PL", A.ALL, ""),
    (27, "10:30", "11:00", K.BREAK, "Coffee break", None, A.OPEN, ""),
    (27, "11:00", "12:30", K.PLENARY, "Plenary 8: adoption of the resolutions", "PL", A.ALL, ""),
    (27, "12:30", "14:00", K.BREAK, "Lunch", None, A.OPEN, ""),
    (
        27,
        "14:30",
        "16:00",
        K.CEREMONY,
        "Closing session and flag handover",
        "PL",
        A.ALL,
        "The INTERPOL flag passes from Morocco to Hong Kong, China, host of the 94th session.",
    ),
    (27, "16:30", "17:00", K.PRESS, "Closing press conference", "PR", A.OPEN, ""),
]

SPEAKERS = {
    "Opening ceremony": [
        ("speaker", "Karim EL AMRANI", "Minister of the Interior, Kingdom of Morocco"),
        ("speaker", "Ahmed Naser AL-RAISI", "INTERPOL President"),
        ("speaker", "Valdecy URQUIZA", "INTERPOL Secretary General"),
    ],
    "Closing session and flag handover": [
        ("chair", "Ahmed Naser AL-RAISI", "INTERPOL President"),
        ("speaker", "Youssef BENJELLOUN", "Head of the Moroccan delegation"),
        ("speaker", "Wing-kei CHAN", "Head of the delegation of China (Hong Kong)"),
    ],
}
SPEAKER_AFFILIATIONS: dict[str, tuple[str, str, str]] = {
    "Minister of the Interior, Kingdom of Morocco": (
        "Ministre de l'Intérieur, Royaume du Maroc",
        "Ministro del Interior, Reino de Marruecos",
        "وزير الداخلية، المملكة المغربية",
    ),
    "INTERPOL President": ("Président d'INTERPOL", "Presidente de INTERPOL", "رئيس الإنتربول"),
    "INTERPOL Secretary General": (
        "Secrétaire général d'INTERPOL",
        "Secretario General de INTERPOL",
        "الأمين العام للإنتربول",
    ),
    "Head of the Moroccan delegation": (
        "Chef de la délégation marocaine",
        "Jefe de la delegación marroquí",
        "رئيس الوفد المغربي",
    ),
    "Head of the delegation of China (Hong Kong)": (
        "Chef de la délégation de la Chine (Hong Kong)",
        "Jefe de la delegación de China (Hong Kong)",
        "رئيس وفد الصين (هونغ كونغ)",
    ),
}
TRANSLATIONS = {**TRANSLATIONS, **SPEAKER_AFFILIATIONS}


def _venue(assembly: Assembly, name: str, address: str, map_url: str, by) -> Venue:
    venue = Venue.objects.filter(assembly=assembly, name=name).first()
    if venue is None:
        venue = create_venue(
            assembly=assembly,
            name=name,
            address=address,
            map_url=map_url,
            by=by,
            **translated("name", name),
        )
    return venue


def _room(
    venue: Venue,
    code: str,
    name: str,
    kind: str,
    capacity: int,
    building="",
    booths=0,
    *,
    by,
    number: int = 0,
) -> Room:
    room = Room.objects.filter(venue=venue, code=code).first()
    if room is None:
        room = save_room(
            room=Room(
                venue=venue,
                code=code,
                name=name % {"n": number} if number else name,
                **translated("name", name, **({"n": number} if number else {})),
                kind=kind,
                capacity=capacity,
                building=building,
                interpretation_booths=booths,
            ),
            by=by,
        )
    return room


def _session(
    assembly: Assembly, day: dt.date, start: str, end: str, speakers=(), *, by, **fields
) -> Session:
    tz = assembly.tz
    starts_at = dt.datetime.combine(day, dt.time.fromisoformat(start), tzinfo=tz)
    ends_at = dt.datetime.combine(day, dt.time.fromisoformat(end), tzinfo=tz)
    existing = Session.objects.filter(
        assembly=assembly, title_en=fields["title_en"], starts_at=starts_at
    ).first()
    if existing is not None:
        return existing
    session = create_session(
        assembly=assembly,
        starts_at=starts_at,
        ends_at=ends_at,
        **translated("title", fields["title_en"]),
        **translated("description", fields.get("description_en", "")),
        visibility=Session.Visibility.PUBLISHED,
        by=by,
        **fields,
    )
    for order, (role, name, affiliation) in enumerate(speakers):
        add_speaker(
            session=session,
            order=order,
            role=role,
            name=name,
            affiliation=affiliation,
            **translated("affiliation", affiliation),
            by=by,
        )
    return session


def seed_93(by) -> None:
    assembly = Assembly.objects.filter(number=93).first()
    if assembly is None:
        return
    venue = _venue(
        assembly,
        assembly.venue_name or "Palmeraie Conference Village",
        "Palmeraie, Marrakech, Morocco",
        "https://www.openstreetmap.org/search?query=Palmeraie%20Marrakech",
        by,
    )
    rooms = {}
    for code, name, kind, capacity, building, booths in ROOMS_93:
        rooms[code] = _room(venue, code, name, kind, capacity, building, booths, by=by)
    for n in range(1, 26):
        capacity = BILATERAL_CAPACITIES[(n - 1) % len(BILATERAL_CAPACITIES)]
        _room(
            venue,
            f"B{n:02d}",
            "Bilateral room %(n)s",
            Room.Kind.BILATERAL,
            capacity,
            "Bilateral village" if n <= 15 else "Riad pavilion, first floor",
            by=by,
            number=n,
        )
    for day, start, end, session_kind, title, room_code, attendance, description in PROGRAMME_93:
        has_interpretation = session_kind in (K.OPENING, K.PLENARY, K.ELECTION, K.CEREMONY)
        _session(
            assembly,
            dt.date(2025, 11, day),
            start,
            end,
            kind=session_kind,
            title_en=title,
            room=rooms[room_code] if room_code else None,
            attendance=attendance,
            description_en=description,
            interpretation_languages=ALL_LANGUAGES if has_interpretation else [],
            speakers=SPEAKERS.get(title, ()),
            by=by,
        )


def seed_92(by) -> None:
    """Glasgow: the closing session where the United Kingdom handed the flag to Morocco."""
    assembly = Assembly.objects.filter(number=92).first()
    if assembly is None:
        return
    venue = _venue(
        assembly,
        assembly.venue_name or "Scottish Event Campus",
        "Exhibition Way, Glasgow G3 8YW, United Kingdom",
        "https://www.openstreetmap.org/search?query=Scottish%20Event%20Campus",
        by,
    )
    hall = _room(venue, "PL", "Plenary hall", Room.Kind.PLENARY, 1200, "Main hall", 6, by=by)
    _session(
        assembly,
        dt.date(2024, 11, 7),
        "14:30",
        "16:00",
        kind=K.CEREMONY,
        title_en="Closing session and flag handover",
        room=hall,
        attendance=A.ALL,
        description_en="The INTERPOL flag passes from the United Kingdom to Morocco, "
        "host of the 93rd session.",
        interpretation_languages=ALL_LANGUAGES,
        by=by,
    )


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser

    by = organiser()
    seed_92(by)
    seed_93(by)
    return []


def seed_94(by) -> None:
    """Hong Kong, in preparation: its own venue, two rooms and the first sessions, in Hong Kong
    time (the assembly's zone), nothing copied from Marrakech."""
    assembly = Assembly.objects.filter(number=94).first()
    if assembly is None:
        return
    venue = _venue(
        assembly,
        "Hong Kong Convention and Exhibition Centre",
        "1 Expo Drive, Wan Chai, Hong Kong",
        "https://www.openstreetmap.org/search?query=Hong%20Kong%20Convention%20and%20Exhibition%20Centre",
        by,
    )
    hall = _room(venue, "GH", "Grand Hall", Room.Kind.PLENARY, 1500, "", 4, by=by)
    theatre = _room(venue, "T1", "Theatre 1", Room.Kind.SIDE_EVENT, 300, by=by)
    first = assembly.start_date
    for day, start, end, session_kind, title, room, description in (
        (first, "09:30", "11:00", K.OPENING, "Opening ceremony", hall, ""),
        (first, "11:30", "13:00", K.PLENARY, "Report of the President", hall, ""),
        (
            first,
            "14:30",
            "16:00",
            K.SIDE_EVENT,
            "Financial crime and anti-corruption",
            theatre,
            "Side event of the host country.",
        ),
    ):
        _session(
            assembly,
            day,
            start,
            end,
            kind=session_kind,
            title_en=title,
            room=room,
            attendance=Session.Attendance.ALL,
            description_en=description,
            interpretation_languages=ALL_LANGUAGES if session_kind != K.SIDE_EVENT else [],
            by=by,
        )


def seed_after() -> list[tuple[str, str, str]]:
    """The 94th exists once core has prepared it (seed_demo's second pass)."""
    from apps.core.demo import organiser

    seed_94(organiser())
    return []
