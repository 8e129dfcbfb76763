"""The demo programme of Vie des quartiers, in French, true to the CCAS's
experience sheet « Vie des quartiers : lieu d'accueil, d'informations et
d'activités » (Montreuil-Juigné).

Plain data: the home page, the partners, two locals with their activities,
schedules, outings and sport events, the legal pages and the forms. Dates that
depend on the day of loading are functions of ``today``. The load_demo
command writes it.
"""

from datetime import date, time, timedelta

import recurrence

from activities.models import Audience, Category, Partner, Weekday

# ---------------------------------------------------------------------------
# Contact details: invented, and visibly so (.example addresses, 02 41 00 00 0x).

ORGANISATION = "CCAS de Montreuil-Juigné"
TEAM_EMAIL = "contact@viedesquartiers.example"
NO_REPLY_EMAIL = "ne-pas-repondre@viedesquartiers.example"
TEAM_PHONE = "02 41 00 00 00"
TEAM_ADDRESS = "CCAS de Montreuil-Juigné\n1 place de la Mairie\n49460 Montreuil-Juigné"
SITE_HOSTNAME, SITE_PORT = "127.0.0.1", 8000
WELCOME_TITLE = "Welcome to your new Wagtail site!"
DEFAULT_PASSWORD = "quartiers-demo"


# ---------------------------------------------------------------------------
# Building blocks of the data: stream blocks, schedules, dates.


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(*sentences):
    return {"type": "paragraph", "value": f"<p>{' '.join(sentences)}</p>"}


def bullets(*items):
    lis = "".join(f"<li>{item}</li>" for item in items)
    return {"type": "paragraph", "value": f"<ul>{lis}</ul>"}


def quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def weekly(*days, interval=1):
    rule = recurrence.Rule(recurrence.WEEKLY, interval=interval, byday=list(days))
    return recurrence.Recurrence(rrules=[rule])


def monthly(day):
    rule = recurrence.Rule(recurrence.MONTHLY, byday=day)
    return recurrence.Recurrence(rrules=[rule])


# Drop-ins and permanences: sessions show in the programme, nobody books them.
DROP_IN = {"bookable_online": False, "places": 20, "max_places_per_booking": 1}
# Workshops: booking opens four weeks ahead, so that nobody takes a whole term,
# and closes the day before at noon, so that the team can buy what is needed.
WORKSHOP = {
    "bookable_online": True,
    "booking_opens_days_before": 28,
    "booking_closes_days_before": 1,
    "booking_closes_at": time(12, 0),
}


def series(label, rule, start_time, minutes, **rules):
    """A schedule: ``rule`` is a Recurrence run over the school year, or a
    function of today giving the dates of a one-off series."""
    return {
        "label": label,
        "rule": rule,
        "start_time": start_time,
        "duration_minutes": minutes,
        **rules,
    }


def next_weekday(today, weekday, at_least_days):
    """The first ``weekday`` (0 = Monday) at least ``at_least_days`` from today."""
    day = today + timedelta(days=at_least_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def school_year(today):
    """From 1 September of the current school year to the end of June after it."""
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    end = date(start.year + 1, 6, 30)
    if end < today + timedelta(days=30):  # summer: show next year's programme
        end = date(end.year + 1, 6, 30)
    return start, end


def barbecue_days(today):
    """The neighbourhood barbecue: the first Saturday from 20 June on."""
    day = next_weekday(date(today.year, 6, 20), Weekday.SATURDAY, 0)
    if day <= today + timedelta(days=7):
        day = next_weekday(date(today.year + 1, 6, 20), Weekday.SATURDAY, 0)
    return [day]


def telethon_day(today):
    """The Téléthon weekend: the first Saturday of December."""
    day = next_weekday(date(today.year, 12, 1), Weekday.SATURDAY, 0)
    if day <= today:
        day = next_weekday(date(today.year + 1, 12, 1), Weekday.SATURDAY, 0)
    return day


def telethon_workshop_days(today):
    """Mondays and Thursdays of the three weeks before the Téléthon."""
    telethon = telethon_day(today)
    days = [telethon - timedelta(days=n) for n in range(21, 0, -1)]
    return [day for day in days if day.weekday() in (Weekday.MONDAY, Weekday.THURSDAY)]


# ---------------------------------------------------------------------------
# Pictures: (title and alt text, background colour, motif of demo.pictures).

PICTURES = {
    "accueil": ("Le local, un lieu d'accueil ouvert à tous", "#0f766e", "maison"),
    "tilleuls": ("Le local de la cité des Tilleuls", "#0f766e", "maison"),
    "cafe": ("La pause café des permanences", "#92400e", "tasse"),
    "multisports": ("L'espace multi-sports de la cité", "#15803d", "ballon"),
    "val": ("Le nouveau local du Val", "#7c3aed", "maison"),
    "inauguration": ("L'inauguration du local du Val", "#be185d", "ruban"),
    "emploi": ("Les ordinateurs pour la recherche d'emploi", "#1e40af", "ordinateur"),
    "cuisine": ("L'atelier cuisine", "#c2410c", "marmite"),
    "couture": ("L'atelier couture", "#9d174d", "couture"),
    "pate-a-sel": ("Figurines en pâte à sel", "#a16207", "etoile"),
    "jeux": ("Une soirée jeux au local", "#6d28d9", "des"),
    "scolaire": ("L'accompagnement scolaire", "#0369a1", "livre"),
    "barbecue": ("Le barbecue de la cité", "#b91c1c", "barbecue"),
    "telethon": ("Objets réalisés pour le Téléthon", "#be123c", "coeur"),
    "marche": ("Le marché de produits frais", "#4d7c0f", "panier"),
    "mer": ("Une journée à la mer", "#0e7490", "mer"),
    "zoo": ("Une sortie au Bioparc", "#3f6212", "arbres"),
}


# ---------------------------------------------------------------------------
# Partners and funders. The commune both works with the programme and funds
# it: it is two rows, one per role, so that each list shows it (one logo).

PARTNERS = {
    "commune": {
        "name": "Commune de Montreuil-Juigné",
        "role": Partner.Role.OPERATIONAL,
        "description": "Met à disposition ses services et ses équipements "
        "pour les actions dans les quartiers.",
        "logo": ("CMJ", "#1d4ed8"),
    },
    "nos-quartiers": {
        "name": "Association « Nos quartiers à Montreuil-Juigné »",
        "role": Partner.Role.OPERATIONAL,
        "description": "Association d'habitants qui anime la vie des quartiers "
        "avec le local.",
        "logo": ("NQ", "#0f766e"),
    },
    "enjeu": {
        "name": "Association « Enjeu » (Enfance Jeunesse)",
        "role": Partner.Role.OPERATIONAL,
        "description": "Association pour l'enfance et la jeunesse, "
        "partenaire des actions du local.",
        "logo": ("EJ", "#c2410c"),
        "organisation": "Association « Enjeu » (Enfance Jeunesse)",
    },
    "maison-des-jeunes": {
        "name": "Maison des jeunes de Montreuil-Juigné",
        "role": Partner.Role.OPERATIONAL,
        "description": "Met en place des animations et des manifestations, "
        "sportives notamment, sur les espaces multi-sports des cités.",
        "logo": ("MJ", "#15803d"),
        "organisation": "Maison des jeunes de Montreuil-Juigné",
    },
    "commune-financeur": {
        "name": "Commune de Montreuil-Juigné",
        "role": Partner.Role.FUNDER,
        "description": "Finance l'action.",
        "logo": ("CMJ", "#1d4ed8"),
    },
    "caf": {
        "name": "CAF de Maine-et-Loire",
        "role": Partner.Role.FUNDER,
        "description": "Caisse d'allocations familiales : finance l'action.",
        "logo": ("CAF", "#0369a1"),
    },
    "conseil-general": {
        "name": "Conseil général de Maine-et-Loire (crédits d'insertion)",
        "role": Partner.Role.FUNDER,
        "description": "Finance l'action sur ses crédits d'insertion.",
        "logo": ("CG", "#6d28d9"),
    },
}
FUNDERS = ["commune-financeur", "caf", "conseil-general"]


# ---------------------------------------------------------------------------
# The home page.

HOME = {
    "title": "Vie des quartiers",
    "slug": "accueil",
    "introduction": (
        "Vie des quartiers, c'est un lieu d'accueil, d'informations et "
        "d'activités au cœur des quartiers de Montreuil-Juigné, animé par le "
        "CCAS. On y vient prendre un café, être écouté, trouver de l'aide pour "
        "ses démarches, participer à un atelier ou partir en sortie à la "
        "journée."
    ),
    "image": "accueil",
    "body": [
        heading("Nos objectifs"),
        bullets(
            "développer le lien social entre les habitants ;",
            "impulser des projets avec et pour les habitants ;",
            "dynamiser la vie de la cité ;",
            "améliorer l'image du quartier.",
        ),
        heading("Ce que vous trouverez au local"),
        bullets(
            "des permanences d'accueil : pause café, écoute, soutien aux "
            "démarches administratives, aide pour les problèmes de logement, "
            "orientation vers les services adaptés ;",
            "un soutien à la recherche d'emploi, avec des ordinateurs pour "
            "rédiger son CV, et la permanence hebdomadaire de la mission locale ;",
            "des ateliers de vie sociale et de loisirs (cuisine, couture, pâte "
            "à sel, soirées jeux...), mis en place selon les attentes des "
            "habitants ;",
            "des sorties à la journée ;",
            "un accompagnement scolaire individuel et hebdomadaire assuré par "
            "des bénévoles ;",
            "l'espace multi-sports de la cité, animé avec la maison des jeunes ;",
            "des temps forts : barbecue, objets réalisés pour le Téléthon, "
            "marché de produits frais.",
        ),
        heading("Un deuxième local"),
        paragraph(
            "Après trois ans d'existence, le bilan du premier local est très "
            "positif : des familles et des personnes isolées ont recréé des "
            "liens au sein du quartier. Un autre local vient d'être inauguré "
            "dans un quartier voisin, avec l'objectif de répéter cette réussite."
        ),
        quote(
            "Le local est reconnu comme un véritable lieu d'écoute où chacun "
            "peut exprimer ses difficultés, ses souhaits, ses besoins.",
            "Le CCAS de Montreuil-Juigné",
        ),
    ],
}

SITE_SETTINGS = {
    "organisation_name": ORGANISATION,
    "phone": TEAM_PHONE,
    "email": TEAM_EMAIL,
    "address": TEAM_ADDRESS,
    "footer_text": (
        "Vie des quartiers est un dispositif du CCAS de Montreuil-Juigné, avec "
        "la commune et les associations « Nos quartiers à Montreuil-Juigné » et "
        "« Enjeu », soutenu par la CAF et le Conseil général de Maine-et-Loire. "
        "Site de démonstration : les coordonnées sont fictives."
    ),
}

COORDINATOR = "Coordinatrice de lien social (CCAS, 30 h par semaine)"
DROP_IN_LABEL = "Pause café, écoute, aide aux démarches administratives et au logement"


# ---------------------------------------------------------------------------
# The locals and what happens there.

FIRST_LOCAL = {
    "slug": "local-des-tilleuls",
    "title": "Local des Tilleuls",
    "introduction": (
        "Installé dans un logement loué à un bailleur HLM, au cœur de la cité "
        "des Tilleuls, le local est un lieu d'écoute où chacun peut exprimer "
        "ses difficultés, ses souhaits, ses besoins. Entrée libre et gratuite."
    ),
    "street_address": "2 rue des Tilleuls",
    "postcode": "49460",
    "city": "Montreuil-Juigné",
    "latitude": "47.531200",
    "longitude": "-0.613500",
    "phone": "02 41 00 00 01",
    "email": "tilleuls@viedesquartiers.example",
    "coordinator": COORDINATOR,
    "accessibility": (
        "Local de plain-pied, accessible en fauteuil roulant par la porte "
        "côté parking. Toilettes adaptées. Places de stationnement devant le "
        "local, dont une réservée aux personnes handicapées."
    ),
    "image": "tilleuls",
    "body": [
        heading("Un lieu pour se retrouver"),
        paragraph(
            "Le local est né pour recréer du lien dans une cité où les "
            "habitants vivaient repliés sur eux-mêmes. Aujourd'hui, on s'y "
            "retrouve autour d'un café, d'un atelier ou d'une sortie, et les "
            "habitants proposent eux-mêmes des idées, y compris pour financer "
            "les projets qu'ils souhaitent réaliser."
        ),
        paragraph(
            "L'espace multi-sports de la cité, installé en novembre 2003, est "
            "animé avec la maison des jeunes de Montreuil-Juigné."
        ),
    ],
    "opening_hours": [
        (Weekday.MONDAY, time(14, 0), time(17, 30), DROP_IN_LABEL),
        (Weekday.TUESDAY, time(14, 0), time(17, 30), DROP_IN_LABEL),
        (Weekday.THURSDAY, time(14, 0), time(17, 30), DROP_IN_LABEL),
        (
            Weekday.FRIDAY,
            time(9, 30),
            time(12, 0),
            "Accueil, recherche d'emploi et rédaction de CV",
        ),
    ],
    "photos": ["tilleuls", "cafe", "multisports"],
    "partners": ["commune", "nos-quartiers", "enjeu", "maison-des-jeunes", *FUNDERS],
    "activities": [
        {
            "slug": "permanences-d-accueil",
            "title": "Permanences d'accueil",
            "category": Category.DROP_IN,
            "audience": Audience.EVERYONE,
            "summary": "Pause café, écoute, aide aux démarches administratives "
            "et au logement, orientation vers les services adaptés.",
            "image": "cafe",
            "body": [
                paragraph(
                    "Sans rendez-vous, la coordinatrice de lien social vous "
                    "accueille autour d'un café. On peut venir simplement "
                    "discuter, ou avec une question : un courrier à comprendre, "
                    "un dossier à remplir, un problème de logement ou de "
                    "voisinage."
                ),
                paragraph(
                    "Quand nous ne pouvons pas répondre nous-mêmes, nous vous "
                    "orientons vers les services ou les dispositifs adaptés, "
                    "et nous pouvons prendre contact avec eux avec vous."
                ),
            ],
            "schedules": [
                series(
                    "Accueil de l'après-midi",
                    weekly(recurrence.MO, recurrence.TU, recurrence.TH),
                    time(14, 0),
                    210,
                    **DROP_IN,
                ),
                series(
                    "Accueil du vendredi matin",
                    weekly(recurrence.FR),
                    time(9, 30),
                    150,
                    **DROP_IN,
                ),
            ],
        },
        {
            "slug": "recherche-d-emploi",
            "title": "Soutien à la recherche d'emploi",
            "category": Category.JOB_SEARCH,
            "audience": Audience.ADULTS,
            "summary": "Des ordinateurs pour consulter les offres et rédiger "
            "votre CV, avec de l'aide si vous le souhaitez.",
            "image": "emploi",
            "body": [
                paragraph(
                    "Pendant les permanences, les ordinateurs du local sont en "
                    "accès libre : site de France Travail (l'ancienne ANPE), "
                    "offres d'emploi, rédaction de curriculum vitae et de "
                    "lettres de motivation."
                ),
                paragraph(
                    "Le vendredi matin, réservez un créneau pour être aidé pas "
                    "à pas à rédiger ou mettre à jour votre CV."
                ),
            ],
            "what_to_bring": "Vos diplômes et attestations de travail, "
            "une clé USB si vous en avez une.",
            "schedules": [
                series(
                    "Aide au CV du vendredi",
                    weekly(recurrence.FR),
                    time(10, 0),
                    90,
                    places=3,
                    max_places_per_booking=1,
                    places_held_back=1,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "mission-locale",
            "title": "Permanence de la mission locale",
            "category": Category.JOB_SEARCH,
            "audience": Audience.YOUTH,
            "summary": "Chaque semaine, la mission locale reçoit au local les "
            "jeunes qui cherchent un emploi ou une formation.",
            "image": "emploi",
            "body": [
                paragraph(
                    "Une conseillère de la mission locale tient une permanence "
                    "hebdomadaire d'accompagnement à l'emploi : projet "
                    "professionnel, formation, candidatures, mais aussi "
                    "logement, santé et mobilité."
                ),
                paragraph(
                    "Venez sans rendez-vous, ou demandez au local de vous en "
                    "prendre un."
                ),
            ],
            "schedules": [
                series(
                    "Permanence du mercredi matin",
                    weekly(recurrence.WE),
                    time(9, 30),
                    150,
                    **DROP_IN,
                ),
            ],
        },
        {
            "slug": "atelier-cuisine",
            "title": "Atelier cuisine",
            "category": Category.WORKSHOP,
            "audience": Audience.ADULTS,
            "summary": "On cuisine ensemble des recettes proposées par les "
            "habitants, puis on partage ce qu'on a préparé.",
            "image": "cuisine",
            "body": [
                paragraph(
                    "Chaque mardi, un ou une habitante propose une recette de "
                    "chez elle ; on fait les courses ensemble, on cuisine, on "
                    "goûte. Les ateliers sont mis en place en fonction des "
                    "attentes des habitants : vos idées sont les bienvenues."
                ),
            ],
            "price": "2.00",
            "price_note": "par personne, participation aux ingrédients",
            "what_to_bring": "Un tablier et une boîte pour emporter votre part.",
            "schedules": [
                series(
                    "Atelier du mardi",
                    weekly(recurrence.TU),
                    time(14, 0),
                    120,
                    places=10,
                    max_places_per_booking=2,
                    places_held_back=2,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "atelier-couture",
            "title": "Atelier couture",
            "category": Category.WORKSHOP,
            "audience": Audience.ADULTS,
            "summary": "Ourlets, retouches, sacs, déguisements : on apprend à "
            "coudre ensemble, à la main ou à la machine.",
            "image": "couture",
            "body": [
                paragraph(
                    "Débutants bienvenus : les habitantes qui savent coudre "
                    "montrent aux autres. Les machines à coudre du local sont "
                    "à disposition pendant l'atelier."
                ),
            ],
            "what_to_bring": "Vos tissus et les vêtements à retoucher ; fils, "
            "aiguilles et machines sont fournis.",
            "schedules": [
                series(
                    "Atelier du jeudi",
                    weekly(recurrence.TH),
                    time(14, 0),
                    120,
                    places=8,
                    max_places_per_booking=1,
                    places_held_back=2,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "atelier-pate-a-sel",
            "title": "Atelier pâte à sel",
            "category": Category.WORKSHOP,
            "audience": Audience.FAMILIES,
            "summary": "Modeler, cuire et peindre des figurines en pâte à sel, "
            "entre parents et enfants.",
            "image": "pate-a-sel",
            "body": [
                paragraph(
                    "Un mercredi matin sur deux, parents et enfants façonnent "
                    "ensemble décorations, figurines et cadeaux. Les enfants "
                    "viennent accompagnés d'un adulte."
                ),
            ],
            "what_to_bring": "Des vêtements qui ne craignent pas la peinture.",
            "schedules": [
                series(
                    "Mercredi matin, une semaine sur deux",
                    weekly(recurrence.WE, interval=2),
                    time(10, 0),
                    90,
                    places=12,
                    max_places_per_booking=4,
                    places_held_back=2,
                    adult_required=True,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "soirees-jeux",
            "title": "Soirées jeux",
            "category": Category.WORKSHOP,
            "audience": Audience.FAMILIES,
            "summary": "Jeux de société, de cartes et jeux géants pour toute la "
            "famille, un vendredi soir sur deux.",
            "image": "jeux",
            "body": [
                paragraph(
                    "Petits et grands se retrouvent au local pour jouer "
                    "ensemble. Chacun peut apporter un jeu pour le faire "
                    "découvrir, et quelque chose à grignoter à partager."
                ),
            ],
            "what_to_bring": "Un jeu que vous aimez, si vous le souhaitez.",
            "schedules": [
                series(
                    "Vendredi soir, une semaine sur deux",
                    weekly(recurrence.FR, interval=2),
                    time(18, 0),
                    150,
                    places=20,
                    max_places_per_booking=5,
                    places_held_back=4,
                    adult_required=True,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "accompagnement-scolaire",
            "title": "Accompagnement scolaire",
            "category": Category.HOMEWORK,
            "audience": Audience.CHILDREN,
            "summary": "Chaque semaine, un bénévole aide votre enfant à faire "
            "ses devoirs, seul à seul, pendant 45 minutes à une heure.",
            "image": "scolaire",
            "body": [
                paragraph(
                    "L'accompagnement scolaire est assuré par des bénévoles. "
                    "L'aide est individuelle et hebdomadaire : votre enfant "
                    "retrouve chaque mercredi le même bénévole, pour une "
                    "séance de 45 minutes à une heure."
                ),
                paragraph(
                    "Pas de séance pendant les vacances scolaires. Réservez le "
                    "même créneau chaque semaine pour que votre enfant garde "
                    "son bénévole."
                ),
            ],
            "what_to_bring": "Le cahier de textes et les affaires de classe.",
            "schedules": [
                series(
                    f"Mercredi {hour} h",
                    weekly(recurrence.WE),
                    time(hour, 0),
                    50,
                    places=4,
                    max_places_per_booking=1,
                    skip_school_holidays=True,
                    **WORKSHOP,
                )
                for hour in (14, 15)
            ],
        },
        {
            "slug": "espace-multi-sports",
            "title": "Espace multi-sports",
            "category": Category.SPORT,
            "audience": Audience.YOUTH,
            "summary": "Foot, basket, hand : l'espace multi-sports de la cité, "
            "animé avec la maison des jeunes de Montreuil-Juigné.",
            "image": "multisports",
            "body": [
                paragraph(
                    "Les espaces multi-sports ont été installés sur les cités "
                    "HLM en novembre 2003, en partenariat avec la maison des "
                    "jeunes de Montreuil-Juigné, qui y met en place des "
                    "animations et des manifestations, sportives notamment."
                ),
                paragraph(
                    "Le mercredi après-midi, les animateurs de la maison des "
                    "jeunes proposent une animation ouverte à tous les jeunes "
                    "du quartier, sans inscription."
                ),
            ],
            "schedules": [
                series(
                    "Animation du mercredi avec la maison des jeunes",
                    weekly(recurrence.WE),
                    time(16, 0),
                    120,
                    **{**DROP_IN, "places": 30},
                    # Each session holds its slot on the shared space.
                    resource="espace-multi-sports",
                ),
            ],
        },
        {
            "slug": "barbecue-de-la-cite",
            "title": "Barbecue de la cité",
            "category": Category.HIGHLIGHT,
            "audience": Audience.EVERYONE,
            "summary": "Le grand barbecue de l'été : le local fournit les "
            "grillades, chacun apporte une salade ou un dessert.",
            "image": "barbecue",
            "body": [
                paragraph(
                    "Un temps fort pour se retrouver entre voisins, au pied "
                    "des immeubles. Réservez pour que nous prévoyions assez "
                    "de grillades."
                ),
            ],
            "what_to_bring": "Une salade, un dessert ou une boisson à partager.",
            "schedules": [
                series(
                    "Barbecue",
                    barbecue_days,
                    time(12, 0),
                    180,
                    places=80,
                    max_places_per_booking=8,
                    places_held_back=10,
                    adult_required=True,
                    booking_closes_days_before=2,
                    booking_closes_at=time(12, 0),
                ),
            ],
        },
        {
            "slug": "ateliers-du-telethon",
            "title": "Objets pour le Téléthon",
            "category": Category.HIGHLIGHT,
            "audience": Audience.EVERYONE,
            "summary": "Dans les semaines qui précèdent le Téléthon, on fabrique "
            "ensemble des objets vendus au profit de l'AFM-Téléthon.",
            "image": "telethon",
            "body": [
                paragraph(
                    "Décorations, bijoux, objets en pâte à sel ou en tissu : "
                    "tout ce qui est réalisé au local est vendu sur le stand "
                    "du Téléthon, le premier week-end de décembre."
                ),
            ],
            "schedules": [
                series(
                    "Ateliers du Téléthon",
                    telethon_workshop_days,
                    time(14, 0),
                    120,
                    places=12,
                    max_places_per_booking=2,
                    places_held_back=2,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "marche-de-produits-frais",
            "title": "Marché de produits frais",
            "category": Category.HIGHLIGHT,
            "audience": Audience.EVERYONE,
            "summary": "Fruits, légumes et produits des fermes voisines, devant "
            "le local, le premier samedi du mois.",
            "image": "marche",
            "body": [
                paragraph(
                    "Des producteurs des environs s'installent sur le parking "
                    "du local. Un moment pour faire ses courses à deux pas de "
                    "chez soi et croiser ses voisins."
                ),
            ],
            "schedules": [
                series(
                    "Premier samedi du mois",
                    monthly(recurrence.SA(1)),
                    time(9, 0),
                    180,
                    **{**DROP_IN, "places": 100},
                ),
            ],
        },
    ],
    # Dates: a Saturday at least ``in_days`` from the first run; a later run
    # keeps the date while it is still to come, so bookings are not moved.
    "outings": [
        {
            "slug": "journee-a-la-mer-pornic",
            "title": "Journée à la mer à Pornic",
            "summary": "Balade sur le sentier côtier, le port et le château, "
            "pique-nique face à la mer.",
            "weekday": Weekday.SATURDAY,
            "in_days": 35,
            "departure_place": "Devant le local, 2 rue des Tilleuls",
            "resource": "minibus",
            "departure_time": time(8, 30),
            "return_time": time(18, 30),
            "price_adult": "6.00",
            "price_child": "3.00",
            "deadline_days_before": 5,
            # The CCAS's minibus: eight passengers besides the driver.
            "places": 8,
            "max_places_per_booking": 4,
            "places_held_back": 2,
            "image": "mer",
            "body": [
                paragraph(
                    "Une journée pour changer d'air, en petit groupe, dans le "
                    "minibus du CCAS au départ du local. Le matin, balade sur "
                    "le sentier des douaniers ; l'après-midi, temps libre sur "
                    "le port et au pied du château."
                ),
                paragraph(
                    "Huit places seulement : les enfants voyagent avec un "
                    "adulte de leur famille. Le prix comprend le transport."
                ),
            ],
            "what_to_bring": "Un pique-nique, des vêtements adaptés à la météo "
            "et de bonnes chaussures de marche.",
        },
        {
            "slug": "sortie-au-bioparc-de-doue-la-fontaine",
            "title": "Sortie au zoo de Doué-la-Fontaine",
            "summary": "Une journée en famille au Bioparc de Doué-la-Fontaine, "
            "parmi les animaux et les anciennes carrières.",
            "weekday": Weekday.SATURDAY,
            "in_days": 100,
            "departure_place": "Devant le local, 2 rue des Tilleuls",
            "departure_time": time(9, 0),
            "return_time": time(18, 0),
            "price_adult": "10.00",
            "price_child": "5.00",
            "deadline_days_before": 7,
            "places": 40,
            "max_places_per_booking": 6,
            "places_held_back": 4,
            "image": "zoo",
            "body": [
                paragraph(
                    "Départ en car du local, visite libre du parc en petits "
                    "groupes, pique-nique ensemble le midi. Le prix comprend "
                    "le transport et l'entrée."
                ),
            ],
            "what_to_bring": "Un pique-nique, une gourde et une casquette.",
        },
    ],
    "sport_events": [
        {
            "slug": "tournoi-de-foot-inter-quartiers",
            "title": "Tournoi de foot inter-quartiers",
            "summary": "Des équipes de chaque quartier s'affrontent sur "
            "l'espace multi-sports, avec la maison des jeunes.",
            "weekday": Weekday.SATURDAY,
            "in_days": 14,
            "start_time": time(14, 0),
            "end_time": time(17, 30),
            "location": "Espace multi-sports de la cité des Tilleuls",
            "organiser": "maison-des-jeunes",
            "resource": "espace-multi-sports",
            "organisation": "Maison des jeunes de Montreuil-Juigné",
            "audience": Audience.YOUTH,
            "image": "multisports",
            "body": [
                paragraph(
                    "Équipes de cinq, matchs de dix minutes, goûter offert à "
                    "la fin. Inscription des équipes auprès de la maison des "
                    "jeunes ou au local."
                ),
            ],
        },
        {
            "slug": "initiation-basket",
            "title": "Initiation basket",
            "summary": "Les animateurs de la maison des jeunes font découvrir "
            "le basket aux 8-14 ans.",
            "weekday": Weekday.WEDNESDAY,
            "in_days": 21,
            "start_time": time(14, 0),
            "end_time": time(16, 0),
            "location": "Espace multi-sports de la cité des Tilleuls",
            "organiser": "maison-des-jeunes",
            "resource": "espace-multi-sports",
            "organisation": "Maison des jeunes de Montreuil-Juigné",
            "audience": Audience.CHILDREN,
            # Open to residents' bookings: the youth centre sees them.
            "takes_bookings": True,
            "places": 16,
            "max_places_per_booking": 3,
            "image": "multisports",
            "body": [
                paragraph(
                    "Dribbles, passes et premiers tirs, par petits groupes. "
                    "Ballons fournis ; venez en baskets. Seize places : "
                    "réservez celles de vos enfants en ligne."
                ),
            ],
        },
    ],
}

SECOND_LOCAL = {
    "slug": "local-du-val",
    "title": "Local du Val",
    "introduction": (
        "Un autre local vient d'être inauguré dans le quartier voisin du Val, "
        "qui connaît les mêmes difficultés, avec l'objectif de répéter la "
        "réussite du local des Tilleuls. Entrée libre et gratuite."
    ),
    "street_address": "14 allée du Val",
    "postcode": "49460",
    "city": "Montreuil-Juigné",
    "latitude": "47.526800",
    "longitude": "-0.619100",
    "phone": "02 41 00 00 02",
    "email": "val@viedesquartiers.example",
    "coordinator": COORDINATOR,
    "accessibility": (
        "Local au rez-de-chaussée, une marche à l'entrée : une rampe amovible "
        "est disponible, sonnez à la porte. Toilettes non adaptées."
    ),
    "image": "val",
    "body": [
        heading("Un nouveau local"),
        paragraph(
            "Le programme se construit avec vous : les ateliers sont mis en "
            "place en fonction des attentes des habitants. Passez pendant une "
            "permanence pour proposer vos idées."
        ),
    ],
    "opening_hours": [
        (Weekday.TUESDAY, time(9, 30), time(12, 0), DROP_IN_LABEL),
        (Weekday.WEDNESDAY, time(14, 0), time(17, 30), DROP_IN_LABEL),
        (Weekday.FRIDAY, time(14, 0), time(17, 30), DROP_IN_LABEL),
    ],
    "photos": ["val", "inauguration"],
    "partners": ["commune", "nos-quartiers", *FUNDERS],
    "activities": [
        {
            "slug": "permanences-d-accueil",
            "title": "Permanences d'accueil",
            "category": Category.DROP_IN,
            "audience": Audience.EVERYONE,
            "summary": "Pause café, écoute, aide aux démarches administratives "
            "et au logement, orientation vers les services adaptés.",
            "image": "cafe",
            "body": [
                paragraph(
                    "Sans rendez-vous : venez prendre un café, poser une "
                    "question ou simplement faire connaissance avec le "
                    "nouveau local."
                ),
            ],
            "schedules": [
                series(
                    "Accueil du mardi matin",
                    weekly(recurrence.TU),
                    time(9, 30),
                    150,
                    **DROP_IN,
                ),
                series(
                    "Accueil de l'après-midi",
                    weekly(recurrence.WE, recurrence.FR),
                    time(14, 0),
                    210,
                    **DROP_IN,
                ),
            ],
        },
        {
            "slug": "atelier-couture",
            "title": "Atelier couture",
            "category": Category.WORKSHOP,
            "audience": Audience.ADULTS,
            "summary": "Le premier atelier du Val, demandé par les habitantes : "
            "on apprend à coudre ensemble.",
            "image": "couture",
            "body": [
                paragraph(
                    "Retouches, ourlets et petits travaux de couture, à la "
                    "main ou à la machine. Débutantes et débutants bienvenus."
                ),
            ],
            "what_to_bring": "Vos tissus et les vêtements à retoucher.",
            "schedules": [
                series(
                    "Atelier du mardi",
                    weekly(recurrence.TU),
                    time(14, 0),
                    120,
                    places=8,
                    max_places_per_booking=1,
                    places_held_back=2,
                    **WORKSHOP,
                ),
            ],
        },
        {
            "slug": "accompagnement-scolaire",
            "title": "Accompagnement scolaire",
            "category": Category.HOMEWORK,
            "audience": Audience.CHILDREN,
            "summary": "Aide aux devoirs individuelle et hebdomadaire par des "
            "bénévoles, séances de 45 minutes à une heure.",
            "image": "scolaire",
            "body": [
                paragraph(
                    "Après l'école, un bénévole aide votre enfant, seul à "
                    "seul, chaque semaine. Pas de séance pendant les vacances "
                    "scolaires."
                ),
            ],
            "what_to_bring": "Le cahier de textes et les affaires de classe.",
            "schedules": [
                series(
                    f"{day_name} 17 h",
                    weekly(day),
                    time(17, 0),
                    50,
                    places=3,
                    max_places_per_booking=1,
                    skip_school_holidays=True,
                    **WORKSHOP,
                )
                for day_name, day in (
                    ("Mardi", recurrence.TU),
                    ("Jeudi", recurrence.TH),
                )
            ],
        },
    ],
    "outings": [],
    "sport_events": [],
}

LOCALS = [FIRST_LOCAL, SECOND_LOCAL]


# ---------------------------------------------------------------------------
# Legal, accessibility and privacy pages.


def _contact_sentence():
    return (
        f"par e-mail à {TEAM_EMAIL}, par téléphone au {TEAM_PHONE}, par "
        'le <a href="/contact/">formulaire de contact</a>, ou en passant au '
        "local pendant les permanences"
    )


STANDARD_PAGES = [
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "introduction": "Qui publie ce site, qui l'héberge, et à qui "
        "appartiennent ses contenus.",
        "body": [
            heading("Éditeur"),
            paragraph(
                "Ce site est édité par le centre communal d'action sociale "
                "(CCAS) de Montreuil-Juigné, établissement public administratif "
                "communal, 1 place de la Mairie, 49460 Montreuil-Juigné.",
                f"Téléphone : {TEAM_PHONE}. E-mail : {TEAM_EMAIL}.",
            ),
            paragraph(
                "Directeur de la publication : le président du CCAS de "
                "Montreuil-Juigné."
            ),
            heading("Hébergement"),
            paragraph(
                "Ce site est une version de démonstration, hébergée par le "
                "CCAS. Le nom et l'adresse de l'hébergeur seront indiqués ici "
                "lors de la mise en ligne."
            ),
            heading("Contenus et illustrations"),
            paragraph(
                "Les textes de ce site appartiennent au CCAS de "
                "Montreuil-Juigné ; vous pouvez les citer en indiquant leur "
                "source. Les illustrations sont des dessins de démonstration, "
                "et les pastilles des partenaires ne sont pas leurs logos "
                "officiels."
            ),
            heading("Données personnelles"),
            paragraph(
                "Ce que nous faisons de vos données quand vous réservez une "
                "place ou nous écrivez est expliqué dans la "
                '<a href="/confidentialite/">politique de confidentialité</a>.'
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "introduction": "Le CCAS de Montreuil-Juigné s'engage à rendre son site "
        "accessible, conformément à l'article 47 de la loi n° 2005-102 du "
        "11 février 2005.",
        "body": [
            paragraph(
                "Cette déclaration d'accessibilité s'applique au site Vie des "
                "quartiers."
            ),
            heading("État de conformité"),
            paragraph(
                "Le site Vie des quartiers est <b>non conforme</b> au référentiel "
                "général d'amélioration de l'accessibilité (RGAA), version "
                "4.1.2 : il n'a pas encore fait l'objet d'un audit de "
                "conformité, ce qui impose de le déclarer non conforme."
            ),
            paragraph(
                "En attendant cet audit, chaque page est vérifiée "
                "automatiquement avec l'outil axe au regard des critères WCAG "
                "2.1 de niveaux A et AA, et toutes les pages, réservation "
                "comprise, fonctionnent sans JavaScript."
            ),
            heading("Contenus non accessibles"),
            paragraph(
                "Les documents ajoutés par l'équipe (affiches, programmes en "
                "PDF) peuvent ne pas être accessibles. Leur contenu est repris "
                "dans les pages du site ; sinon, demandez-le nous sous une "
                "autre forme."
            ),
            heading("Établissement de cette déclaration"),
            paragraph(
                "Cette déclaration a été établie à la mise en ligne du site de "
                "démonstration. Elle sera mise à jour après l'audit."
            ),
            bullets(
                "Technologies utilisées : HTML, CSS et, sans qu'il soit "
                "nécessaire, JavaScript.",
                "Vérifications automatiques : navigateur Chromium et outil axe-core.",
            ),
            heading("Retour d'information et contact"),
            paragraph(
                "Si vous n'arrivez pas à accéder à un contenu ou à un service, "
                "contactez-nous pour être orienté vers une alternative "
                f"accessible ou obtenir le contenu sous une autre forme : "
                f"{_contact_sentence()}."
            ),
            heading("Voies de recours"),
            paragraph(
                "Si vous avez signalé au responsable du site un défaut "
                "d'accessibilité qui vous empêche d'accéder à un contenu ou à "
                "un service et que vous n'avez pas obtenu de réponse "
                "satisfaisante, vous pouvez :"
            ),
            bullets(
                "écrire un message au Défenseur des droits, par le "
                '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire '
                "en ligne</a> ;",
                "contacter le délégué du Défenseur des droits dans votre "
                'région (<a href="https://www.defenseurdesdroits.fr/saisir/'
                'delegues">liste des délégués</a>) ;',
                "envoyer un courrier par la poste (gratuit, ne pas mettre de "
                "timbre) : Défenseur des droits, Libre réponse 71120, "
                "75342 Paris CEDEX 07.",
            ),
        ],
    },
    {
        "slug": "confidentialite",
        "title": "Politique de confidentialité",
        "introduction": "Quelles données nous recueillons quand vous réservez "
        "une place ou nous écrivez, pourquoi, combien de temps nous les "
        "gardons, et vos droits.",
        "body": [
            heading("Qui est responsable de vos données"),
            paragraph(
                "Le CCAS de Montreuil-Juigné, représenté par son président, "
                "1 place de la Mairie, 49460 Montreuil-Juigné, est responsable "
                "des données recueillies sur ce site."
            ),
            heading("Quelles données"),
            paragraph(
                "Vous n'avez pas besoin de créer de compte. Quand vous "
                "réservez une place à un atelier, une séance ou une sortie, "
                "nous recueillons :"
            ),
            bullets(
                "votre nom ;",
                "votre numéro de téléphone et/ou votre adresse e-mail, pour "
                "vous prévenir ;",
                "le nombre de personnes (adultes et enfants) ;",
                "la remarque que vous ajoutez, si vous en écrivez une ;",
                "la date de votre accord, puis votre présence ou votre absence "
                "le jour même, notée par l'équipe sur la feuille d'émargement.",
            ),
            paragraph(
                "Quand vous remplissez le formulaire « Proposez un atelier » "
                "ou le formulaire de contact, nous gardons ce que vous y "
                "écrivez."
            ),
            heading("Pourquoi"),
            bullets(
                "gérer votre réservation et la liste d'attente ;",
                "vous confirmer votre place et vous prévenir d'un changement "
                "ou d'une annulation, par e-mail ou par téléphone ;",
                "préparer la feuille d'émargement ;",
                "établir le bilan annuel remis aux financeurs, qui ne contient "
                "que des chiffres, jamais de noms ;",
                "répondre à vos messages.",
            ),
            paragraph(
                "Ces traitements relèvent de la mission d'intérêt public "
                "d'action sociale du CCAS (article 6.1.e du règlement général "
                "sur la protection des données). Vos données ne sont ni "
                "vendues ni transmises à d'autres organismes."
            ),
            heading("Qui y a accès"),
            paragraph(
                "Seules les personnes de l'équipe du CCAS chargées des "
                "réservations voient vos coordonnées. Les bénévoles qui "
                "mettent à jour les pages du site n'y ont pas accès."
            ),
            heading("Combien de temps"),
            paragraph(
                "Les coordonnées données pour une réservation sont effacées "
                "après la séance ou la sortie, dans le délai dit plus bas ; "
                "seuls restent des chiffres pour les bilans. Les messages des "
                "formulaires sont gardés un an."
            ),
            heading("Cookies"),
            paragraph(
                "Ce site ne dépose aucun cookie de mesure d'audience ni de "
                "publicité. Il utilise seulement des cookies techniques, "
                "nécessaires à la sécurité des formulaires et à la connexion "
                "de l'équipe. Pour limiter les abus, l'adresse IP d'où part "
                "une réservation est gardée une dizaine de minutes."
            ),
            heading("Vos droits"),
            paragraph(
                "Vous pouvez consulter, corriger ou faire effacer vos "
                "données, et vous opposer à leur utilisation ou la faire "
                f"limiter : {_contact_sentence()}. Vous pouvez aussi annuler "
                "une réservation avec le lien reçu au moment de réserver."
            ),
            paragraph(
                "Si vous estimez que vos droits ne sont pas respectés, vous "
                "pouvez adresser une réclamation à la CNIL "
                '(<a href="https://www.cnil.fr/">www.cnil.fr</a>).'
            ),
        ],
    },
]


# ---------------------------------------------------------------------------
# Form pages. Field rows: (label, type, required, choices, help text).

ANY_LOCAL = "Peu importe"
LOCAL_CHOICES = "\n".join([ANY_LOCAL, *(local["title"] for local in LOCALS)])

FORM_PAGES = [
    {
        "slug": "proposez-un-atelier",
        "title": "Proposez un atelier",
        "introduction": (
            "<p>Les ateliers sont mis en place en fonction des attentes des "
            "habitants. Vous avez une idée, un savoir-faire à partager, une "
            "envie ? Dites-le nous : la coordinatrice vous recontacte.</p>"
        ),
        "thank_you_text": (
            "<p>Merci pour votre idée ! La coordinatrice vous recontacte "
            "bientôt, par téléphone ou par e-mail.</p>"
        ),
        "subject": "Vie des quartiers : une idée d'atelier",
        "fields": [
            ("Prénom et nom", "singleline", True, "", ""),
            (
                "Téléphone ou e-mail",
                "singleline",
                True,
                "",
                "Pour que nous puissions vous répondre.",
            ),
            ("Votre idée d'atelier", "multiline", True, "", ""),
            (
                "Quand seriez-vous disponible ?",
                "checkboxes",
                False,
                "Le matin\nL'après-midi\nLe soir\nLe samedi",
                "",
            ),
            ("Local", "dropdown", False, LOCAL_CHOICES, "Le local le plus proche."),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact",
        "introduction": (
            "<p>Une question, une difficulté, une suggestion ? Écrivez-nous : "
            "nous vous répondons, ou nous vous rappelons si vous préférez. Vous "
            f"pouvez aussi téléphoner au {TEAM_PHONE} ou passer au local "
            "pendant les permanences.</p>"
        ),
        "thank_you_text": "<p>Merci, votre message est bien arrivé. Nous vous "
        "répondons dans les meilleurs délais.</p>",
        "subject": "Vie des quartiers : message du formulaire de contact",
        "fields": [
            ("Prénom et nom", "singleline", True, "", ""),
            (
                "Téléphone ou e-mail",
                "singleline",
                True,
                "",
                "Pour que nous puissions vous répondre.",
            ),
            ("Votre message", "multiline", True, "", ""),
            ("Local", "dropdown", False, LOCAL_CHOICES, ""),
        ],
    },
]
