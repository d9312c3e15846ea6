"""Pelican settings: Pelican is the engine, `generator` supplies every page.

Stock Pelican features that would read or write on their own (articles,
pages, feeds, archives) are switched off; only our plugin's generator
renders. Jinja autoescape is on for every template.
"""

import os

AUTHOR = "Pemilu Aman Data"
PUBLISHER = os.environ.get("PUBLISHER", AUTHOR)
"""Who publishes the data: shown on the about page, in the data package and citations."""
PUBLISHER_URL = os.environ.get("PUBLISHER_URL", "")
CONTACT = os.environ.get("CONTACT", "")
"""Where readers report an error: an e-mail address or an http(s) address. The build warns
while PUBLISHER_URL or CONTACT is unset."""
SITENAME = "Data Pengamanan Pemilu"
SITEURL = os.environ.get("SITEURL", "http://127.0.0.1:8000").rstrip("/")
"""Absolute address of the published site: feeds, sitemap and JSON use it."""

PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"

PLUGIN_PATHS = ["."]
PLUGINS = ["generator"]

ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
READERS = {"md": None, "html": None, "htm": None, "rst": None}
DIRECT_TEMPLATES: list[str] = []
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

for _kind in (
    "ARTICLE",
    "ARTICLE_LANG",
    "DRAFT",
    "DRAFT_LANG",
    "PAGE",
    "PAGE_LANG",
    "DRAFT_PAGE",
    "DRAFT_PAGE_LANG",
    "CATEGORY",
    "TAG",
    "AUTHOR",
    "YEAR_ARCHIVE",
    "MONTH_ARCHIVE",
    "DAY_ARCHIVE",
):
    globals()[f"{_kind}_SAVE_AS"] = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
}

# Listing pages never grow without bound: 50 records a page.
DEFAULT_PAGINATION = 50
DEFAULT_ORPHANS = 0
PAGINATED_TEMPLATES = {"unit": 50, "date": 50, "group": 50, "records": 100}
PAGINATION_PATTERNS = (
    (1, "{base_name}/", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
