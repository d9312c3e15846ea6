"""Markdown summary -> sanitised HTML.

Python-Markdown passes raw HTML through, so raw HTML is switched off first
(it then shows as text, escaped), and the result still goes through nh3
with a small allow-list. Only the output of :func:`render_summary` may be
marked safe in a template.
"""

from __future__ import annotations

import html

import nh3
from markdown import Markdown

from .cache import Cache, code_version

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr",
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


def render_cached(text: str, cache: Cache | None) -> str:
    """:func:`render_summary`, remembered by content across builds."""
    if cache is None:
        return render_summary(text)
    key = Cache.key(_VERSION, text.encode())
    html = cache.get("summary", key)
    if not isinstance(html, str):
        html = render_summary(text)
        cache.put("summary", key, html)
    return html


def plain_text(text: str) -> str:
    """Summary as plain text (for feeds' titles, meta descriptions, CSV)."""
    return html.unescape(nh3.clean(render_summary(text), tags=set())).strip()
