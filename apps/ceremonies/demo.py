"""Demo ceremonies: the 93rd closing with the flag handover to Hong Kong, China, the 93rd opening,
and the 92nd Glasgow handover to Morocco (past, final). Idempotent: a second run changes nothing.

Runs after the delegations and agenda demos; sessions it needs are reused when the agenda demo
made them (matched by day and title) and created only when missing. Every ceremony, cue, role,
rehearsal, precedence and the Glasgow run as it happened go through the ceremonies' services, as
the demo organiser, so the fit and role checks, the audit and the role notices apply.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from apps.agenda.models import Session
from apps.agenda.services import create_session
from apps.ceremonies.models import Ceremony, CeremonyRole, Cue, RoleKind
from apps.ceremonies.services.ceremony import create_ceremony, mark_final, mark_rehearsed
from apps.ceremonies.services.cues import add_cue
from apps.ceremonies.services.live import advance_cue
from apps.ceremonies.services.precedence import set_precedence
from apps.ceremonies.services.rehearsals import schedule_rehearsal
from apps.ceremonies.services.roles import assign_role
from apps.core.models import Assembly
from apps.core.timezones import make_aware_strict
from apps.delegations.models import Delegate, MemberCountry

R = RoleKind


# The demo's staging text in French, Spanish and Arabic (English is the key): positions on
# stage, AV instructions, rehearsal places, the incoming host's label, guests' functions and
# seats.
STAGING: dict[str, tuple[str, str, str]] = {
    # positions on stage
    "Lectern, stage left": (
        "Pupitre, côté jardin",
        "Atril, lado izquierdo del escenario",
        "المنصة، يسار المسرح",
    ),
    "Lectern": ("Pupitre", "Atril", "المنصة"),
    "Centre stage; award table stage right": (
        "Centre de la scène ; table des distinctions côté cour",
        "Centro del escenario; mesa de distinciones a la derecha",
        "وسط المسرح؛ طاولة الجوائز يمين المسرح",
    ),
    "Centre stage: President and Secretary General beside the two hosts": (
        "Centre de la scène : le Président et le Secrétaire général aux côtés des deux hôtes",
        "Centro del escenario: el Presidente y el Secretario General junto a los dos anfitriones",
        "وسط المسرح: الرئيس والأمين العام بجانب المضيفَين",
    ),
    "Screens": ("Écrans", "Pantallas", "الشاشات"),
    "Risers upstage; heads of delegation by order of precedence": (
        "Gradins en fond de scène ; chefs de délégation par ordre de préséance",
        "Gradas al fondo del escenario; jefes de delegación por orden de precedencia",
        "المدرجات في عمق المسرح؛ رؤساء الوفود حسب ترتيب الأسبقية",
    ),
    "All standing": ("Assistance debout", "Todos de pie", "الجميع وقوفًا"),
    "Centre stage": ("Centre de la scène", "Centro del escenario", "وسط المسرح"),
    "Centre stage, seat A1": (
        "Centre de la scène, siège A1",
        "Centro del escenario, asiento A1",
        "وسط المسرح، المقعد A1",
    ),
    "Centre stage, seat A2": (
        "Centre de la scène, siège A2",
        "Centro del escenario, asiento A2",
        "وسط المسرح، المقعد A2",
    ),
    "Centre stage, left of the flag": (
        "Centre de la scène, à gauche du drapeau",
        "Centro del escenario, a la izquierda de la bandera",
        "وسط المسرح، يسار العلم",
    ),
    "Centre stage, right of the flag": (
        "Centre de la scène, à droite du drapeau",
        "Centro del escenario, a la derecha de la bandera",
        "وسط المسرح، يمين العلم",
    ),
    "Upstage centre": (
        "Fond de scène, au centre",
        "Fondo del escenario, al centro",
        "عمق المسرح، في الوسط",
    ),
    "Wings, right": ("Coulisses, côté cour", "Bastidores, a la derecha", "الكواليس، يمينًا"),
    "Stage entrance, left": (
        "Entrée de scène, côté jardin",
        "Entrada al escenario, a la izquierda",
        "مدخل المسرح، يسارًا",
    ),
    "Booths A-D": ("Cabines A-D", "Cabinas A-D", "المقصورات A-D"),
    "AV desk, rear of hall": (
        "Régie audiovisuelle, fond de la salle",
        "Mesa audiovisual, al fondo de la sala",
        "طاولة التقنيات السمعية البصرية، مؤخرة القاعة",
    ),
    "Left": ("À gauche", "A la izquierda", "يسارًا"),
    "Right": ("À droite", "A la derecha", "يمينًا"),
    # AV and technical
    "Walk-in music fades; house lights to half; lectern microphone on": (
        "Fondu de la musique d'entrée ; lumière de salle à mi-intensité ; micro du pupitre allumé",
        "Se apaga la música de entrada; luces de sala a media intensidad; micrófono del atril",
        "تخفُت موسيقى الدخول؛ إضاءة القاعة إلى النصف؛ تشغيل ميكروفون المنصة",
    ),
    "Lectern microphone; slide: Marrakech 2025": (
        "Micro du pupitre ; diapositive : Marrakech 2025",
        "Micrófono del atril; diapositiva: Marrakech 2025",
        "ميكروفون المنصة؛ شريحة: مراكش 2025",
    ),
    "Lectern microphone": ("Micro du pupitre", "Micrófono del atril", "ميكروفون المنصة"),
    "Fanfare per award; names on screen; follow spot centre": (
        "Fanfare à chaque distinction ; noms à l'écran ; poursuite au centre",
        "Fanfarria en cada distinción; nombres en pantalla; cañón de seguimiento al centro",
        "موسيقى احتفالية مع كل جائزة؛ الأسماء على الشاشة؛ ضوء متابعة في الوسط",
    ),
    "INTERPOL theme; follow spot on the flag; photographers' pit open": (
        "Thème d'INTERPOL ; poursuite sur le drapeau ; fosse des photographes ouverte",
        "Tema de INTERPOL; cañón de seguimiento sobre la bandera; foso de fotógrafos abierto",
        "لحن الإنتربول؛ ضوء متابعة على العلم؛ منطقة المصورين مفتوحة",
    ),
    "Lights down; play 'Hong Kong 2026' film (4 min 30 s) on all screens with sound": (
        "Noir salle ; film « Hong Kong 2026 » (4 min 30 s) sur tous les écrans, avec le son",
        "Luces apagadas; película «Hong Kong 2026» (4 min 30 s) en todas las pantallas, con sonido",
        "إطفاء الأضواء؛ عرض فيلم «هونغ كونغ 2026» (4 دقائق و30 ثانية) على كل الشاشات مع الصوت",
    ),
    "Lights up; lectern microphone": (
        "Lumière ; micro du pupitre",
        "Luces encendidas; micrófono del atril",
        "إعادة الإضاءة؛ ميكروفون المنصة",
    ),
    "Full stage wash; music bed": (
        "Plein feux sur la scène ; fond musical",
        "Escenario completamente iluminado; fondo musical",
        "إضاءة كاملة للمسرح؛ موسيقى خلفية",
    ),
    "Walk-out music; house lights up": (
        "Musique de sortie ; lumière de salle",
        "Música de salida; luces de sala encendidas",
        "موسيقى الخروج؛ إضاءة القاعة",
    ),
    "Anthem track 1": ("Hymne, piste 1", "Himno, pista 1", "النشيد، المقطع 1"),
    "Lectern microphone; Marrakech film (3 min) before": (
        "Micro du pupitre ; film sur Marrakech (3 min) avant",
        "Micrófono del atril; antes, película sobre Marrakech (3 min)",
        "ميكروفون المنصة؛ يسبقه فيلم عن مراكش (3 دقائق)",
    ),
    "Full stage wash": (
        "Plein feux sur la scène",
        "Escenario completamente iluminado",
        "إضاءة كاملة للمسرح",
    ),
    "INTERPOL theme; follow spot on the flag": (
        "Thème d'INTERPOL ; poursuite sur le drapeau",
        "Tema de INTERPOL; cañón de seguimiento sobre la bandera",
        "لحن الإنتربول؛ ضوء متابعة على العلم",
    ),
    "Play 'Marrakech 2025' film": (
        "Film « Marrakech 2025 »",
        "Película «Marrakech 2025»",
        "عرض فيلم «مراكش 2025»",
    ),
    "Risers upstage": (
        "Gradins en fond de scène",
        "Gradas al fondo del escenario",
        "المدرجات في عمق المسرح",
    ),
    # rehearsal places and the incoming host's label
    "Plenary hall stage": (
        "Scène de la salle plénière",
        "Escenario de la sala plenaria",
        "مسرح قاعة الجلسات العامة",
    ),
    "Hong Kong, China": ("Hong Kong, Chine", "Hong Kong, China", "هونغ كونغ، الصين"),
    # guests' functions or organisations
    "Hong Kong Police Force": (
        "Police de Hong Kong",
        "Policía de Hong Kong",
        "قوة شرطة هونغ كونغ",
    ),
    "Royal Gendarmerie of Morocco": (
        "Gendarmerie royale du Maroc",
        "Gendarmería Real de Marruecos",
        "الدرك الملكي المغربي",
    ),
    "Interpretation booth team lead": (
        "Cheffe d'équipe des cabines d'interprétation",
        "Jefa del equipo de cabinas de interpretación",
        "رئيسة فريق مقصورات الترجمة الفورية",
    ),
    # seats in the order of precedence
    "Row A, seat 1": ("Rang A, siège 1", "Fila A, asiento 1", "الصف A، المقعد 1"),
    "Row A, seat 2": ("Rang A, siège 2", "Fila A, asiento 2", "الصف A، المقعد 2"),
    "Row A, seat 3": ("Rang A, siège 3", "Fila A, asiento 3", "الصف A، المقعد 3"),
    "Row A, seat 4": ("Rang A, siège 4", "Fila A, asiento 4", "الصف A، المقعد 4"),
}

# Descriptions and notes for the interpreters of some cues, by the cue's English title:
# {field: (English, French, Spanish, Arabic)}.
CUE_NOTES: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "The master of ceremonies opens the closing ceremony": {
        "description": (
            "Welcome, thanks to the host country and the order of the ceremony.",
            "Accueil, remerciements au pays hôte et déroulé de la cérémonie.",
            "Bienvenida, agradecimiento al país anfitrión y orden de la ceremonia.",
            "الترحيب وشكر البلد المضيف وتقديم برنامج الحفل.",
        ),
        "interpretation_notes": (
            "Script sent to the booths the day before; read as written.",
            "Texte remis aux cabines la veille ; lu tel quel.",
            "Guion entregado a las cabinas la víspera; se lee tal cual.",
            "يُسلَّم النص إلى المقصورات في اليوم السابق؛ يُقرأ كما هو مكتوب.",
        ),
    },
    "Closing address by the host country, Morocco": {
        "interpretation_notes": (
            "Delivered in Arabic; the English booth relays to French and Spanish.",
            "Prononcé en arabe ; la cabine anglaise sert de relais vers le français et l'espagnol.",
            "Pronunciado en árabe; la cabina inglesa hace de relé hacia el francés y el español.",
            "يُلقى بالعربية؛ وتنقله المقصورة الإنجليزية إلى الفرنسية والإسبانية.",
        ),
    },
    "Awards": {
        "description": (
            "Five awards; each laureate is called by name, crosses to the table and poses.",
            "Cinq distinctions ; chaque lauréat est appelé par son nom, rejoint la table et "
            "pose pour la photo.",
            "Cinco distinciones; cada galardonado es llamado por su nombre, se acerca a la mesa "
            "y posa para la foto.",
            "خمس جوائز؛ يُنادى كل فائز باسمه فيتوجه إلى الطاولة ويقف للتصوير.",
        ),
        "interpretation_notes": (
            "Names of the laureates are on the booths' list; do not translate them.",
            "Les noms des lauréats figurent sur la liste des cabines ; ne pas les traduire.",
            "Los nombres de los galardonados figuran en la lista de las cabinas; no se traducen.",
            "أسماء الفائزين مدرجة في قائمة المقصورات؛ لا تُترجم.",
        ),
    },
    "Handover of the INTERPOL flag: Morocco to Hong Kong, China": {
        "description": (
            "The flag bearers bring the flag from upstage; the outgoing host hands it to the "
            "incoming host in front of the President.",
            "Les porte-drapeaux apportent le drapeau du fond de scène ; l'hôte sortant le remet "
            "à l'hôte entrant devant le Président.",
            "Los abanderados traen la bandera desde el fondo del escenario; el anfitrión saliente "
            "la entrega al entrante ante el Presidente.",
            "يحمل حاملا العلم العلمَ من عمق المسرح؛ ويسلّمه المضيف المنتهية ولايته إلى المضيف "
            "الجديد أمام الرئيس.",
        ),
        "interpretation_notes": (
            "No speech: the master of ceremonies announces the handover; interpret the "
            "announcement only.",
            "Pas de discours : le maître de cérémonie annonce la passation ; interpréter "
            "l'annonce seulement.",
            "Sin discurso: el maestro de ceremonias anuncia el traspaso; interpretar solo el "
            "anuncio.",
            "لا كلمة: يعلن عريف الحفل التسليم؛ تُترجم الإعلان فقط.",
        ),
    },
    "Video of the next host city, Hong Kong": {
        "interpretation_notes": (
            "Subtitled film: booths silent for 4 min 30 s.",
            "Film sous-titré : cabines silencieuses pendant 4 min 30 s.",
            "Película subtitulada: cabinas en silencio durante 4 min 30 s.",
            "فيلم مترجم على الشاشة: المقصورات صامتة مدة 4 دقائق و30 ثانية.",
        ),
    },
    "Welcome by the host country": {
        "description": (
            "The host country's minister welcomes the delegations to Marrakech.",
            "Le ministre du pays hôte souhaite la bienvenue aux délégations à Marrakech.",
            "El ministro del país anfitrión da la bienvenida a las delegaciones en Marrakech.",
            "يرحب وزير البلد المضيف بالوفود في مراكش.",
        ),
        "interpretation_notes": (
            "Delivered in Arabic and French.",
            "Prononcé en arabe et en français.",
            "Pronunciado en árabe y en francés.",
            "يُلقى بالعربية والفرنسية.",
        ),
    },
}


def _cue_notes(english_title: str) -> dict[str, str]:
    """`description`, `interpretation_notes` and their translations for a demo cue."""
    fields: dict[str, str] = {}
    for field, texts in CUE_NOTES.get(english_title, {}).items():
        for suffix, text in zip(("", "_fr", "_es", "_ar"), texts, strict=True):
            fields[f"{field}{suffix}"] = text
    return fields


def translations(field: str, english: str) -> dict[str, str]:
    """`field_fr`, `field_es` and `field_ar` of an English staging text of the demo."""
    return dict(zip((f"{field}_fr", f"{field}_es", f"{field}_ar"), STAGING[english], strict=True))


def _local(assembly: Assembly, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return make_aware_strict(dt.datetime.combine(day, dt.time(hour, minute)), assembly.tz)


def _session(
    assembly: Assembly,
    *,
    day: dt.date,
    word: str,
    kinds: list[str],
    title: str,
    kind: str,
    start: tuple[int, int],
    end: tuple[int, int],
    by,
) -> Session:
    """The agenda's session that day whose title contains `word`, else a new one."""
    day_start = _local(assembly, day, 0)
    found = (
        Session.objects.filter(
            assembly=assembly,
            starts_at__gte=day_start,
            starts_at__lt=day_start + dt.timedelta(days=1),
            kind__in=kinds,
            title_en__icontains=word,
        )
        .order_by("starts_at")
        .first()
    )
    if found:
        return found
    return create_session(
        assembly=assembly,
        kind=kind,
        title_en=title,
        starts_at=_local(assembly, day, *start),
        ends_at=_local(assembly, day, *end),
        attendance=Session.Attendance.ALL,
        visibility=Session.Visibility.PUBLISHED,
        interpretation_languages=["ar", "en", "fr", "es"],
        by=by,
    )


def _country(iso2: str, name: str) -> MemberCountry:
    """Reference data: normally loaded by the delegations demo, added here only if missing."""
    country, _created = MemberCountry.objects.get_or_create(
        iso2=iso2, defaults={"name_en": name, "region": "europe" if iso2 == "GB" else "asia"}
    )
    return country


def _head_of(assembly: Assembly, iso2: str) -> Delegate | None:
    delegates = Delegate.objects.filter(
        delegation__assembly=assembly, delegation__country__iso2=iso2
    ).order_by("function", "id")
    return (
        delegates.filter(function=Delegate.Function.HEAD).first()
        or delegates.filter(~Q(function=Delegate.Function.HEAD)).first()
    )


def _ceremony(
    assembly: Assembly, *, title_en: str, session: Session, kind: str, by, **fields
) -> tuple[Ceremony, bool]:
    ceremony = Ceremony.objects.filter(assembly=assembly, title_en=title_en).first()
    if ceremony:
        return ceremony, False
    ceremony = create_ceremony(
        assembly=assembly, session=session, kind=kind, title_en=title_en, by=by, **fields
    )
    return ceremony, True


def _cues(ceremony: Ceremony, rows: list[tuple], by) -> list[Cue]:
    cues = []
    for titles, minutes, roles, position, av in rows:
        en, fr, es, ar = titles
        cues.append(
            add_cue(
                ceremony=ceremony,
                title_en=en,
                title_fr=fr,
                title_es=es,
                title_ar=ar,
                duration_minutes=minutes,
                responsible_roles=roles,
                position=position,
                av_instructions=av,
                **translations("position", position),
                **translations("av_instructions", av),
                **_cue_notes(en),
                by=by,
            )
        )
    return cues


def _role(
    ceremony: Ceremony, kind: str, person, call_time, position: str, by, function: str = ""
) -> CeremonyRole:
    """A part for a delegate or a named guest (with their function or organisation, if any)."""
    person_field = "delegate" if isinstance(person, Delegate) else "guest_name"
    guest = (
        {"guest_function": function, **translations("guest_function", function)} if function else {}
    )
    return assign_role(
        ceremony=ceremony,
        kind=kind,
        call_time=call_time,
        position=position,
        by=by,
        **translations("position", position),
        **{person_field: person},
        **guest,
    )


CLOSING_CUES = [
    (
        (
            "The master of ceremonies opens the closing ceremony",
            "Ouverture de la cérémonie de clôture",
            "Apertura de la ceremonia de clausura",
            "افتتاح الحفل الختامي",
        ),
        5,
        [R.MASTER_OF_CEREMONIES],
        "Lectern, stage left",
        "Walk-in music fades; house lights to half; lectern microphone on",
    ),
    (
        (
            "Closing address by the host country, Morocco",
            "Discours de clôture du pays hôte, le Maroc",
            "Discurso de clausura del país anfitrión, Marruecos",
            "كلمة البلد المضيف، المغرب",
        ),
        10,
        [R.OUTGOING_HOST],
        "Lectern",
        "Lectern microphone; slide: Marrakech 2025",
    ),
    (
        (
            "Closing address by the Secretary General",
            "Discours de clôture du Secrétaire général",
            "Discurso de clausura del Secretario General",
            "كلمة الأمين العام",
        ),
        10,
        [R.SECRETARY_GENERAL],
        "Lectern",
        "Lectern microphone",
    ),
    (
        (
            "Closing address by the INTERPOL President",
            "Discours de clôture du Président d'INTERPOL",
            "Discurso de clausura del Presidente de INTERPOL",
            "كلمة رئيس الإنتربول",
        ),
        10,
        [R.PRESIDENT],
        "Lectern",
        "Lectern microphone",
    ),
    (
        (
            "Awards",
            "Remise des distinctions",
            "Entrega de distinciones",
            "تسليم الجوائز",
        ),
        15,
        [R.PRESIDENT, R.SECRETARY_GENERAL, R.PROTOCOL_OFFICER],
        "Centre stage; award table stage right",
        "Fanfare per award; names on screen; follow spot centre",
    ),
    (
        (
            "Handover of the INTERPOL flag: Morocco to Hong Kong, China",
            "Passation du drapeau d'INTERPOL : du Maroc à Hong Kong, Chine",
            "Traspaso de la bandera de INTERPOL: de Marruecos a Hong Kong, China",
            "تسليم علم الإنتربول: من المغرب إلى هونغ كونغ، الصين",
        ),
        10,
        [R.OUTGOING_HOST, R.INCOMING_HEAD, R.PRESIDENT, R.SECRETARY_GENERAL, R.FLAG_BEARER],
        "Centre stage: President and Secretary General beside the two hosts",
        "INTERPOL theme; follow spot on the flag; photographers' pit open",
    ),
    (
        (
            "Video of the next host city, Hong Kong",
            "Vidéo de la prochaine ville hôte, Hong Kong",
            "Vídeo de la próxima ciudad anfitriona, Hong Kong",
            "فيديو المدينة المضيفة المقبلة، هونغ كونغ",
        ),
        5,
        [R.AV_MANAGER],
        "Screens",
        "Lights down; play 'Hong Kong 2026' film (4 min 30 s) on all screens with sound",
    ),
    (
        (
            "Address by the next host, Hong Kong, China",
            "Allocution du prochain hôte, Hong Kong, Chine",
            "Intervención del próximo anfitrión, Hong Kong, China",
            "كلمة المضيف المقبل، هونغ كونغ، الصين",
        ),
        8,
        [R.INCOMING_HEAD],
        "Lectern",
        "Lights up; lectern microphone",
    ),
    (
        (
            "Group photo",
            "Photo de groupe",
            "Foto de grupo",
            "الصورة الجماعية",
        ),
        10,
        [R.PROTOCOL_OFFICER, R.PRESIDENT, R.SECRETARY_GENERAL],
        "Risers upstage; heads of delegation by order of precedence",
        "Full stage wash; music bed",
    ),
    (
        (
            "Close of the 93rd General Assembly",
            "Clôture de la 93e Assemblée générale",
            "Clausura de la 93.ª Asamblea General",
            "اختتام الدورة 93 للجمعية العامة",
        ),
        2,
        [R.MASTER_OF_CEREMONIES],
        "Lectern, stage left",
        "Walk-out music; house lights up",
    ),
]

OPENING_CUES = [
    (
        (
            "National anthem of Morocco",
            "Hymne national du Maroc",
            "Himno nacional de Marruecos",
            "النشيد الوطني المغربي",
        ),
        5,
        [R.MASTER_OF_CEREMONIES],
        "All standing",
        "Anthem track 1",
    ),
    (
        (
            "Welcome by the host country",
            "Accueil par le pays hôte",
            "Bienvenida del país anfitrión",
            "كلمة ترحيب البلد المضيف",
        ),
        15,
        [R.OUTGOING_HOST],
        "Lectern",
        "Lectern microphone; Marrakech film (3 min) before",
    ),
    (
        (
            "Opening address by the INTERPOL President",
            "Discours d'ouverture du Président d'INTERPOL",
            "Discurso de apertura del Presidente de INTERPOL",
            "كلمة افتتاح رئيس الإنتربول",
        ),
        15,
        [R.PRESIDENT],
        "Lectern",
        "Lectern microphone",
    ),
    (
        (
            "Address by the Secretary General",
            "Discours du Secrétaire général",
            "Discurso del Secretario General",
            "كلمة الأمين العام",
        ),
        15,
        [R.SECRETARY_GENERAL],
        "Lectern",
        "Lectern microphone",
    ),
    (
        (
            "Official opening and group photo",
            "Ouverture officielle et photo de groupe",
            "Apertura oficial y foto de grupo",
            "الافتتاح الرسمي والصورة الجماعية",
        ),
        15,
        [R.PROTOCOL_OFFICER],
        "Centre stage",
        "Full stage wash",
    ),
]

GLASGOW_CUES = [
    (
        (
            "Closing addresses",
            "Discours de clôture",
            "Discursos de clausura",
            "كلمات الاختتام",
        ),
        20,
        [R.OUTGOING_HOST, R.PRESIDENT, R.SECRETARY_GENERAL],
        "Lectern",
        "Lectern microphone",
    ),
    (
        (
            "Handover of the INTERPOL flag: United Kingdom to Morocco",
            "Passation du drapeau d'INTERPOL : du Royaume-Uni au Maroc",
            "Traspaso de la bandera de INTERPOL: del Reino Unido a Marruecos",
            "تسليم علم الإنتربول: من المملكة المتحدة إلى المغرب",
        ),
        10,
        [R.OUTGOING_HOST, R.INCOMING_HEAD, R.PRESIDENT, R.SECRETARY_GENERAL],
        "Centre stage",
        "INTERPOL theme; follow spot on the flag",
    ),
    (
        (
            "Video of the next host city, Marrakech",
            "Vidéo de la prochaine ville hôte, Marrakech",
            "Vídeo de la próxima ciudad anfitriona, Marrakech",
            "فيديو المدينة المضيفة المقبلة، مراكش",
        ),
        5,
        [R.AV_MANAGER],
        "Screens",
        "Play 'Marrakech 2025' film",
    ),
    (
        (
            "Group photo",
            "Photo de groupe",
            "Foto de grupo",
            "الصورة الجماعية",
        ),
        10,
        [R.PROTOCOL_OFFICER],
        "Risers upstage",
        "Full stage wash",
    ),
]


def seed_closing_93(assembly: Assembly, by) -> None:
    session = _session(
        assembly,
        day=dt.date(2025, 11, 27),
        word="Closing",
        kinds=[Session.Kind.CEREMONY, Session.Kind.PLENARY],
        title="Closing session and flag handover",
        kind=Session.Kind.CEREMONY,
        start=(14, 0),
        end=(16, 0),
        by=by,
    )
    ceremony, created = _ceremony(
        assembly,
        title_en="Closing ceremony and INTERPOL flag handover",
        title_fr="Cérémonie de clôture et passation du drapeau d'INTERPOL",
        title_es="Ceremonia de clausura y traspaso de la bandera de INTERPOL",
        title_ar="الحفل الختامي وتسليم علم الإنتربول",
        kind=Ceremony.Kind.CLOSING,
        session=session,
        required_roles=list(RoleKind.values),
        outgoing_country=_country("MA", "Morocco"),
        incoming_country=_country("CN", "China"),
        incoming_label="Hong Kong, China",
        **translations("incoming_label", "Hong Kong, China"),
        notes_en="The flag passes to the head of the delegation of the 94th's host.",
        notes_fr="Le drapeau est remis au chef de la délégation du pays hôte de la 94e session.",
        notes_es="La bandera pasa al jefe de la delegación del anfitrión de la 94.ª reunión.",
        notes_ar="يُسلَّم العلم إلى رئيس وفد البلد المضيف للدورة 94.",
        by=by,
    )
    if not created:
        return
    _cues(ceremony, CLOSING_CUES, by)
    day = dt.date(2025, 11, 27)
    principals = _local(assembly, day, 13, 15)
    crew = _local(assembly, day, 12, 45)
    roles = {
        R.MASTER_OF_CEREMONIES: _role(
            ceremony, R.MASTER_OF_CEREMONIES, "Salma BENNANI", crew, "Lectern, stage left", by
        ),
        R.PRESIDENT: _role(
            ceremony, R.PRESIDENT, "Ahmed Naser AL-RAISI", principals, "Centre stage, seat A1", by
        ),
        R.SECRETARY_GENERAL: _role(
            ceremony,
            R.SECRETARY_GENERAL,
            "Valdecy URQUIZA",
            principals,
            "Centre stage, seat A2",
            by,
        ),
        R.OUTGOING_HOST: _role(
            ceremony,
            R.OUTGOING_HOST,
            _head_of(assembly, "MA") or "Head of delegation of Morocco",
            principals,
            "Centre stage, left of the flag",
            by,
        ),
        R.INCOMING_HEAD: _role(
            ceremony,
            R.INCOMING_HEAD,
            _head_of(assembly, "CN") or "Head of delegation, Hong Kong, China",
            principals,
            "Centre stage, right of the flag",
            by,
        ),
        "flag_bearer_1": _role(
            ceremony,
            R.FLAG_BEARER,
            "Rachid OUAZZANI",
            crew,
            "Upstage centre",
            by,
            function="Royal Gendarmerie of Morocco",
        ),
        "flag_bearer_2": _role(
            ceremony,
            R.FLAG_BEARER,
            "WONG Ka-ho",
            crew,
            "Wings, right",
            by,
            function="Hong Kong Police Force",
        ),
        R.PROTOCOL_OFFICER: _role(
            ceremony, R.PROTOCOL_OFFICER, "Youssef EL AMRANI", crew, "Stage entrance, left", by
        ),
        R.INTERPRETER: _role(
            ceremony,
            R.INTERPRETER,
            "Nadia FASSI",
            crew,
            "Booths A-D",
            by,
            function="Interpretation booth team lead",
        ),
        R.AV_MANAGER: _role(
            ceremony, R.AV_MANAGER, "Karim TAZI", crew, "AV desk, rear of hall", by
        ),
    }
    schedule_rehearsal(
        ceremony=ceremony,
        starts_at=_local(assembly, dt.date(2025, 11, 26), 18, 0),
        ends_at=_local(assembly, dt.date(2025, 11, 26), 19, 0),
        place="Plenary hall stage",
        **translations("place", "Plenary hall stage"),
        notes="Full run with flag, video and photo risers",
        attendees=[
            roles[key]
            for key in [
                R.MASTER_OF_CEREMONIES,
                R.OUTGOING_HOST,
                R.INCOMING_HEAD,
                "flag_bearer_1",
                "flag_bearer_2",
                R.PROTOCOL_OFFICER,
                R.AV_MANAGER,
            ]
        ],
        by=by,
    )
    set_precedence(
        ceremony=ceremony,
        entries=[
            {"role": roles[key], "seat": seat, **translations("seat", seat), "speaks": True}
            for key, seat in (
                (R.PRESIDENT, "Row A, seat 1"),
                (R.SECRETARY_GENERAL, "Row A, seat 2"),
                (R.OUTGOING_HOST, "Row A, seat 3"),
                (R.INCOMING_HEAD, "Row A, seat 4"),
            )
        ],
        by=by,
    )
    mark_rehearsed(ceremony=ceremony, by=by)


def seed_opening_93(assembly: Assembly, by) -> None:
    session = _session(
        assembly,
        day=dt.date(2025, 11, 24),
        word="Opening",
        kinds=[Session.Kind.OPENING, Session.Kind.CEREMONY, Session.Kind.PLENARY],
        title="Opening ceremony",
        kind=Session.Kind.OPENING,
        start=(10, 30),
        end=(12, 0),
        by=by,
    )
    ceremony, created = _ceremony(
        assembly,
        title_en="Opening ceremony of the 93rd General Assembly",
        title_fr="Cérémonie d'ouverture de la 93e Assemblée générale",
        title_es="Ceremonia de apertura de la 93.ª Asamblea General",
        title_ar="حفل افتتاح الدورة 93 للجمعية العامة",
        kind=Ceremony.Kind.OPENING,
        session=session,
        required_roles=[R.MASTER_OF_CEREMONIES, R.PRESIDENT, R.SECRETARY_GENERAL],
        by=by,
    )
    if not created:
        return
    _cues(ceremony, OPENING_CUES, by)
    call = _local(assembly, dt.date(2025, 11, 24), 9, 45)
    _role(ceremony, R.MASTER_OF_CEREMONIES, "Salma BENNANI", call, "Lectern, stage left", by)
    _role(ceremony, R.PRESIDENT, "Ahmed Naser AL-RAISI", call, "Centre stage, seat A1", by)
    _role(ceremony, R.SECRETARY_GENERAL, "Valdecy URQUIZA", call, "Centre stage, seat A2", by)


def seed_glasgow_92(assembly: Assembly, by) -> None:
    day = dt.date(2024, 11, 7)
    session = _session(
        assembly,
        day=day,
        word="Closing",
        kinds=[Session.Kind.CEREMONY, Session.Kind.PLENARY],
        title="Closing session and flag handover",
        kind=Session.Kind.CEREMONY,
        start=(15, 0),
        end=(16, 30),
        by=by,
    )
    ceremony, created = _ceremony(
        assembly,
        title_en="Closing ceremony and INTERPOL flag handover (Glasgow)",
        title_fr="Cérémonie de clôture et passation du drapeau d'INTERPOL (Glasgow)",
        title_es="Ceremonia de clausura y traspaso de la bandera de INTERPOL (Glasgow)",
        title_ar="الحفل الختامي وتسليم علم الإنتربول (غلاسكو)",
        kind=Ceremony.Kind.FLAG_HANDOVER,
        session=session,
        required_roles=[R.PRESIDENT, R.SECRETARY_GENERAL, R.OUTGOING_HOST, R.INCOMING_HEAD],
        outgoing_country=_country("GB", "United Kingdom"),
        incoming_country=_country("MA", "Morocco"),
        by=by,
    )
    if not created:
        return
    cues = _cues(ceremony, GLASGOW_CUES, by)
    call = _local(assembly, day, 14, 15)
    _role(ceremony, R.PRESIDENT, "Ahmed Naser AL-RAISI", call, "Centre stage", by)
    _role(ceremony, R.SECRETARY_GENERAL, "Secretary General", call, "Centre stage", by)
    _role(ceremony, R.OUTGOING_HOST, "Head of delegation of the United Kingdom", call, "Left", by)
    _role(ceremony, R.INCOMING_HEAD, "Head of delegation of Morocco", call, "Right", by)
    mark_final(ceremony=ceremony, by=by)
    # The run as it happened, on the console: two minutes late, caught up by the photo.
    at = session.starts_at + dt.timedelta(minutes=2)
    current = None
    for cue, slip in zip(cues, [0, 1, -1, -2], strict=True):
        advance_cue(ceremony=ceremony, expected_current_id=current, by=by, now=at)
        current = cue.pk
        at += dt.timedelta(minutes=cue.duration_minutes + slip)
    advance_cue(ceremony=ceremony, expected_current_id=current, by=by, now=at)


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser

    by = organiser()
    assemblies = {a.number: a for a in Assembly.objects.filter(number__in=[92, 93])}
    if 93 in assemblies:
        seed_closing_93(assemblies[93], by)
        seed_opening_93(assemblies[93], by)
    if 92 in assemblies:
        seed_glasgow_92(assemblies[92], by)
    return []
