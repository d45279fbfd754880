"""Realistic demo data for a Belgrade family venue, loaded idempotently.

Every row is found by its natural key first (email, slug, section, booking reference,
package category and name), so loading twice creates nothing the second time. Variety
comes from index arithmetic, never from `random`: the same day gives the same data.
Dates are relative to the day of loading: a year of history and the coming weeks.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import structlog
from sqlmodel import Session, func, select

from xplorium.constants import (
    CURRENCY,
    PRIVACY_POLICY_VERSION,
    SLOT_MINUTES,
)
from xplorium.db import session_scope
from xplorium.models import (
    Booking,
    ContentVersion,
    Event,
    EventRegistration,
    InventoryItem,
    LoyaltyTransaction,
    MaintenanceJob,
    PricingPackage,
    Room,
    SiteContent,
    StockMovement,
    User,
    VenueSettings,
    WaiverVersion,
)
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    AuditAction,
    BookingStatus,
    BookingType,
    ContactMethod,
    ContentSection,
    ContentStatus,
    EventStatus,
    HoldKind,
    HoldMode,
    PricingCategory,
    PublishStatus,
    RegistrationStatus,
    Role,
)
from xplorium.models.settings import DEFAULT_OPENING_HOURS
from xplorium.services import audit, catalog, clock, loyalty, rooms
from xplorium.services.bookings import places
from xplorium.services.bookings.rules import TYPE_CATEGORY
from xplorium.services.context import SYSTEM
from xplorium.services.errors import ValidationFailed
from xplorium.services.security import (
    generate_password,
    generate_token,
    hash_password,
    hash_token,
    password_problem,
)
from xplorium.services.venue import load_settings

log = structlog.get_logger(__name__)

DEFAULT_ADMIN_EMAIL = "admin@xplorium.rs"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

# --- venue -------------------------------------------------------------------------------------

SETTINGS = {
    "opening_hours": DEFAULT_OPENING_HOURS,
    "buffer_minutes": 45,
    "booking_rate_limit": 10,
    "points_per_100_rsd": 1,
    "contact_phone": "+381 11 414 2020",
    "contact_email": "info@xplorium.rs",
    "address": "Bulevar Mihajla Pupina 85, Novi Beograd",
    # A made-up account whose control digits are right, so the demo's IPS QR codes scan.
    "deposit_account": "160000000012345654",
    "deposit_payee": "Xplorium doo, Novi Beograd",
    "deposit_purpose": "Depozit za rodjendan",
}
# Parties ask for a deposit of this share of the price when approved.
DEMO_PARTY_DEPOSIT_PERCENT = 30

# The demo's waiver, version 1, in both languages.
WAIVER_SR = """Izjava roditelja ili staratelja

Potvrđujem da sam roditelj ili staratelj deteta navedenog u ovoj prijavi i da je dete zdravo i \
sposobno da učestvuje u igri u igraonici i senzornoj sobi Xplorium-a.

Upoznat sam sa pravilima kuće: deca borave u igraonici u čarapama, ne unose hranu ni piće u prostor \
za igru i slušaju uputstva animatora. Dete mlađe od četiri godine je sve vreme uz odraslu osobu.

Razumem da igra uključuje penjanje, skakanje i trčanje i da se, i pored nadzora osoblja, mogu \
dogoditi manje povrede. Xplorium odgovara za štetu nastalu njegovom krivicom; za ostalo odgovara \
roditelj ili staratelj. Osoblje sme da pruži prvu pomoć i da me odmah pozove na navedeni kontakt.

Podaci o alergijama i ishrani koje sam naveo su tačni i služe samo za pripremu hrane na proslavi.

Ova izjava važi godinu dana za sve posete ovog deteta, dok Xplorium ne objavi novu verziju."""
WAIVER_EN = """Parent or guardian's declaration

I confirm that I am the parent or guardian of the child named in this answer, and that the child \
is well and able to take part in play in Xplorium's playroom and sensory room.

I know the house rules: children play in socks, bring no food or drink into the play area and \
follow the hosts' instructions. A child under four is with an adult at all times.

I understand that play includes climbing, jumping and running, and that minor injuries can happen \
despite the staff's supervision. Xplorium is liable for harm caused by its fault; otherwise the \
parent or guardian is. The staff may give first aid and will call me at once on the contact given.

The allergies and dietary needs I gave are true and are used only to prepare the party's food.

This declaration is valid for a year for all of this child's visits, until Xplorium publishes a new version."""

# --- pricing: (category, name, amount, unit, features, description, popular, status) ------------

PACKAGES = (
    (
        PricingCategory.PLAYGROUND,
        "Playroom visit",
        "700",
        "per_child",
        ["Two hours of play", "Supervised by trained staff", "Socks included"],
        "Climbing frame, slides and the ball pit for children aged 1–10.",
        True,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.PLAYGROUND,
        "Private playroom hire",
        "6500",
        "per_hour",
        ["The whole playroom for your group", "Up to 20 children", "Two staff members"],
        "Kindergarten groups, play dates and family gatherings.",
        False,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.PLAYGROUND,
        "Ten-visit card",
        "6000",
        "per_child",
        ["Ten visits for the price of 8.5", "Valid for six months"],
        "For regulars: pay once, play ten times.",
        False,
        PublishStatus.DRAFT,
    ),
    (
        PricingCategory.SENSORY_ROOM,
        "Sensory session",
        "900",
        "per_child",
        ["45 minutes in the sensory room", "Light, sound and texture stations", "A parent stays free"],
        "A calm, guided session designed with occupational therapists.",
        True,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.SENSORY_ROOM,
        "Family sensory hour",
        "2400",
        "per_hour",
        ["The room for your family only", "Up to 4 children", "Dimmable light programmes"],
        "Quiet time together, at your child's own pace.",
        False,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.SENSORY_ROOM,
        "Therapist-led programme",
        "2500",
        "per_child",
        ["Individual plan", "Session notes for parents"],
        "Weekly sessions with a certified therapist (coming soon).",
        False,
        PublishStatus.DRAFT,
    ),
    (
        PricingCategory.CAFE,
        "Coffee & play",
        "450",
        "per_person",
        ["Any hot drink", "A juice for the child", "Table by the playroom window"],
        "Relax with a coffee while the children play within sight.",
        True,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.CAFE,
        "Family breakfast",
        "950",
        "per_person",
        ["Breakfast plate", "Coffee or tea", "Kids' pancakes"],
        "Weekend breakfast, served 10:00–12:00.",
        False,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.PARTY,
        "Classic birthday",
        "1500",
        "per_child",
        ["2.5 hours in the party room and playroom", "Party host", "Juice and snacks", "Invitations"],
        "Everything a great birthday needs, from 8 children.",
        False,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.PARTY,
        "Themed birthday",
        "2100",
        "per_child",
        ["Theme decorations", "Animator in costume", "Pizza and juice", "Birthday cake"],
        "Superheroes, princesses, dinosaurs or space: the child chooses.",
        True,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.PARTY,
        "All-inclusive party",
        "2900",
        "per_child",
        ["Exclusive venue use", "Two animators", "Catering for parents", "Photographer"],
        "The whole venue, food for children and adults, photos to keep.",
        False,
        PublishStatus.PUBLISHED,
    ),
    (
        PricingCategory.PARTY,
        "Weekend mega party",
        "3400",
        "per_child",
        ["Saturday evening slot", "Disco and magic show"],
        "Planned for the spring season.",
        False,
        PublishStatus.DRAFT,
    ),
)

# The Serbian name and description of each package above (the texts parents read first);
# the English ones above are its English texts.
PACKAGES_SR = {
    "Playroom visit": ("Igraonica", "Penjalica, tobogani i bazen s lopticama za decu od 1 do 10 godina."),
    "Private playroom hire": (
        "Cela igraonica samo za vas",
        "Za vrtićke grupe, druženja drugara i porodična okupljanja.",
    ),
    "Ten-visit card": (
        "Kartica za deset dolazaka",
        "Za stalne goste: platite jednom, igrajte se deset puta.",
    ),
    "Sensory session": (
        "Senzorna radionica",
        "Mirna, vođena radionica osmišljena sa radnim terapeutima.",
    ),
    "Family sensory hour": ("Porodični sat u senzornoj sobi", "Mirno vreme zajedno, tempom vašeg deteta."),
    "Therapist-led programme": (
        "Program sa terapeutom",
        "Nedeljni termini sa sertifikovanim terapeutom (uskoro).",
    ),
    "Coffee & play": ("Kafa i igra", "Opustite se uz kafu dok se deca igraju nadomak vašeg stola."),
    "Family breakfast": ("Porodični doručak", "Vikend doručak, služi se od 10:00 do 12:00."),
    "Classic birthday": ("Klasičan rođendan", "Sve što je potrebno za lep rođendan, od 8 dece."),
    "Themed birthday": (
        "Tematski rođendan",
        "Superheroji, princeze, dinosaurusi ili svemir: dete bira.",
    ),
    "All-inclusive party": (
        "Rođendan sa svim uključenim",
        "Ceo prostor, hrana za decu i odrasle i fotografije za uspomenu.",
    ),
    "Weekend mega party": ("Vikend mega žurka", "Planirano za prolećnu sezonu."),
}

# --- events: (slug, title, day offset, start, end, category, theme, capacity, price, tags, status) -

# fmt: off
# A table reads better one row per event.
EVENTS = (
    ("pidzama-zurka", "Pyjama party", 5, "18:00", "20:30", "Party", "Pyjamas", 20, "1200", ["kids", "evening"], EventStatus.PUBLISHED),
    ("mali-naucnici", "Little scientists: slime lab", 9, "11:00", "12:30", "Workshop", "Science", 12, "1500", ["workshop", "ages 5-10"], EventStatus.PUBLISHED),
    ("senzorno-jutro-za-bebe", "Sensory morning for babies", 12, "10:00", "11:00", "Sensory", "Calm", 8, "900", ["babies", "sensory"], EventStatus.PUBLISHED),
    ("pozoriste-lutaka", "Puppet theatre: The Brave Hedgehog", 16, "17:00", "18:00", "Show", "Theatre", 40, "600", ["show", "family"], EventStatus.PUBLISHED),
    ("radionica-kolaca", "Cookie baking workshop", 23, "11:00", "13:00", "Workshop", "Cooking", 14, "1400", ["workshop", "food"], EventStatus.PUBLISHED),
    ("porodicni-kviz", "Family quiz night", 30, "18:30", "20:30", "Quiz", "Family", 30, "500", ["parents", "evening"], EventStatus.PUBLISHED),
    ("novogodisnja-zurka", "New Year party for children", 44, "16:00", "19:00", "Party", "Winter", 50, "1800", ["holiday", "kids"], EventStatus.DRAFT),
    ("maskenbal", "Costume ball", -40, "17:00", "19:30", "Party", "Costumes", 35, "1000", ["kids", "costumes"], EventStatus.COMPLETED),
    ("joga-za-decu", "Yoga for children", -75, "10:00", "11:00", "Workshop", "Movement", 12, "800", ["movement", "ages 4-8"], EventStatus.COMPLETED),
)
# fmt: on

EVENT_DESCRIPTIONS = {
    "Party": "An evening of games, music and dancing with our animators. Snacks and juice included.",
    "Workshop": "A hands-on workshop in small groups; every child takes their creation home.",
    "Sensory": "Soft light, gentle music and textures for babies aged 6–24 months and a parent.",
    "Show": "A puppet show for the whole family, followed by meeting the puppets.",
    "Quiz": "Teams of parents and children answer questions about books, films and nature.",
}

# The Serbian title of each event above (by slug) and description (by category).
EVENT_TITLES_SR = {
    "pidzama-zurka": "Pidžama žurka",
    "mali-naucnici": "Mali naučnici: laboratorija sluzi",
    "senzorno-jutro-za-bebe": "Senzorno jutro za bebe",
    "pozoriste-lutaka": "Pozorište lutaka: Hrabri ježić",
    "radionica-kolaca": "Radionica pečenja kolačića",
    "porodicni-kviz": "Porodično kviz veče",
    "novogodisnja-zurka": "Novogodišnja žurka za decu",
    "maskenbal": "Maskenbal",
    "joga-za-decu": "Joga za decu",
}
EVENT_DESCRIPTIONS_SR = {
    "Party": "Veče igara, muzike i plesa sa našim animatorima. Grickalice i sok su uključeni.",
    "Workshop": "Radionica u malim grupama; svako dete nosi svoju kreaciju kući.",
    "Sensory": "Meko svetlo, nežna muzika i teksture za bebe od 6 do 24 meseca i jednog roditelja.",
    "Show": "Lutkarska predstava za celu porodicu, a posle nje upoznavanje sa lutkama.",
    "Quiz": "Timovi roditelja i dece odgovaraju na pitanja o knjigama, filmovima i prirodi.",
}

C, W = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED
# Registrations per event slug: (customer index, guests, status), in registration order.
REGISTRATIONS = {
    "pidzama-zurka": [(0, 2, C), (3, 3, C), (6, 2, C), (9, 1, C), (12, 2, C), (15, 3, C)],
    "mali-naucnici": [(1, 3, C), (4, 3, C), (7, 2, C), (10, 4, C), (13, 2, W), (16, 1, W)],
    "senzorno-jutro-za-bebe": [(2, 1, C), (5, 1, C), (8, 1, C)],
    "pozoriste-lutaka": [(11, 4, C), (14, 3, C), (17, 2, C), (20, 5, C)],
    "maskenbal": [(0, 2, C), (1, 2, C), (2, 3, C), (18, 2, C), (21, 1, C)],
}

# --- content ------------------------------------------------------------------------------------

CONTENT = {
    ContentSection.HOME: (
        "Home",
        {
            "headline": "Play, relax and celebrate at Xplorium",
            "intro": "A cafe for parents, a sensory room and an indoor playroom for children in Novi Beograd.",
            "paragraphs": [
                "Xplorium is a family venue built around one idea: children play, parents rest, "
                "and everyone leaves happier than they came.",
                "Our trained staff supervise the playroom, our sensory room was designed with "
                "therapists, and our birthday parties are planned down to the last balloon.",
            ],
            "highlights": ["Supervised play", "Free parking", "Birthday parties for 5–50 guests"],
            "items": [],
        },
    ),
    ContentSection.CAFE: (
        "Cafe",
        {
            "headline": "The cafe: good coffee, within sight of the playroom",
            "intro": "Sit by the big window while the children play, with specialty coffee and fresh food.",
            "paragraphs": [
                "Our beans come from a small Belgrade roastery. Milk alternatives are always available.",
                "The kitchen prepares children's meals without added sugar, and tells you every allergen.",
            ],
            "highlights": ["Specialty coffee", "Kids' menu", "Allergen information", "High chairs"],
            "items": [
                {"name": "Espresso", "description": "Single origin, roasted in Belgrade", "price": "180"},
                {"name": "Cappuccino", "description": "With cow's, oat or almond milk", "price": "250"},
                {"name": "Domaća limunada", "description": "Homemade lemonade with mint", "price": "290"},
                {"name": "Fresh orange juice", "description": "0.25 l, squeezed to order", "price": "320"},
                {"name": "Kids' pancakes", "description": "With jam, honey or Nutella", "price": "380"},
                {
                    "name": "Toast with ham and cheese",
                    "description": "With a side of vegetables",
                    "price": "420",
                },
                {"name": "Breakfast plate", "description": "Eggs, cheese, ajvar and bread", "price": "690"},
                {"name": "Chicken wrap", "description": "With yoghurt sauce and salad", "price": "740"},
                {"name": "Cake of the day", "description": "Ask our staff what is fresh", "price": "350"},
            ],
        },
    ),
    ContentSection.SENSORY: (
        "Sensory room",
        {
            "headline": "A calm place to discover the senses",
            "intro": "Light, sound and touch stations, designed with occupational therapists for ages 1–8.",
            "paragraphs": [
                "The sensory room helps children regulate, focus and explore at their own pace. "
                "Sessions are small, and a parent always stays with the child.",
                "Bubble tubes, a fibre-optic curtain, a soft play corner and an interactive floor "
                "projector can each be dimmed or switched off for sensitive children.",
            ],
            "highlights": ["Small groups", "Designed with therapists", "Suitable for autistic children"],
            "items": [],
        },
    ),
    ContentSection.IGRAONICA: (
        "Playroom",
        {
            "headline": "The igraonica: climb, slide and jump",
            "intro": "A three-level climbing frame, slides, a ball pit and a toddler corner.",
            "paragraphs": [
                "The playroom is cleaned every day and disinfected every week. Children play in socks; "
                "we have spares.",
                "Trained staff supervise at all times, so parents can relax in the cafe next door.",
            ],
            "highlights": ["Ages 1–10", "Toddler corner", "Staff on the floor at all times"],
            "items": [],
        },
    ),
    ContentSection.HOURS: (
        "Opening hours",
        {
            "headline": "When we are open",
            "intro": "Open every day of the week; on public holidays we post our hours on this page.",
            "paragraphs": [
                "Birthday parties can start from opening time; the last playroom entry is one hour before closing."
            ],
            "highlights": ["Open 7 days a week", "Parties from opening time"],
            "items": [],
        },
    ),
    ContentSection.CONTACT: (
        "Contact",
        {
            "headline": "Find us in Novi Beograd",
            "intro": "Bulevar Mihajla Pupina 85, next to the park, with free parking for guests.",
            "paragraphs": [
                "Call or write to us for party planning, group visits or anything else. "
                "We answer emails within one working day.",
                "Buses 16, 65 and 67 stop right in front of the venue.",
            ],
            "highlights": ["Free parking", "Pram and wheelchair access"],
            "items": [],
        },
    ),
}

# The Serbian version of each section (what parents read first); CONTENT above is the English one.
CONTENT_SR = {
    ContentSection.HOME: (
        "Početna",
        {
            "headline": "Igra, odmor i proslave u Xploriumu",
            "intro": "Kafić za roditelje, senzorna soba i igraonica za decu u Novom Beogradu.",
            "paragraphs": [
                "Xplorium je porodično mesto nastalo oko jedne ideje: deca se igraju, roditelji se "
                "odmaraju, a svi odlaze srećniji nego što su došli.",
                "Naše obučeno osoblje pazi na decu u igraonici, senzornu sobu smo osmislili sa "
                "terapeutima, a rođendane planiramo do poslednjeg balona.",
            ],
            "highlights": ["Igra pod nadzorom", "Besplatan parking", "Rođendani za 5 do 50 gostiju"],
            "items": [],
        },
    ),
    ContentSection.CAFE: (
        "Kafić",
        {
            "headline": "Kafić: dobra kafa, a igraonica na vidiku",
            "intro": "Sedite pored velikog prozora dok se deca igraju, uz specijalnu kafu i svežu hranu.",
            "paragraphs": [
                "Zrna kafe stižu iz male beogradske pržionice. Biljno mleko uvek imamo.",
                "Kuhinja sprema dečje obroke bez dodatog šećera i za svako jelo kaže koje alergene sadrži.",
            ],
            "highlights": ["Specijalna kafa", "Dečji meni", "Podaci o alergenima", "Stolice za bebe"],
            "items": [
                {"name": "Espreso", "description": "Jedno poreklo, pržen u Beogradu", "price": "180"},
                {
                    "name": "Kapućino",
                    "description": "Sa kravljim, ovsenim ili bademovim mlekom",
                    "price": "250",
                },
                {"name": "Domaća limunada", "description": "Domaća limunada sa nanom", "price": "290"},
                {"name": "Ceđena pomorandža", "description": "0,25 l, ceđena na licu mesta", "price": "320"},
                {"name": "Dečje palačinke", "description": "Sa džemom, medom ili nutelom", "price": "380"},
                {"name": "Tost sa šunkom i sirom", "description": "Uz prilog od povrća", "price": "420"},
                {"name": "Doručak tanjir", "description": "Jaja, sir, ajvar i hleb", "price": "690"},
                {"name": "Pileći rap", "description": "Sa sosom od jogurta i salatom", "price": "740"},
                {"name": "Kolač dana", "description": "Pitajte osoblje šta je danas sveže", "price": "350"},
            ],
        },
    ),
    ContentSection.SENSORY: (
        "Senzorna soba",
        {
            "headline": "Mirno mesto za otkrivanje čula",
            "intro": "Kutci za svetlo, zvuk i dodir, osmišljeni sa radnim terapeutima, za uzrast od 1 do 8 godina.",
            "paragraphs": [
                "Senzorna soba pomaže deci da se smire, usredsrede i istražuju svojim tempom. "
                "Grupe su male, a roditelj uvek ostaje uz dete.",
                "Stubovi sa mehurićima, zavesa od optičkih vlakana, mekani kutak i interaktivni "
                "projektor na podu mogu se prigušiti ili isključiti za osetljivu decu.",
            ],
            "highlights": ["Male grupe", "Osmišljeno sa terapeutima", "Prilagođeno deci sa autizmom"],
            "items": [],
        },
    ),
    ContentSection.IGRAONICA: (
        "Igraonica",
        {
            "headline": "Igraonica: penji se, spuštaj i skači",
            "intro": "Penjalica na tri nivoa, tobogani, bazen s lopticama i kutak za najmlađe.",
            "paragraphs": [
                "Igraonicu čistimo svaki dan, a dezinfikujemo svake nedelje. Deca se igraju u "
                "čarapama; imamo rezervne.",
                "Obučeno osoblje je stalno uz decu, pa roditelji mogu da se opuste u kafiću pored.",
            ],
            "highlights": ["Od 1 do 10 godina", "Kutak za najmlađe", "Osoblje uvek u igraonici"],
            "items": [],
        },
    ),
    ContentSection.HOURS: (
        "Radno vreme",
        {
            "headline": "Kada radimo",
            "intro": "Radimo svakog dana u nedelji; za državne praznike radno vreme objavljujemo na ovoj stranici.",
            "paragraphs": [
                "Rođendani mogu da počnu od otvaranja; poslednji ulazak u igraonicu je sat vremena pre zatvaranja."
            ],
            "highlights": ["Radimo 7 dana u nedelji", "Rođendani od otvaranja"],
            "items": [],
        },
    ),
    ContentSection.CONTACT: (
        "Kontakt",
        {
            "headline": "Nađite nas u Novom Beogradu",
            "intro": "Bulevar Mihajla Pupina 85, pored parka, sa besplatnim parkingom za goste.",
            "paragraphs": [
                "Pozovite nas ili nam pišite za organizaciju rođendana, grupne posete ili bilo šta drugo. "
                "Na mejlove odgovaramo u roku od jednog radnog dana.",
                "Autobusi 16, 65 i 67 staju ispred samog ulaza.",
            ],
            "highlights": ["Besplatan parking", "Pristup za kolica i invalidska kolica"],
            "items": [],
        },
    ),
}

# --- customers: (name, email local part) --------------------------------------------------------

CUSTOMERS = (
    ("Ana Petrović", "ana.petrovic"),
    ("Marko Jovanović", "marko.jovanovic"),
    ("Jelena Nikolić", "jelena.nikolic"),
    ("Stefan Ilić", "stefan.ilic"),
    ("Milica Đorđević", "milica.djordjevic"),
    ("Nikola Stojanović", "nikola.stojanovic"),
    ("Ivana Pavlović", "ivana.pavlovic"),
    ("Luka Marković", "luka.markovic"),
    ("Tijana Popović", "tijana.popovic"),
    ("Aleksandar Živković", "aleksandar.zivkovic"),
    ("Jovana Kostić", "jovana.kostic"),
    ("Miloš Todorović", "milos.todorovic"),
    ("Marija Stanković", "marija.stankovic"),
    ("Dušan Milošević", "dusan.milosevic"),
    ("Teodora Ristić", "teodora.ristic"),
    ("Nemanja Lazić", "nemanja.lazic"),
    ("Katarina Simić", "katarina.simic"),
    ("Vuk Obradović", "vuk.obradovic"),
    ("Sara Mitrović", "sara.mitrovic"),
    ("Filip Radovanović", "filip.radovanovic"),
    ("Anđela Vasić", "andjela.vasic"),
    ("Uroš Tomić", "uros.tomic"),
    ("Nina Kovačević", "nina.kovacevic"),
    ("Đorđe Savić", "djordje.savic"),
    ("Mina Janković", "mina.jankovic"),
)
CUSTOMER_DOMAIN = "example.com"
CHILD_NAMES = ("Lena", "Vuk", "Mia", "Pavle", "Sofija", "Lazar", "Dunja", "Andrej", "Iva", "Relja")
CUSTOMER_NOTES = ("", "Prefers morning slots.", "Child has a nut allergy.", "", "Twins; book two places.")
# Manual bonuses a manager gave, so that every tier has members: (customer index, points the
# customer should reach, reason); the bonus is whatever their completed bookings left to reach it.
LOYALTY_TARGETS = (
    (0, 10450, "Founding family: welcome bonus"),
    (1, 6800, "Founding family: welcome bonus"),
    (2, 3400, "Compensation for a cancelled party"),
    (3, 3150, "Referral of five families"),
    (5, 1350, "Referral of three families"),
    (6, 1100, "Referral of two families"),
)

# --- bookings ------------------------------------------------------------------------------------

PAST_BOOKINGS = 66
FUTURE_BOOKINGS = 14
HISTORY_DAYS = 362
# (duration in minutes, guest count range) per type, within the booking rules' limits.
TYPE_SHAPE = {
    BookingType.CAFE: (90, (2, 6)),
    BookingType.SENSORY_ROOM: (60, (1, 4)),
    BookingType.PLAYGROUND: (120, (3, 12)),
    BookingType.PARTY: (150, (8, 30)),
    BookingType.EVENT: (180, (10, 40)),
}
TYPE_PATTERN = (
    BookingType.PARTY,
    BookingType.PLAYGROUND,
    BookingType.SENSORY_ROOM,
    BookingType.CAFE,
    BookingType.PARTY,
    BookingType.PLAYGROUND,
    BookingType.SENSORY_ROOM,
    BookingType.PARTY,
    BookingType.CAFE,
    BookingType.EVENT,
)
START_TIMES = ("10:00", "13:00", "16:00")
# Private events (company family days, kindergarten outings) are priced per person.
EVENT_PRICE_PER_PERSON = Decimal("1200")
# What each package holds: (room slug, hold mode); the rooms are rooms.DEFAULT_ROOMS.
PACKAGE_HOLDS = {
    "Playroom visit": ("playroom", HoldMode.PLACES),
    "Private playroom hire": ("playroom", HoldMode.WHOLE),
    "Ten-visit card": ("playroom", HoldMode.PLACES),
    "Sensory session": ("sensory_room", HoldMode.PLACES),
    "Family sensory hour": ("sensory_room", HoldMode.PLACES),
    "Therapist-led programme": ("sensory_room", HoldMode.WHOLE),
    "Coffee & play": ("cafe", HoldMode.PLACES),
    "Family breakfast": ("cafe", HoldMode.PLACES),
}
PARTY_HOLD = ("party_room", HoldMode.WHOLE)
REJECT_REASONS = (
    "The party room is closed for maintenance that day.",
    "We cannot host a group of this size at that time.",
)
SPECIAL_REQUESTS = ("", "A high chair, please.", "", "Gluten-free snacks for one child.", "")


@dataclass
class DemoSummary:
    created: dict[str, int] = field(default_factory=dict)
    admin_email: str = ""
    # Set only when this run created the admin with a generated password.
    admin_password: str | None = None

    def add(self, kind: str, count: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + count


@dataclass(frozen=True)
class PlannedBooking:
    index: int
    reference: str
    type: BookingType
    starts_at: datetime
    duration: int
    guests: int
    status: BookingStatus
    customer: int


def load_demo_data(
    admin_email: str | None = None, admin_password: str | None = None, today: date | None = None
) -> DemoSummary:
    """Load everything that is missing, in one transaction; returns what was created."""
    email = (admin_email or DEFAULT_ADMIN_EMAIL).strip().lower()
    if admin_password is not None and (problem := password_problem(admin_password)):
        raise ValidationFailed({"XP_ADMIN_PASSWORD": problem})
    today = today or clock.today()
    summary = DemoSummary(admin_email=email)
    with session_scope() as session:
        settings_row = _settings(session, summary)
        admin = _admin(session, summary, email, admin_password)
        room_rows = rooms.create_default_rooms(session)
        packages = _packages(session, summary, room_rows)
        customers = _customers(session, summary, today)
        _events(session, summary, today, customers)
        _content(session, summary, admin.id)
        _waiver(session, summary)
        _inventory(session, summary, admin.id)
        _maintenance(session, summary, today, room_rows, admin.id)
        room_dicts = {room.id: rooms.room_dict(room) for room in room_rows.values()}
        _bookings(session, summary, today, customers, packages, room_dicts, settings_row, admin.id)
        if summary.created.get("bookings"):
            _sync_customer_totals(session, list(customers.values()))
        if summary.created:
            audit.record(session, SYSTEM, AuditAction.IMPORT, "demo_data", None, summary.created)
    # Pages may have cached the empty catalog before the demo data existed.
    rooms.invalidate_rooms()
    catalog.invalidate_pricing()
    catalog.invalidate_events(*(slug for slug, *_ in EVENTS))
    catalog.invalidate_settings()
    for section in ContentSection:
        catalog.invalidate_content(section)
    log.info("demo_data_loaded", created=summary.created)
    return summary


def _settings(session: Session, summary: DemoSummary) -> VenueSettings:
    # An existing row may hold the staff's own settings; those are kept.
    if session.get(VenueSettings, 1) is None:
        session.add(VenueSettings(id=1, **SETTINGS))
        session.flush()
        summary.add("settings")
    return load_settings(session)


def _waiver(session: Session, summary: DemoSummary) -> None:
    if session.exec(select(WaiverVersion)).first() is None:
        session.add(WaiverVersion(number=1, body_sr=WAIVER_SR, body_en=WAIVER_EN))
        session.flush()
        summary.add("waiver_versions")


def _admin(session: Session, summary: DemoSummary, email: str, password: str | None) -> User:
    admin = session.exec(select(User).where(User.email == email)).first()
    if admin is not None:
        return admin
    generated = password is None
    password = password or generate_password()
    admin = User(
        email=email,
        name="Xplorium Admin",
        role=Role.SUPER_ADMIN,
        password_hash=hash_password(password),
    )
    session.add(admin)
    session.flush()
    summary.add("admins")
    if generated:
        summary.admin_password = password
    return admin


def _packages(
    session: Session, summary: DemoSummary, room_rows: dict[str, Room]
) -> dict[PricingCategory, PricingPackage]:
    """Creates missing packages; returns the first published package of each category."""
    # Keyed by the English name, which the demo data has always written (also before Serbian).
    existing = {(p.category, p.name_en or p.name): p for p in session.exec(select(PricingPackage))}
    first: dict[PricingCategory, PricingPackage] = {}
    for order, (category, name, amount, unit, features, description, popular, status) in enumerate(PACKAGES):
        package = existing.get((category, name))
        if package is None:
            slug, mode = PACKAGE_HOLDS.get(name, PARTY_HOLD)
            name_sr, description_sr = PACKAGES_SR[name]
            package = PricingPackage(
                name=name_sr,
                name_en=name,
                room_id=room_rows[slug].id,
                hold_mode=mode,
                category=category,
                amount=Decimal(amount),
                currency=CURRENCY,
                unit=unit,
                features=features,
                description=description_sr,
                description_en=description,
                popular=popular,
                status=status,
                display_order=order,
                deposit_percent=DEMO_PARTY_DEPOSIT_PERCENT if category == PricingCategory.PARTY else None,
            )
            session.add(package)
            summary.add("pricing_packages")
        if package.status == PublishStatus.PUBLISHED:
            first.setdefault(category, package)
    session.flush()
    return first


def _customer_email(index: int) -> str:
    return f"{CUSTOMERS[index][1]}@{CUSTOMER_DOMAIN}"


def _phone(index: int) -> str:
    return f"+3816{index % 10}{(4_213_577 + index * 271_829) % 10_000_000:07d}"


def _customers(session: Session, summary: DemoSummary, today: date) -> dict[int, User]:
    emails = [_customer_email(i) for i in range(len(CUSTOMERS))]
    existing = {u.email: u for u in session.exec(select(User).where(User.email.in_(emails)))}
    customers: dict[int, User] = {}
    for index, (name, _local) in enumerate(CUSTOMERS):
        user = existing.get(emails[index])
        if user is None:
            joined = _utc(today - timedelta(days=HISTORY_DAYS + 20 - index * 3), time(12, 0))
            opted_in = index % 3 == 0
            user = User(
                email=emails[index],
                name=name,
                phone=_phone(index),
                role=Role.USER,
                created_at=joined,
                updated_at=joined,
                notes=CUSTOMER_NOTES[index % len(CUSTOMER_NOTES)],
                tags=["founding family"] if index < 3 else [],
                preferred_contact=(ContactMethod.EMAIL, ContactMethod.PHONE, ContactMethod.SMS)[index % 3],
                marketing_opt_in=opted_in,
                sms_opt_in=index % 4 == 0,
                consent_at=joined if opted_in or index % 4 == 0 else None,
                consent_version=PRIVACY_POLICY_VERSION if opted_in or index % 4 == 0 else None,
            )
            session.add(user)
            summary.add("customers")
        customers[index] = user
    session.flush()
    return customers


def _events(session: Session, summary: DemoSummary, today: date, customers: dict[int, User]) -> None:
    existing = {e.slug: e for e in session.exec(select(Event))}
    for order, (slug, title, offset, start, end, category, theme, capacity, price, tags, status) in enumerate(
        EVENTS
    ):
        event = existing.get(slug)
        if event is not None:
            continue
        event = Event(
            slug=slug,
            title=EVENT_TITLES_SR[slug],
            title_en=title,
            description=EVENT_DESCRIPTIONS_SR.get(category, EVENT_DESCRIPTIONS_SR["Party"]),
            description_en=EVENT_DESCRIPTIONS.get(category, EVENT_DESCRIPTIONS["Party"]),
            date=today + timedelta(days=offset),
            start_time=time.fromisoformat(start),
            end_time=time.fromisoformat(end),
            category=category,
            theme=theme,
            capacity=capacity,
            price=Decimal(price),
            currency=CURRENCY,
            location="Xplorium, Novi Beograd",
            tags=tags,
            status=status,
            display_order=order,
        )
        session.add(event)
        session.flush()
        summary.add("events")
        for position, (customer, guests, registration_status) in enumerate(REGISTRATIONS.get(slug, [])):
            user = customers[customer]
            session.add(
                EventRegistration(
                    event_id=event.id,
                    name=user.name,
                    email=user.email,
                    guest_count=guests,
                    status=registration_status,
                    # The cancel link's token is never needed for demo data; only its hash is kept.
                    cancel_token_hash=hash_token(generate_token()),
                    created_at=_utc(event.date - timedelta(days=20 - position), time(9, 30)),
                )
            )
            summary.add("event_registrations")
    session.flush()


def _content(session: Session, summary: DemoSummary, author_id: int) -> None:
    existing = {c.section for c in session.exec(select(SiteContent))}
    for section, (title_en, body_en) in CONTENT.items():
        title, body = CONTENT_SR[section]
        if section in existing:
            continue  # The staff's own content is never replaced.
        content = SiteContent(section=section)
        session.add(content)
        session.flush()
        session.add(
            ContentVersion(
                content_id=content.id,
                version=1,
                title=title,
                body=body,
                title_en=title_en,
                body_en=body_en,
                status=ContentStatus.PUBLISHED,
                created_by_id=author_id,
                published_at=content.updated_at,
            )
        )
        summary.add("content_sections")
    session.flush()


def _reference(index: int) -> str:
    """A stable booking reference in the usual XP-XXXXXXXX form, from the booking's index."""
    digest = hashlib.sha256(f"xplorium-demo-booking-{index}".encode()).digest()
    return "XP-" + "".join(REFERENCE_ALPHABET[b % len(REFERENCE_ALPHABET)] for b in digest[:8])


def _booking_owners() -> list[int]:
    # Five regulars with 8 bookings, ten with 3 and ten first-timers, spread over the year.
    owners = [c for c in range(5) for _ in range(8)]
    owners += [c for c in range(5, 15) for _ in range(3)]
    owners += list(range(15, 25))
    return owners


def _next_slot(after: datetime) -> datetime:
    """The first start on the booking grid at or after `after`."""
    minutes = -(-(after.hour * 60 + after.minute) // SLOT_MINUTES) * SLOT_MINUTES
    return datetime.combine(after.date(), time()) + timedelta(minutes=minutes)


def plan_bookings(today: date, buffer_minutes: int) -> list[PlannedBooking]:
    """The demo bookings: at most one per day in the past; pairs of days ahead.

    Ahead, each pair shares a day: a party at 10:00 and then either a playroom booking at
    10:00 or a second party at the first slot after the first one's end plus the buffer.
    """
    owners = _booking_owners()
    party_minutes = TYPE_SHAPE[BookingType.PARTY][0]
    total = PAST_BOOKINGS + FUTURE_BOOKINGS
    plans = []
    for index in range(total):
        owner = owners[(index * 37) % total]  # 37 is coprime with 80: a permutation
        if index < PAST_BOOKINGS:
            day = today - timedelta(days=HISTORY_DAYS - (index * 11) // 2)
            booking_type = TYPE_PATTERN[index % len(TYPE_PATTERN)]
            start = START_TIMES[index % len(START_TIMES)]
            status = _past_status(index)
        else:
            ahead = index - PAST_BOOKINGS
            day = today + timedelta(days=1 + (ahead // 2) * 3)
            second = ahead % 2 == 1
            booking_type = BookingType.PLAYGROUND if second and ahead % 4 == 3 else BookingType.PARTY
            start = "10:00"
            if second and booking_type == BookingType.PARTY:
                first_end = datetime.combine(day, time(10, 0)) + timedelta(minutes=party_minutes)
                start = _next_slot(first_end + timedelta(minutes=buffer_minutes)).strftime("%H:%M")
            status = (BookingStatus.PENDING, BookingStatus.APPROVED)[ahead % 2]
            if ahead == 8:
                status = BookingStatus.CANCELLED
        duration, (low, high) = TYPE_SHAPE[booking_type]
        guests = low + (index * 7) % (high - low + 1)
        plans.append(
            PlannedBooking(
                index=index,
                reference=_reference(index),
                type=booking_type,
                starts_at=datetime.combine(day, time.fromisoformat(start)),
                duration=duration,
                guests=guests,
                status=status,
                customer=owner,
            )
        )
    return plans


def _past_status(index: int) -> BookingStatus:
    if index % 7 == 3:
        return BookingStatus.CANCELLED
    if index % 13 == 7:
        return BookingStatus.REJECTED
    return BookingStatus.COMPLETED


def _price(plan: PlannedBooking, packages: dict[PricingCategory, PricingPackage]) -> Decimal:
    package = packages.get(TYPE_CATEGORY.get(plan.type))
    if package is None:
        return EVENT_PRICE_PER_PERSON * plan.guests
    if package.unit == "per_hour":
        return Decimal(package.amount) * plan.duration / 60
    return Decimal(package.amount) * plan.guests


def _bookings(
    session: Session,
    summary: DemoSummary,
    today: date,
    customers: dict[int, User],
    packages: dict[PricingCategory, PricingPackage],
    room_dicts: dict[int, dict],
    settings_row: VenueSettings,
    admin_id: int,
) -> None:
    plans = plan_bookings(today, settings_row.buffer_minutes)
    existing = set(
        session.exec(select(Booking.reference).where(Booking.reference.in_([p.reference for p in plans])))
    )
    now = clock.now()
    earned: list[tuple[datetime, User, Booking, int]] = []
    for plan in plans:
        if plan.reference in existing:
            continue
        ends_at = plan.starts_at + timedelta(minutes=plan.duration)
        package = packages.get(TYPE_CATEGORY.get(plan.type))
        holds = _holds(plan, package, ends_at, room_dicts)
        if plan.status in ACTIVE_BOOKING_STATUSES and holds:
            # A real booking may already hold these rooms: the demo one gives way.
            usage = places.usage(session, [h.room_id for h in holds], plan.starts_at, holds[-1].ends_at)
            if not all(usage.fits(h, room_dicts[h.room_id]) for h in holds):
                continue
        user = customers[plan.customer]
        price = _price(plan, packages).quantize(Decimal("0.01"))
        created = min(_utc(plan.starts_at.date() - timedelta(days=4 + plan.index % 25), time(20, 15)), now)
        completed = plan.status == BookingStatus.COMPLETED
        paid_at = _utc(ends_at.date(), ends_at.time()) if completed else None
        booking = Booking(
            reference=plan.reference,
            type=plan.type,
            status=plan.status,
            date=plan.starts_at.date(),
            start_time=plan.starts_at.time(),
            duration_minutes=plan.duration,
            starts_at=plan.starts_at,
            ends_at=ends_at,
            blocked_until=max([ends_at, *(h.ends_at for h in holds)]),
            guest_count=plan.guests,
            package_id=package.id if package else None,
            contact_name=user.name,
            email=user.email,
            phone=user.phone or "",
            special_requests=SPECIAL_REQUESTS[plan.index % len(SPECIAL_REQUESTS)],
            party_details=_party_details(plan) if plan.type == BookingType.PARTY else None,
            price_quote=price,
            currency=CURRENCY,
            payment_amount=price if completed else None,
            paid=completed,
            paid_at=paid_at,
            reject_reason=REJECT_REASONS[plan.index % 2] if plan.status == BookingStatus.REJECTED else None,
            user_id=user.id,
            created_at=created,
            updated_at=paid_at or created,
            approved_at=(
                created + timedelta(hours=2)
                if plan.status in (BookingStatus.APPROVED, BookingStatus.COMPLETED)
                else None
            ),
        )
        session.add(booking)
        summary.add("bookings")
        if plan.status in ACTIVE_BOOKING_STATUSES and holds:
            session.flush()
            places.add(session, holds, HoldKind.BOOKING, booking.id)
        if completed:
            points = int(price // 100) * settings_row.points_per_100_rsd
            earned.append((paid_at, user, booking, points))
    session.flush()
    _loyalty(session, summary, earned, customers, admin_id, today)


def _holds(
    plan: PlannedBooking, package: PricingPackage | None, ends_at: datetime, room_dicts: dict[int, dict]
) -> list[places.Hold]:
    """What a demo booking holds: its package's room, and a party's extra rooms."""
    if package is None or package.room_id is None:
        return []
    by_slug = {r["slug"]: r for r in room_dicts.values()}
    slugs = _party_details(plan)["rooms"][1:] if plan.type == BookingType.PARTY else []
    return places.booking_holds(
        {"hold_mode": package.hold_mode.value},
        room_dicts[package.room_id],
        plan.starts_at,
        ends_at,
        plan.guests,
        [by_slug[slug] for slug in slugs],
    )


def _party_details(plan: PlannedBooking) -> dict:
    return {
        "child_name": CHILD_NAMES[plan.index % len(CHILD_NAMES)],
        "child_age": 3 + plan.index % 8,
        "rooms": ["party_room", "sensory_room"] if plan.index % 3 else ["party_room"],
        "food_and_drinks": "Pizza, juice and a birthday cake." if plan.index % 2 else "Sandwiches and juice.",
    }


def _loyalty(
    session: Session,
    summary: DemoSummary,
    earned: list[tuple[datetime, User, Booking, int]],
    customers: dict[int, User],
    admin_id: int,
    today: date,
) -> None:
    """Points for completed bookings and a few manual bonuses, as ledger entries in time order."""
    entries = [
        (when, user, points, f"Completed booking {b.reference}", b.id, None)
        for when, user, b, points in earned
    ]
    bonus_time = _utc(today - timedelta(days=30), time(11, 0))
    earned_now = {}
    for _when, user, _booking, points in earned:
        earned_now[user.id] = earned_now.get(user.id, 0) + points
    for customer, target, reason in LOYALTY_TARGETS:
        user = customers[customer]
        already = session.exec(
            select(func.count())
            .select_from(LoyaltyTransaction)
            .where(LoyaltyTransaction.user_id == user.id, LoyaltyTransaction.reason == reason)
        ).one()
        bonus = target - user.loyalty_points - earned_now.get(user.id, 0)
        if not already and bonus > 0:
            entries.append((bonus_time, user, bonus, reason, None, admin_id))
    for when, user, points, reason, booking_id, actor_id in sorted(entries, key=lambda e: (e[0], e[1].id)):
        before = user.loyalty_points
        user.loyalty_points = before + points
        session.add(
            LoyaltyTransaction(
                user_id=user.id,
                delta=points,
                points_after=user.loyalty_points,
                tier_before=loyalty.tier_for(before),
                tier_after=loyalty.tier_for(user.loyalty_points),
                reason=reason,
                booking_id=booking_id,
                actor_id=actor_id,
                created_at=when,
            )
        )
        summary.add("loyalty_transactions")
    session.flush()


def _sync_customer_totals(session: Session, customers: list[User]) -> None:
    """Bookings count, money spent and first/last booking of the demo customers, from their bookings."""
    ids = [c.id for c in customers]
    rows = session.exec(
        select(
            Booking.user_id,
            func.count(),
            func.coalesce(func.sum(Booking.payment_amount), 0),
            func.min(Booking.starts_at),
            func.max(Booking.starts_at),
        )
        .where(Booking.user_id.in_(ids), Booking.status.in_(ACTIVE_BOOKING_STATUSES))
        .group_by(Booking.user_id)
    ).all()
    totals = {row[0]: row[1:] for row in rows}
    for customer in customers:
        count, spent, first, last = totals.get(customer.id, (0, 0, None, None))
        customer.total_bookings = count
        customer.total_spent = Decimal(str(spent))
        customer.first_booking_at = _aware(first)
        customer.last_booking_at = _aware(last)
    session.flush()


def _utc(day: date, at: time) -> datetime:
    """Venue-local wall time as an aware UTC timestamp."""
    return datetime.combine(day, at, tzinfo=clock.VENUE_TZ).astimezone(UTC)


def _aware(local: datetime | None) -> datetime | None:
    return None if local is None else _utc(local.date(), local.time())


# (name, category, unit, reorder point, opening stock, used since, supplier, contact)
INVENTORY = (
    ("Coffee beans", "CAFE", "kg", 5, 20, 16, "Pržionica Zrno", "+381 11 123 4567"),
    ("Oat milk", "CAFE", "l", 12, 36, 14, "Mlekara Zdravo", "narudzbe@zdravo.rs"),
    ("Paper cups", "CAFE", "pcs", 200, 1000, 420, "Ambalaža Plus", "+381 63 555 010"),
    ("Grip socks", "PLAYROOM", "pair", 20, 60, 18, "Kids Gear d.o.o.", "prodaja@kidsgear.rs"),
    ("Soft play wipes", "CLEANING", "pack", 6, 24, 20, "Higijena Beograd", "+381 11 222 3333"),
    ("Aroma diffuser oil", "SENSORY_ROOM", "bottle", 2, 8, 3, "Senzorika", "info@senzorika.rs"),
    ("Balloons", "PARTY_SUPPLIES", "pack", 10, 40, 12, "Party Shop NBG", "+381 64 777 8899"),
    ("Birthday candles", "PARTY_SUPPLIES", "box", 5, 15, 9, "Party Shop NBG", "+381 64 777 8899"),
    ("Floor cleaner", "CLEANING", "l", 4, 20, 7, "Higijena Beograd", "+381 11 222 3333"),
    ("Light bulbs", "GENERAL", "pcs", 6, 12, 2, "Elektro Lux", "+381 11 444 5566"),
)
# (equipment, area or room slug, type, status, priority, days from today, cost, by)
MAINTENANCE = (
    ("Trampoline springs", "playroom", "INSPECTION", "SCHEDULED", "HIGH", -2, None, "Safe Play Servis"),
    ("Espresso machine", "cafe", "PREVENTIVE", "SCHEDULED", "NORMAL", 3, "6500", "Kafa Tehnika"),
    ("Fibre-optic lamp", "sensory_room", "REPAIR", "IN_PROGRESS", "URGENT", 0, "12000", "Senzorika"),
    ("Air conditioning", "GENERAL", "CLEANING", "COMPLETED", "NORMAL", -20, "9000", "Klima Centar"),
    ("Entrance door closer", "EXTERIOR", "REPAIR", "COMPLETED", "LOW", -45, "3500", "Bravar Mile"),
    ("Party room lighting", "party_room", "UPGRADE", "CANCELLED", "LOW", -10, None, ""),
)


def _inventory(session: Session, summary: DemoSummary, admin_id: int) -> None:
    """The venue's supplies, each with its opening restock and what was used since (the
    database's trigger sums them into the quantity)."""
    if session.exec(select(func.count()).select_from(InventoryItem)).one():
        return
    now = clock.now()
    for name, category, unit, point, opening, used, supplier, contact in INVENTORY:
        item = InventoryItem(
            name=name,
            category=category,
            unit=unit,
            reorder_point=point,
            supplier_name=supplier,
            supplier_contact=contact,
            last_restocked_at=now - timedelta(days=12),
            reorder_notified=opening - used <= point,
        )
        session.add(item)
        session.flush()
        session.add(
            StockMovement(
                item_id=item.id, kind="RESTOCK", change=opening, note="Opening stock", created_by=admin_id
            )
        )
        session.add(
            StockMovement(
                item_id=item.id, kind="USE", change=-used, note="Used this month", created_by=admin_id
            )
        )
        session.flush()
    summary.add("inventory items", len(INVENTORY))


def _maintenance(session: Session, summary: DemoSummary, today: date, room_rows: dict, admin_id: int) -> None:
    """A maintenance log with something overdue, in progress, coming up and done; none of it
    closes a room (the demo bookings fill the rooms)."""
    if session.exec(select(func.count()).select_from(MaintenanceJob)).one():
        return
    for equipment, where, kind, status, priority, days, cost, by in MAINTENANCE:
        room = room_rows.get(where)
        day = today + timedelta(days=days)
        session.add(
            MaintenanceJob(
                equipment=equipment,
                area="ROOM" if room else where,
                room_id=room.id if room else None,
                description=f"{kind.title()} of the {equipment.lower()}.",
                kind=kind,
                status=status,
                priority=priority,
                scheduled_on=day,
                completed_on=day if status == "COMPLETED" else None,
                cost_rsd=Decimal(cost) if cost else None,
                performed_by=by,
                created_by=admin_id,
            )
        )
    session.flush()
    summary.add("maintenance jobs", len(MAINTENANCE))
