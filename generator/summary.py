"""Markdown summary -> sanitised HTML.

Python-Markdown passes raw HTML through, so raw HTML is switched off first
(it then shows as text, escaped), and the result still goes through nh3
with a small allow-list. Only the output of :func:`render_summary` may be
marked safe in a template.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import nh3
from markdown import Markdown

from .cache import Cache, code_version
from .parallel import parallel_map

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _markdown() -> Markdown:
    md = Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # Images would make the reader's browser fetch from another host.
    md.inlinePatterns.deregister("image_link")
    md.inlinePatterns.deregister("image_reference")
    md.inlinePatterns.deregister("short_image_ref")
    return md


_MD = _markdown()


def render_summary(text: str) -> str:
    """Render Markdown to HTML that is safe to embed in any page or feed."""
    _MD.reset()
    html = _MD.convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_VERSION = code_version("summary")


def render_many(texts: Sequence[str], cache: Cache | None) -> list[str]:
    """:func:`render_summary` of every text: remembered by content across builds, and
    the ones not remembered rendered on every core."""
    keys = [Cache.key(_VERSION, text.encode()) for text in texts] if cache else []
    found = [cache.get("summary", key) for key in keys] if cache else [None] * len(texts)
    missing = [index for index, value in enumerate(found) if not isinstance(value, str)]
    for index, value in zip(
        missing, parallel_map(render_summary, [texts[i] for i in missing]), strict=True
    ):
        found[index] = value
        if cache:
            cache.put("summary", keys[index], value)
    return [str(value) for value in found]


def plain_text(summary_html: str) -> str:
    """A rendered summary as plain text (meta descriptions, JSON-LD)."""
    return html.unescape(nh3.clean(summary_html, tags=set())).strip()
