"""Translations: every UI string has an English version, and the English site uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.build import build_site
from generator.i18n import LANGUAGES, TRANSLATIONS
from generator.labels import LABELS, label, missing_labels

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "sites" / "golden" / "content"


def template_strings() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "theme" / "templates"),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message `make translations` extracts, as babel.cfg says."""
    with (TRANSLATIONS / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    folders = {pattern.split("*")[0].rpartition("/")[0] for pattern, _ in method_map}

    def wanted(path: str) -> bool:  # walk only toward the mapped files, not output/ or content/
        rel = Path(path).relative_to(ROOT).as_posix()
        return any(f == rel or f.startswith(f"{rel}/") or rel.startswith(f"{f}/") for f in folders)

    found = extract_from_dir(str(ROOT), method_map, options_map, directory_filter=wanted)
    return {
        (context, message if isinstance(message, str) else message[0])
        for _, _, message, _, context in found
    }


def catalogue(lang: str) -> Catalog:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def untranslated_labels(catalog: Catalog) -> list[str]:
    """Labels with no (or only a fuzzy) translation in ``catalog``, as ``group.value``."""
    missing = []
    for group, texts in LABELS.items():
        for value, text in texts.items():
            message = catalog.get(text, context=group)
            if message is None or not message.string or message.fuzzy:
                missing.append(f"{group}.{value}")
    return missing


def test_every_coded_value_has_a_label() -> None:
    assert missing_labels() == []


def test_labels_are_extracted_with_their_group_as_context() -> None:
    # Otherwise `make translations` (--ignore-obsolete) would drop their translations.
    labels = {(group, text) for group, texts in LABELS.items() for text in texts.values()}
    assert sorted(labels - extracted()) == []


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_label_is_translated(lang: str) -> None:
    catalog = catalogue(lang)
    assert untranslated_labels(catalog) == [], f"{lang}: fill in msgstr after `make translations`"
    for group, texts in LABELS.items():
        for value, text in texts.items():
            message = catalog.get(text, context=group)
            assert message is not None
            assert label(group, value, lang) == message.string


def test_a_missing_label_translation_is_found() -> None:
    catalog = catalogue(LANGUAGES[1])
    catalog.delete("lainnya", context="place_type")
    fuzzy = catalog.get("tepat", context="qualifier")
    assert fuzzy is not None
    fuzzy.flags.add("fuzzy")
    assert untranslated_labels(catalog) == ["place_type.other", "qualifier.exact"]


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_extracted_message_is_translated(lang: str) -> None:
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue(lang)
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }
    assert sorted(extracted() - translated, key=str) == [], f"{lang}: run `make translations`"


def test_every_template_string_is_translated() -> None:
    strings = template_strings()
    assert len(strings) > 100
    for lang in LANGUAGES[1:]:
        with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        assert sorted(strings - translated) == [], f"{lang}: run `make translations`"


def test_english_pages_are_english_and_linked(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(GOLDEN, output, site_url="https://example.test")
    english = (output / "en" / "records" / "2024-09-01-simulasi-contoh" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<html lang="en">' in english
    assert "This summary is available in Indonesian only." in english
    assert "Sunday, 1 September 2024" in english
    assert (
        'hreflang="id" href="https://example.test/records/2024-09-01-simulasi-contoh/"' in english
    )
    indonesian = (output / "records" / "2024-09-01-simulasi-contoh" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<html lang="id">' in indonesian
    assert "Minggu, 1 September 2024" in indonesian
    assert "Ringkasan" in indonesian
    assert "only" not in indonesian
    english_pages = {p.relative_to(output / "en") for p in (output / "en").rglob("*.html")}
    indonesian_pages = {
        p.relative_to(output)
        for p in output.rglob("*.html")
        if p.parts[len(output.parts)] != "en" and p.name != "404.html"
    }
    assert english_pages == indonesian_pages
