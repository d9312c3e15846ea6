"""Static checks on built HTML, for pages and for the HTML carried inside feeds and JSON.

Python's :class:`html.parser.HTMLParser` unescapes attribute values, so an
``href`` is judged as the browser sees it. A URL is dangerous when, after
removing tabs and newlines anywhere and control characters and spaces in front
(what browsers do), it starts with ``javascript:``, ``vbscript:`` or ``data:``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "data",
        "action",
        "formaction",
        "cite",
        "xlink:href",
        "poster",
        "background",
        "srcset",
        "ping",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "codebase",
        "manifest",
    }
)
FORBIDDEN_TAGS = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "img",
        "picture",
        "video",
        "audio",
        "source",
        "track",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "base",
        "style",
        "noscript",
        "template",
        "marquee",
        "details",
        "dialog",
        "portal",
    }
)
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        "srcdoc",
        "formaction",
        "action",
        "style",
        "autofocus",
        "xlink:href",
        "background",
        "poster",
        "ping",
        "srcset",
        "open",
        "contenteditable",
    }
)
ALLOWED_LINK_RELS = frozenset({"icon", "stylesheet", "alternate"})
_LEADING = "".join(chr(c) for c in range(0x21))


_FILTER_FORM = frozenset(
    {
        "id",
        "class",
        "method",
        "action",
        "hidden",
        "data-index",
        "data-lang",
        "data-empty",
        "data-count",
        "data-csv-name",
    }
)
"""Attributes of the records table's filter form."""


def _theme_element(tag: str, values: dict[str, str]) -> bool:
    """The theme's own search form, search script, charts and evidence disclosures, matched
    exactly."""
    if tag == "form":
        return (
            values.get("role") == "search"
            and values.get("method") == "get"
            and re.search(r"(^|/)search/$", values.get("action", "")) is not None
            and set(values) <= {"class", "role", "action", "method"}
        ) or (
            values.get("id") == "record-filter"
            and values.get("method") == "get"
            and re.search(r"(^|/)records/$", values.get("action", "")) is not None
            and set(values) <= _FILTER_FORM
        )
    if tag == "input":
        return (
            values == {"id": values.get("id", ""), "name": "q", "type": "search"}
            and values["id"] in ("q", "search-q", "f-q")
        ) or (
            values
            in (
                {"id": "f-from", "name": "from", "type": "date"},
                {"id": "f-to", "name": "to", "type": "date"},
            )
        )
    if tag == "select":
        return (
            values.get("id") == f"f-{values.get('name')}"
            and set(values) == {"id", "name"}
            and values["name"] in ("unit", "kind", "election", "region")
        )
    if tag == "button":
        return values == {"type": "submit"} or (
            set(values) == {"type", "class", "data-copy", "data-done", "hidden"}
            and values["type"] == "button"
            and values["class"] == "copy"
            and values["data-copy"] == "dataset-citation"
        )
    if tag == "script":
        return re.search(
            r"(^|/)theme/(search|records|copy)\.js$", values.get("src", "")
        ) is not None and set(values) == {"src", "defer"}
    if tag == "noscript":
        return not values
    if tag == "details":
        return values in ({"class": "chart-table"}, {"class": "evidence"})
    if tag == "svg":
        return "chart" in values.get("class", "").split() and values.get("role") == "img"
    return False


def dangerous_url(value: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip(_LEADING).lower()
    return cleaned.startswith(DANGEROUS_SCHEMES)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        shown = self.get_starttag_text() or tag
        shown = shown[:200]
        if _theme_element(tag, values):
            return
        if tag == "script" and values.get("type", "").strip().lower() != "application/ld+json":
            self.problems.append(f"script element: {shown}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"{tag} element: {shown}")
        if (
            tag == "meta"
            and "http-equiv" in values
            and (values["http-equiv"].strip().lower() != "content-security-policy")
        ):
            self.problems.append(f"meta http-equiv: {shown}")
        if tag == "link" and values.get("rel", "").strip().lower() not in ALLOWED_LINK_RELS:
            self.problems.append(f"link rel: {shown}")
        for name, value in values.items():
            if name.startswith("on") or name in FORBIDDEN_ATTRIBUTES:
                self.problems.append(f"attribute {name}: {shown}")
            if (
                name in URL_ATTRIBUTES
                and dangerous_url(value)
                and not (tag == "link" and values.get("rel") == "icon" and value == "data:,")
            ):
                self.problems.append(f"dangerous {name}={value!r}: {shown}")
        if tag == "a" and "href" in values:
            self.anchors.append(values["href"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def markup_problems(html: str) -> list[str]:
    """Injected elements, event-handler attributes and dangerous URLs in ``html``."""
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser.problems


def anchor_hrefs(html: str) -> list[str]:
    """Every ``<a href>`` in ``html``, unescaped."""
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser.anchors


_LD_JSON = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script",
    re.IGNORECASE | re.DOTALL,
)


def json_ld_blocks(html: str) -> list[str]:
    """The text of each JSON-LD block, cut where an HTML parser would end it."""
    return _LD_JSON.findall(html)


def normalise(text: str | None) -> str:
    """Whitespace collapsed, as ``innerText`` shows it."""
    return " ".join((text or "").split())
