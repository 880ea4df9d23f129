"""Demo badges for the demo assembly (the 93rd): zones and categories (named in the four
languages), a badge for every approved delegate, a few participants who are not delegates, media
applications in each state, and a gate staff account. Everything goes
through the services; running it twice changes nothing."""

from __future__ import annotations

from apps.core.models import Assembly

ZONES = [
    # code, (English, French, Spanish, Arabic), plenary, no passback
    (
        "plenary",
        ("Plenary hall", "Salle plénière", "Sala plenaria", "القاعة العامة"),
        True,
        False,
    ),
    (
        "bilateral",
        (
            "Bilateral area",
            "Espace des réunions bilatérales",
            "Zona de reuniones bilaterales",
            "منطقة الاجتماعات الثنائية",
        ),
        False,
        False,
    ),
    (
        "lounge",
        ("Delegates' lounge", "Salon des délégués", "Sala de delegados", "صالة الوفود"),
        False,
        False,
    ),
    ("press", ("Press room", "Salle de presse", "Sala de prensa", "قاعة الصحافة"), False, False),
    ("vip", ("VIP lounge", "Salon VIP", "Sala VIP", "صالة كبار الشخصيات"), False, True),
    (
        "backstage",
        ("Back of house", "Zone de service", "Zona de servicio", "منطقة الخدمات"),
        False,
        False,
    ),
]
CATEGORIES = [
    # code, (English, French, Spanish, Arabic), colour, zones
    (
        "head",
        ("Head of delegation", "Chef de délégation", "Jefe de delegación", "رئيس الوفد"),
        "#8B0000",
        ["plenary", "bilateral", "lounge", "vip"],
    ),
    (
        "delegate",
        ("Delegate", "Délégué", "Delegado", "مندوب"),
        "#1F4E79",
        ["plenary", "bilateral", "lounge"],
    ),
    (
        "observer",
        ("Observer", "Observateur", "Observador", "مراقب"),
        "#2E7D32",
        ["plenary", "lounge"],
    ),
    (
        "secretariat",
        ("General Secretariat", "Secrétariat général", "Secretaría General", "الأمانة العامة"),
        "#003B71",
        ["plenary", "bilateral", "lounge", "press", "backstage"],
    ),
    (
        "host",
        (
            "Host staff",
            "Personnel du pays hôte",
            "Personal del país anfitrión",
            "موظفو البلد المضيف",
        ),
        "#6A1B9A",
        ["plenary", "bilateral", "lounge", "backstage"],
    ),
    (
        "interpreter",
        ("Interpreter", "Interprète", "Intérprete", "مترجم فوري"),
        "#00838F",
        ["plenary", "backstage"],
    ),
    ("media", ("Media", "Médias", "Medios de comunicación", "وسائل الإعلام"), "#E65100", ["press"]),
    (
        "security",
        ("Security", "Sécurité", "Seguridad", "الأمن"),
        "#212121",
        ["plenary", "bilateral", "lounge", "press", "vip", "backstage"],
    ),
    (
        "vip",
        ("VIP guest", "Invité de marque", "Invitado VIP", "ضيف من كبار الشخصيات"),
        "#C9A227",
        ["plenary", "vip", "lounge"],
    ),
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
# Fictional journalists who applied through the public form: two pending, one approved (a
# participant of the media category with a badge), one refused with a reason.
MEDIA_APPLICATIONS = [
    # family, given, family (native), given (native), outlet, country, function, language,
    # decision (None: pending; "approved"; or the reason for the refusal)
    ("Okafor", "Chinedu", "", "", "Lagos Evening Wire", "NG", "Reporter", "en", None),
    ("Moreau", "Julie", "", "", "Radio Atlas Lyon", "FR", "Photographer", "fr", None),
    (
        "Haddad",
        "Rania",
        "حداد",
        "رانيا",
        "Agence Nour Presse",
        "MA",
        "Camera operator",
        "ar",
        "approved",
    ),
    (
        "Silva",
        "Pedro",
        "",
        "",
        "Blog Segurança Hoje",
        "BR",
        "Blogger",
        "es",
        "No press card from a recognised press body was given.",
    ),
]
NAMES = ("name", "name_fr", "name_es", "name_ar")


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


def _translate(obj, names: tuple[str, ...], by) -> None:
    """A zone or category of an older demo gets the translations it lacks (through the
    service); one already translated is left as it is."""
    from apps.badges import services

    missing = [
        field
        for field, name in zip(NAMES[1:], names[1:], strict=True)
        if not getattr(obj, field) and obj.name == names[0]
    ]
    if missing:
        for field in missing:
            setattr(obj, field, names[NAMES.index(field)])
        services.save_config(obj=obj, by=by, changed=missing)


def _photo(colour: tuple[int, int, int]):
    """A small fictional portrait (a plain figure on a coloured ground), as an upload."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 70, 205, 190), fill=(236, 224, 210))
    draw.rectangle((60, 220, 240, 400), fill=(60, 70, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("portrait.jpg", out.getvalue(), content_type="image/jpeg")


def seed_media_applications(assembly: Assembly, by) -> None:
    """The fictional applications, each made once (known by its outlet, which erasure keeps),
    submitted and decided through the services as the form and an organiser would."""
    from apps.badges import services
    from apps.badges.models import MediaApplication
    from apps.delegations.models import MemberCountry

    known = set(MediaApplication.objects.filter(assembly=assembly).values_list("outlet", flat=True))
    countries = {c.iso2: c for c in MemberCountry.objects.filter(iso2__in=["NG", "FR", "MA", "BR"])}
    for index, row in enumerate(MEDIA_APPLICATIONS):
        family, given, family_native, given_native, outlet, iso2, function, language, decision = row
        if outlet in known or iso2 not in countries:
            continue
        application = services.submit_media_application(
            assembly=assembly,
            data={
                "family_name": family,
                "given_names": given,
                "family_name_native": family_native,
                "given_names_native": given_native,
                "outlet": outlet,
                "country": countries[iso2],
                "email": f"{given}.{family}@press.example".lower(),
                "function": function,
                "press_card_number": f"DEMO-{index + 1:04d}",
            },
            photo=_photo((180 - 30 * index, 200, 220)),
            address="",
            language=language,
            throttled=False,
        )
        if decision == "approved":
            services.approve_media_application(application=application, by=by)
        elif decision:
            services.refuse_media_application(application=application, by=by, reason=decision)


def seed_badges(assembly: Assembly, by) -> None:
    from apps.badges import services
    from apps.badges.models import BadgeCategory, Participant, Zone

    zones = {z.code: z for z in Zone.objects.filter(assembly=assembly)}
    for code, names, plenary, no_passback in ZONES:
        if code not in zones:
            zones[code] = services.save_config(
                obj=Zone(
                    assembly=assembly,
                    code=code,
                    plenary=plenary,
                    no_passback=no_passback,
                    **dict(zip(NAMES, names, strict=True)),
                ),
                by=by,
            )
        else:
            _translate(zones[code], names, by)
    categories = {c.code: c for c in BadgeCategory.objects.filter(assembly=assembly)}
    for code, names, colour, zone_codes in CATEGORIES:
        if code not in categories:
            category = services.save_config(
                obj=BadgeCategory(
                    assembly=assembly,
                    code=code,
                    colour=colour,
                    **dict(zip(NAMES, names, strict=True)),
                ),
                by=by,
            )
            services.set_category_zones(
                category=category, zones=[zones[z] for z in zone_codes], by=by
            )
            categories[code] = category
        else:
            _translate(categories[code], names, by)
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
    seed_media_applications(assembly, by)


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser

    by = organiser()
    assembly = Assembly.objects.filter(number=93).first()
    if assembly is not None:
        seed_badges(assembly, by)
    return _gate_staff()
