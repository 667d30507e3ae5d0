"""Normalization of titles, names and identifiers, and the usage key built from them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from distribution.usage.matching import normalize
from distribution.usage.matching.keys import usage_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The Long and Winding Road", "LONG AND WINDING ROAD"),
        ("the long & winding road", "LONG AND WINDING ROAD"),
        ("Hey Jude - Remastered 2015", "HEY JUDE"),
        ("Yesterday [Live at the BBC]", "YESTERDAY"),
        ("Yesterday (Radio Edit)", "YESTERDAY"),
        ("Bad Guy feat. Justin Bieber", "BAD GUY"),
        ("Bad Guy (ft. Justin Bieber)", "BAD GUY"),
        ("(I Can't Get No) Satisfaction", "I CANT GET NO SATISFACTION"),
        ("L'Été indien", "ETE INDIEN"),
        ("Los Pájaros", "PAJAROS"),
        ("Die Gedanken sind frei", "GEDANKEN SIND FREI"),
        ("Straße", "STRASSE"),
        ("  Don’t   Stop  Me Now!! ", "DONT STOP ME NOW"),
        ("The", "THE"),  # an article alone is the title
        ("Live", "LIVE"),  # a tag word alone is the title
    ],
)
def test_title_normalization(raw, expected):
    assert normalize.title(raw) == expected


@pytest.mark.parametrize(
    "names",
    [
        "John Lennon; Paul McCartney",
        "Lennon, John / McCartney, Paul",
        "J. Lennon & P. McCartney",
        "LENNON, JOHN;mccartney, paul",
    ],
)
def test_names_in_any_form_give_the_same_surnames(names):
    assert normalize.surnames(names) == {"LENNON", "MCCARTNEY"}


def test_surname_ignores_particles_suffixes_and_accents():
    assert normalize.surname("Ludwig van Beethoven") == normalize.surname("van Beethoven, Ludwig") == "BEETHOVEN"
    assert normalize.surname("Sammy Davis Jr.") == "DAVIS"
    assert normalize.surname("Gabriel García Márquez") == normalize.surname("García Márquez, Gabriel") == "MARQUEZ"


def test_identifiers_with_or_without_separators():
    assert normalize.clean_iswc("T-034.524.680-1") == normalize.clean_iswc("t0345246801") == "T0345246801"
    assert normalize.clean_isrc("US-SKG-19-12345") == normalize.clean_isrc("usskg1912345") == "USSKG1912345"
    assert normalize.clean_iswc("") == normalize.clean_isrc("  ") == ""


def test_iswc_with_a_wrong_check_digit_is_refused_with_the_reason():
    with pytest.raises(normalize.IdentifierError, match="expected 1"):
        normalize.clean_iswc("T-034.524.680-2")


@given(st.text(max_size=60))
def test_title_normalization_is_idempotent(text):
    once = normalize.title(text)
    assert normalize.title(once) == once


@given(st.text(max_size=60))
def test_surnames_are_idempotent(text):
    once = normalize.surnames(text)
    assert normalize.surnames(";".join(once)) == once


_name = st.tuples(
    st.sampled_from(["John", "Anna", "Émile", "Marie-Claire"]),
    st.sampled_from(["Lennon", "Piaf", "García Márquez", "O'Brien", "Müller"]),
)


@given(st.lists(_name, min_size=1, max_size=4, unique_by=lambda n: n[1]), st.data())
def test_usage_key_ignores_name_order_and_format(names, data):
    def render(first, last):
        form = data.draw(st.sampled_from(["{f} {s}", "{s}, {f}", "{i}. {s}", "{S}, {F}"]))
        return form.format(f=first, s=last, i=first[0], S=last.upper(), F=first.lower())

    shuffled = data.draw(st.permutations(names))
    separator = data.draw(st.sampled_from(["; ", " / ", ";"]))
    one = usage_key(title="Help!", writers="; ".join(f"{first} {last}" for first, last in names))
    other = usage_key(title="HELP", writers=separator.join(render(first, last) for first, last in shuffled))
    assert one.digest == other.digest


def test_usage_key_differs_by_identifier_and_title():
    base = usage_key(title="Help", writers="Lennon")
    assert base.digest != usage_key(title="Help", writers="Lennon", isrc="GBAYE6500521").digest
    assert base.digest != usage_key(title="Help Me", writers="Lennon").digest
    assert len(base.digest) == 32


_plain_words = st.sampled_from(
    ["the", "A", "la", "Love", "song", "FEAT", "ft", "featuring", "Jr", "ii", "x9", "7", "O"]
)


@given(st.lists(_plain_words, max_size=6), st.sampled_from([" ", "  "]))
def test_fast_paths_for_plain_text_normalize_like_the_full_rules(words, separator):
    text = separator.join(words)
    assert normalize.title(text) == normalize._title(text)
    assert normalize.surname(text) == normalize._surname(text)


@given(st.text(alphabet="abcLOVEFTthe 019", max_size=30))
def test_fast_paths_agree_on_any_plain_text(text):
    assert normalize.title(text) == normalize._title(text)
    assert normalize.surname(text) == normalize._surname(text)
