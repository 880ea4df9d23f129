"""Demo badges for the demo assembly (the 93rd): zones, categories, a badge for every approved
delegate, a few participants who are not delegates, and a gate staff account. Everything goes
through the services; running it twice changes nothing."""

from __future__ import annotations

from apps.core.models import Assembly

ZONES = [
    # code, name, plenary, no passback
    ("plenary", "Plenary hall", True, False),
    ("bilateral", "Bilateral area", False, False),
    ("lounge", "Delegates' lounge", False, False),
    ("press", "Press room", False, False),
    ("vip", "VIP lounge", False, True),
    ("backstage", "Back of house", False, False),
]
CATEGORIES = [
    # code, name, colour, zones
    ("head", "Head of delegation", "#8B0000", ["plenary", "bilateral", "lounge", "vip"]),
    ("delegate", "Delegate", "#1F4E79", ["plenary", "bilateral", "lounge"]),
    ("observer", "Observer", "#2E7D32", ["plenary", "lounge"]),
    (
        "secretariat",
        "General Secretariat",
        "#003B71",
        ["plenary", "bilateral", "lounge", "press", "backstage"],
    ),
    ("host", "Host staff", "#6A1B9A", ["plenary", "bilateral", "lounge", "backstage"]),
    ("interpreter", "Interpreter", "#00838F", ["plenary", "backstage"]),
    ("media", "Media", "#E65100", ["press"]),
    (
        "security",
        "Security",
        "#212121",
        ["plenary", "bilateral", "lounge", "press", "vip", "backstage"],
    ),
    ("vip", "VIP guest", "#C9A227", ["plenary", "vip", "lounge"]),
]
PARTICIPANTS = [
    # family, given, family (native), given (native), organisation, function, category
    ("Benali", "Samira", "بنعلي", "سميرة", "2M Maroc", "Reporter", "media"),
    ("Dupont", "Claire", "", "", "AIIC", "Interpreter (fr-ar)", "interpreter"),
    (
        "Alaoui",
        "Youssef",
        "العلوي",
        "يوسف",
        "Host country organising committee",
        "Logistics",
        "host",
    ),
]
GATE_EMAIL = "gate@ga-planner.local"


def _gate_staff():
    from apps.accounts.models import User
    from apps.accounts.roles import GATE_STAFF
    from apps.accounts.services import create_organiser
    from apps.core.demo import DEMO_PASSWORD

    if not User.objects.filter(email=GATE_EMAIL).exists():
        create_organiser(
            email=GATE_EMAIL, password=DEMO_PASSWORD, full_name="Gate Staff Demo", role=GATE_STAFF
        )
    return [("Gate staff", GATE_EMAIL, DEMO_PASSWORD)]


def seed_badges(assembly: Assembly, by) -> None:
    from apps.badges import services
    from apps.badges.models import BadgeCategory, Participant, Zone

    zones = {z.code: z for z in Zone.objects.filter(assembly=assembly)}
    for code, name, plenary, no_passback in ZONES:
        if code not in zones:
            zones[code] = services.save_config(
                obj=Zone(
                    assembly=assembly,
                    code=code,
                    name=name,
                    plenary=plenary,
                    no_passback=no_passback,
                ),
                by=by,
            )
    categories = {c.code: c for c in BadgeCategory.objects.filter(assembly=assembly)}
    for code, name, colour, zone_codes in CATEGORIES:
        if code not in categories:
            category = services.save_config(
                obj=BadgeCategory(assembly=assembly, code=code, name=name, colour=colour), by=by
            )
            services.set_category_zones(
                category=category, zones=[zones[z] for z in zone_codes], by=by
            )
            categories[code] = category
    services.issue_badges_for_approved(assembly=assembly, by=by)
    known = set(Participant.objects.filter(assembly=assembly).values_list("family_name", flat=True))
    for family, given, family_native, given_native, organisation, function, code in PARTICIPANTS:
        if family in known:
            continue
        participant = services.save_config(
            obj=Participant(
                assembly=assembly,
                family_name=family,
                given_names=given,
                family_name_native=family_native,
                given_names_native=given_native,
                organisation=organisation,
                function=function,
                category=categories[code],
            ),
            by=by,
        )
        services.approve_participant(participant=participant, by=by)


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser

    by = organiser()
    assembly = Assembly.objects.filter(number=93).first()
    if assembly is not None:
        seed_badges(assembly, by)
    return _gate_staff()
