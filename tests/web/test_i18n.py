"""English, French and Spanish: the catalogs are complete and compiled, and no screen stays English-only."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from wipoconnect.core import labels, roles
from wipoconnect.core.codes import AGREEMENT_TYPES, RIGHT_TYPES, ROLES

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ("fr", "es")


def po_entries(path: Path) -> list[dict]:
    """A small .po reader: each entry's flags, msgid, msgid_plural and msgstr forms (obsolete entries skipped)."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        if not any(line.startswith("msgid ") for line in lines):
            continue
        entry: dict = {"flags": "", "msgstr": {}}
        key = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                _append(entry, key, _unquote(line))
            else:
                key, value = line.split(" ", 1)
                _append(entry, key, _unquote(value), start=True)
        entries.append(entry)
    return entries


def _append(entry: dict, key: str, text: str, start: bool = False) -> None:
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if "[" in key else 0
        entry["msgstr"][index] = ("" if start else entry["msgstr"][index]) + text
    else:
        entry[key] = ("" if start else entry[key]) + text


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], m[0]), text[1:-1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_msgid_has_a_translation(lang):
    entries = [e for e in po_entries(LOCALE / lang / "LC_MESSAGES" / "django.po") if e["msgid"]]
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if "fuzzy" in e["flags"] or not all(e["msgstr"].values())]
    assert untranslated == [], f"{lang}: {len(untranslated)} messages lack a translation"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(lang):
    folder = LOCALE / lang / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in po_entries(folder / "django.po"):
        if entry["msgid"] and "msgid_plural" not in entry:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"][0], f"{lang}: recompile django.mo"


def test_code_labels_are_listed_for_extraction():
    assert set(labels.CODE_LABELS) >= {*RIGHT_TYPES.values(), *ROLES.values(), *AGREEMENT_TYPES.values()}


class _Text(HTMLParser):
    """Visible text nodes of a page (scripts and styles left out)."""

    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "option")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "option")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def english_labels(lang: str) -> set[str]:
    """msgids whose translation differs from the English text, without placeholders (labels, headings)."""
    labels = set()
    for entry in po_entries(LOCALE / lang / "LC_MESSAGES" / "django.po"):
        msgid = entry["msgid"]
        if msgid and "%" not in msgid and "<" not in msgid and entry["msgstr"].get(0) != msgid:
            labels.add(msgid)
    return labels


@pytest.fixture
def populated(client_as, repertoire, settings, tmp_path):
    """A report identified, a match in review, a run calculated: every main screen has content."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.data import USAGE_CSV

    settings.MEDIA_ROOT = tmp_path
    client = client_as(roles.DISTRIBUTION_MANAGER)
    client.post(
        reverse("usage:upload"),
        {
            "file": SimpleUploadedFile("radio.csv", USAGE_CSV.encode()),
            "source": "Radio One",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "right_type": "PR",
            "territory": "2136",
        },
    )
    from distribution.runs.models import DistributionRun
    from distribution.usage.models import Match, UsageReport

    report = UsageReport.objects.get()
    client.post(reverse("usage:identify", args=[report.pk]))
    client.post(reverse("distribution:new"), {"step": "reports", "right_type": "PR", "reports": [report.pk]})
    client.post(
        reverse("distribution:new"),
        {
            "step": "parameters",
            "name": "Q1",
            "territory": "2136",
            "gross": "100.00",
            "currency": "EUR",
            "admin": "10",
            "social": "5",
            "weighting": "plays",
            "threshold": "0",
        },
    )
    client.post(reverse("distribution:new"), {"step": "confirm"})
    return {
        "client": client,
        "report": report,
        "run": DistributionRun.objects.get(),
        "match": Match.objects.filter(status="review").first(),
        **repertoire,
    }


def main_screens(data) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("works:list"),
        reverse("works:detail", args=[data["yesterday"].pk]),
        reverse("works:edit", args=[data["yesterday"].pk]),
        reverse("parties:list"),
        reverse("parties:detail", args=[data["paul"].pk]),
        reverse("usage:list"),
        reverse("usage:upload"),
        reverse("usage:detail", args=[data["report"].pk]),
        reverse("usage:review"),
        reverse("usage:match", args=[data["match"].pk]),
        reverse("distribution:list"),
        reverse("distribution:new"),
        reverse("distribution:detail", args=[data["run"].pk]),
        reverse("exchange:list"),
        reverse("money:claims"),
        reverse("money:batches"),
        reverse("money:incoming"),
        reverse("licensing:receivables"),
        reverse("licensing:invoices"),
        reverse("licensing:pools"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_screens_show_no_english_only_label(populated, lang):
    client = populated["client"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    english = english_labels(lang)
    for url in main_screens(populated):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()
        parser = _Text()
        parser.feed(response.content.decode())
        leftovers = sorted({t for t in parser.texts if t in english or re.sub(r"[:›‹]", "", t).strip() in english})
        assert leftovers == [], f"{url} in {lang} shows English labels: {leftovers}"


@pytest.mark.django_db
def test_amounts_and_dates_follow_the_locale(populated):
    client = populated["client"]
    url = reverse("distribution:detail", args=[populated["run"].pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "100.00 EUR" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "100,00 EUR" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(reverse("usage:detail", args=[populated["report"].pk])).content.decode()
    assert "de marzo de 2026" in page


def test_language_switcher_sets_the_language(client, role_user):
    client.force_login(role_user(roles.AUDITOR))
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"}, follow=True)
    assert "Panel de control" in response.content.decode()
