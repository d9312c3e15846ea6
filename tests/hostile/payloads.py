"""Hostile strings for the XSS suite: every one of them tries to run ``alert(1)``.

Each payload is written verbatim into every free-text field of one extra
record (and into the names of the reference-table entries that record uses),
so a payload that escapes its context anywhere shows up as a dialog, an
injected element or a dangerous ``href``/``src``.

``markdown_literal``: in the Markdown summary the payload is raw HTML (or plain
text) that Markdown leaves alone, so the reader must see it verbatim as text.
Payloads that are Markdown syntax (links, images, entities, code indents) are
rendered by Markdown and are only checked for safety, not for their text.

Nothing here may look like a phone number (nine or more digits in a row): the
validator rejects those outside ``contacts``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    key: str
    """A slug, used in the ids of the record and table entries that carry it."""
    text: str
    markdown_literal: bool = False


B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # "<script>alert(1)</script>"

PAYLOADS: tuple[Payload, ...] = (
    # --- script elements -------------------------------------------------------------
    Payload("script", "<script>alert(1)</script>", markdown_literal=True),
    Payload("script-upper", "<SCRIPT>alert(1)</SCRIPT>", markdown_literal=True),
    Payload(
        "script-mixed-attrs",
        '<ScRiPt type="text/javascript" defer>alert(1)</sCrIpT>',
        markdown_literal=True,
    ),
    Payload(
        "script-src-data",
        "<script src=data:text/javascript,alert(1)></script>",
        markdown_literal=True,
    ),
    Payload("script-split", "<scr<script>ipt>alert(1)</scr</script>ipt>", markdown_literal=True),
    Payload("title-breakout", "</title><script>alert(1)</script>", markdown_literal=True),
    Payload("jsonld-breakout", "</script><script>alert(1)</script>", markdown_literal=True),
    Payload("jsonld-comment", "<!--<script>alert(1)</script>-->", markdown_literal=True),
    Payload(
        "textarea-breakout",
        "</textarea></style></noscript><script>alert(1)</script>",
        markdown_literal=True,
    ),
    # --- event handlers ----------------------------------------------------------------
    Payload("img-onerror", "<img src=x onerror=alert(1)>", markdown_literal=True),
    Payload("svg-onload", "<svg onload=alert(1)>", markdown_literal=True),
    Payload("body-onload", "<body onload=alert(1)>", markdown_literal=True),
    Payload("details-ontoggle", "<details open ontoggle=alert(1)>", markdown_literal=True),
    Payload(
        "autofocus-source",
        "<input autofocus onfocus=alert(1)><video><source onerror=alert(1)></video>",
        markdown_literal=True,
    ),
    Payload(
        "iframe-srcdoc",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        markdown_literal=True,
    ),
    Payload("a-javascript", '<a href="javascript:alert(1)">klik</a>', markdown_literal=True),
    Payload(
        "object-embed",
        '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
        markdown_literal=True,
    ),
    Payload(
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        markdown_literal=True,
    ),
    Payload(
        "base-form",
        '<base href="javascript:alert(1)//"><form action="javascript:alert(1)">'
        "<button>x</button></form>",
        markdown_literal=True,
    ),
    # --- SVG and MathML ----------------------------------------------------------------
    Payload("svg-script", "<svg><script>alert(1)</script></svg>", markdown_literal=True),
    Payload(
        "svg-xlink",
        '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
        markdown_literal=True,
    ),
    Payload(
        "math-mglyph",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        markdown_literal=True,
    ),
    Payload("math-href", '<math href="javascript:alert(1)">klik</math>', markdown_literal=True),
    Payload(
        "noscript-mxss",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        markdown_literal=True,
    ),
    # --- attribute breakouts -----------------------------------------------------------
    Payload("attr-dq", '" onmouseover="alert(1)', markdown_literal=True),
    Payload("attr-sq", "' autofocus onfocus='alert(1)", markdown_literal=True),
    Payload("attr-dq-svg", '"><svg onload=alert(1)>', markdown_literal=True),
    Payload("attr-sq-img", "'><img src=x onerror=alert(1)>", markdown_literal=True),
    Payload("attr-slash", '"/autofocus/onfocus="alert(1)"/x="', markdown_literal=True),
    # --- dangerous URL schemes, as plain text --------------------------------------------
    Payload("js-url", "javascript:alert(1)", markdown_literal=True),
    Payload("js-url-case", "JaVaScRiPt:alert(1)", markdown_literal=True),
    Payload("js-url-tab", "java\tscript:alert(1)"),
    Payload("js-url-newline", "java\nscript:alert(1)"),
    Payload("js-url-entity", "&#106;avascript:alert(1)"),
    Payload("js-url-hex-entity", "&#x6A;&#x61;&#x76;&#x61;script&colon;alert(1)"),
    Payload("js-url-percent", "%6Aavascript:alert(1)", markdown_literal=True),
    Payload("js-url-leading-space", "  \n javascript:alert(1)"),
    Payload("data-url-base64", f"data:text/html;base64,{B64_SCRIPT}", markdown_literal=True),
    Payload("data-url-html", "data:text/html,<script>alert(1)</script>", markdown_literal=True),
    Payload("vbscript-url", "VBScript:alert(1)", markdown_literal=True),
    # --- Markdown links and images with hostile targets ----------------------------------
    Payload("md-link-js", "[klik](javascript:alert(1))"),
    Payload("md-image-js", "![x](javascript:alert(1))"),
    Payload("md-link-data", f"[klik](data:text/html;base64,{B64_SCRIPT})"),
    Payload(
        "md-link-variants",
        '[a](JaVaScRiPt:alert(1) "t") [b]( javascript:alert(1)) [c](<javascript:alert(1)>) '
        "[d](&#106;avascript:alert(1)) [e](vbscript:alert(1)) [f](java%0Ascript:alert(1))",
    ),
    Payload(
        "md-reference",
        '[klik][ref] ![gambar][img]\n\n[ref]: javascript:alert(1)\n[img]: javascript:alert(1) "t"',
    ),
    Payload("md-autolink", "<javascript:alert(1)> <javascript:alert(1)//@x.example>"),
    Payload(
        "md-link-attr-breakout",
        '[klik](https://x.example/"onmouseover="alert(1)) '
        '<https://x.example/"onmouseover="alert(1)> '
        "[<img src=x onerror=alert(1)>](https://x.example/)",
    ),
    # --- template injection ------------------------------------------------------------
    Payload(
        "template",
        "{{7*7}} {{ config }} {% raw %}{{ SITEURL }}{% endraw %} ${alert(1)} "
        "{{constructor.constructor('alert(1)')()}}",
        markdown_literal=True,
    ),
)

HOSTILE_HTTPS_URLS: tuple[str, ...] = (
    'https://x.example/"><script>alert(1)</script>',
    "https://x.example/'onmouseover='alert(1)'",
    "https://x.example/?q=<svg/onload=alert(1)>",
    'https://x.example/#"/autofocus/onfocus="alert(1)',
    "https://x.example/&quot;onmouseover=alert(1)//",
    "https://x.example/</a><img/src=x/onerror=alert(1)>",
    "https://javascript:alert(1)@x.example/",
)
"""Valid http(s) addresses (no whitespace) carrying markup: accepted, must stay one href."""

REJECTED_URLS: tuple[str, ...] = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\njavascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:alert(1)",
    f"data:text/html;base64,{B64_SCRIPT}",
    "data:text/html,<script>alert(1)</script>",
    '//x.example/"><script>alert(1)</script>',
    "https:javascript:alert(1)",
    " https://x.example/",
    "\nhttps://x.example/",
    "https://x.example/ onmouseover=alert(1)",
    'https://x.example/\n"><script>alert(1)</script>',
    "ftp://x.example/alert(1)",
)
"""Not http(s), or with whitespace: ``sources[].url`` must refuse every one."""

CONTROL_CHAR_PAYLOADS: tuple[str, ...] = (
    "\x01javascript:alert(1)",
    "\x0cjavascript:alert(1)",
    "\x1b[31mjavascript:alert(1)",
    "java\ufffescript:alert(1)",
)
"""Characters XML 1.0 cannot carry: validation must refuse them (file, line, field) or the
build must drop or replace them in the feeds; never a crash. Kept out of :data:`PAYLOADS`
so that the main hostile site can build whatever happens to these."""

TEXT_CHECKS: tuple[str, ...] = (
    "script",
    "img-onerror",
    "attr-dq",
    "template",
)
"""Payload keys whose text is checked field by field in what the reader sees."""


def by_key(key: str) -> Payload:
    for payload in PAYLOADS:
        if payload.key == key:
            return payload
    raise KeyError(key)
