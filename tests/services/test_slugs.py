from hypothesis import given
from hypothesis import strategies as st

from xplorium.constants import SLUG_MAX_LENGTH
from xplorium.models import Event
from xplorium.services.catalog import valid_slug
from xplorium.services.slugs import slugify, unique_slug


def test_serbian_letters_are_transliterated():
    assert slugify("Čarobni Šumski Žurka ćevap Đurđevdan") == "carobni-sumski-zurka-cevap-djurdjevdan"
    assert slugify("ČĆŠŽĐ") == "ccszdj"
    assert slugify("Дечја журка у Џунгли") == "decja-zurka-u-dzungli"
    assert slugify("Шаховски час, Ћирилица и Хор, Цвеће, Чаробњак") == (
        "sahovski-cas-cirilica-i-hor-cvece-carobnjak"
    )


def test_one_slug_limit_for_what_is_made_and_what_is_accepted():
    made = slugify("a" * 500)
    assert len(made) == SLUG_MAX_LENGTH
    assert valid_slug(made) and not valid_slug(made + "a")
    assert Event.__table__.c.slug.type.length == SLUG_MAX_LENGTH


def test_punctuation_and_spaces_become_single_hyphens():
    assert slugify("  Lego® workshop!!  (ages 5–8) ") == "lego-workshop-ages-5-8"
    assert slugify("!!!", fallback="event") == "event"


def test_suffixes_make_a_taken_slug_unique():
    assert unique_slug("party", set()) == "party"
    assert unique_slug("party", {"party"}) == "party-2"
    assert unique_slug("party", {"party", "party-2", "party-3"}) == "party-4"


@given(st.text(max_size=300))
def test_any_title_gives_a_lowercase_hyphen_slug(title):
    slug = slugify(title)
    assert slug == slug.lower()
    assert len(slug) <= SLUG_MAX_LENGTH
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
