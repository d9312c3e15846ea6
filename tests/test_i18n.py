"""Translations: every UI string has an English version, and the English site uses it."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator.build import build_site
from generator.i18n import LANGUAGES, TRANSLATIONS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "sites" / "golden" / "content"


def template_strings() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "theme" / "templates"),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


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
