"""Read content files into plain data, keeping the line of every key.

No pydantic and no Pelican here: this stage only turns bytes into Python
lists, dicts and scalars, and refuses what YAML would otherwise accept
silently (duplicate keys, anchors and aliases, Python tags, non-UTF-8 bytes,
huge files). Every problem becomes a :class:`ContentError`; nothing raises
past :func:`load_content` except :class:`ContentInvalid`.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cache import Cache, code_version
from .errors import ContentError
from .parallel import Mapper, mapper

MAX_FILE_BYTES = 256 * 1024
"""A record is a short summary of one activity; anything larger is a mistake."""

RECORDS_PER_BATCH = 1000
"""Records read, parsed and handed on together: the texts and parsed trees of one batch
are in memory at a time, not those of every record (at 20,000 records, about 400 MB)."""

MAX_TABLE_BYTES = 8 * 1024 * 1024
"""Reference tables (units, regions, ...) may grow to a national size."""

MAX_NODES = 20_000
"""Bound on YAML nodes per record file, so a crafted file cannot exhaust memory."""

MAX_TABLE_NODES = 2_000_000

REFERENCE_TABLES = ("units", "regions", "elections", "operations", "organisations", "people")
OPTIONAL_TABLES = ("withdrawn",)

Location = tuple[str | int, ...]


@dataclass
class Document:
    """One content file as plain data, with the source line of every key."""

    path: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    raw: dict[Location, str] = field(default_factory=dict)
    key: str = ""
    """Hash of the file and of this loader, when read through the build cache."""
    source: str | Path | None = None
    """For a record taken from the cache: its file, parsed again for ``lines`` and ``raw``
    only when an error needs them (they are half of a cache entry and rarely used)."""

    def _details(self) -> None:
        if self.source is None:
            return
        source, self.source = self.source, None
        try:
            parsed = _parse_record(_read_text(source, self.path, MAX_FILE_BYTES), self.path)
        except (OSError, _YamlProblem):  # changed since it was read: lines are unknown
            return
        self.lines, self.raw = parsed.lines, parsed.raw

    def line_of(self, location: Location) -> int:
        """Line of ``location``, or of its nearest ancestor that has one."""
        self._details()
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def raw_of(self, location: Location) -> str | None:
        """The source text of a scalar YAML read as a non-string, if it is one."""
        self._details()
        return self.raw.get(tuple(location))


@dataclass
class RawContent:
    """Everything read from a content directory, before validation (the records as they
    are taken)."""

    records: Generator[Document, None, None]
    """Read as they are taken, a batch at a time; their problems are added to the errors
    :func:`load_content` returned as they are read."""
    tables: dict[str, Document]
    releases: list[Document] = field(default_factory=list)


class _ContentLoader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay strings for pydantic."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_Parser: type = _ContentLoader
"""What turns text into YAML events: libyaml when PyYAML has it (the same grammar, about ten
times faster), else PyYAML's own parser."""
if hasattr(yaml, "CSafeLoader"):

    class _CContentLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = _ContentLoader.yaml_implicit_resolvers

    _Parser = _CContentLoader


class _YamlProblem(Exception):
    def __init__(self, line: int | None, field: str, message: str, code: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message, self.code = line, field, message, code

    def at(self, shown: str) -> ContentError:
        """The problem as reported, in file ``shown``."""
        return ContentError(shown, self.line, self.field, self.message, self.code)


def dotted(location: Location) -> str:
    """``("sources", 0, "url")`` -> ``sources[0].url``: how errors name a field."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


MAX_DEPTH = 50
"""Deeper nesting is no content of ours."""

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
"""The only YAML types content may use: no Python objects, sets, binary or timestamps."""
_STR = "tag:yaml.org,2002:str"
_NODE_EVENTS = frozenset(
    {yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent}
)

_SCALARS = _ContentLoader("")
"""Resolves and constructs scalars (numbers, booleans, null) as PyYAML's safe loader does;
its scalar constructors keep no state between calls."""


class _Collection:
    """A mapping or sequence being filled while the events of its items arrive."""

    __slots__ = ("key", "keys", "location", "value")

    def __init__(self, value: dict[Any, Any] | list[Any], location: Location) -> None:
        self.value = value
        self.location = location
        self.key: tuple[Any, str] | None = None
        """In a mapping: the key read, whose value comes next (as data, as written)."""
        self.keys: dict[str, int] = {}
        """In a mapping: line of every key read, as written."""


def _plain(tag: str, line: int, field: str) -> None:
    """Refuse every tag but the plain types'."""
    if tag not in _PLAIN_TAGS:
        raise _YamlProblem(line, field, f"YAML tag {tag!r} is not allowed", "YAML_TAG")


_PLAIN_NUMBER = {
    "tag:yaml.org,2002:int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    "tag:yaml.org,2002:float": re.compile(
        r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN)"
    ),
}
"""The numbers an editor means. YAML 1.1 also reads 1:30 as 90 (base 60), 010 as 8
(octal), 0x1F and 1_000: written without a tag, those stay text, so that a count of
"1:30" is refused by validation instead of published as 90."""


def _scalar(event: yaml.ScalarEvent, line: int, field: str) -> Any:
    """The value of a scalar, typed as YAML's safe loader types it (dates stay text, and
    numbers only in their plain decimal form: :data:`_PLAIN_NUMBER`)."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = _SCALARS.resolve(
            yaml.ScalarNode,
            event.value,  # type: ignore[no-untyped-call]
            event.implicit,
        )
        plain = _PLAIN_NUMBER.get(tag)
        if plain is not None and plain.fullmatch(event.value) is None:
            return event.value
    if tag == _STR:
        return event.value
    _plain(tag, line, field)
    node = yaml.ScalarNode(tag, event.value, None, None, event.style)
    try:
        return _SCALARS.yaml_constructors[tag](_SCALARS, node)
    except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise _YamlProblem(
            line, field, f"YAML value cannot be read: {message}", "YAML_SYNTAX"
        ) from None


def _read_key(mapping: _Collection, event: Any, line: int, lines: dict[Location, int]) -> None:
    """Take ``event`` as the next key of ``mapping``: plain text, not ``<<``, not twice."""
    if type(event) is not yaml.ScalarEvent:
        raise _YamlProblem(line, dotted(mapping.location), "a key must be plain text", "YAML_KEY")
    written = str(event.value)
    location = (*mapping.location, written)
    if written == "<<":
        raise _YamlProblem(
            line, dotted(mapping.location), "YAML merge keys (<<) are not allowed", "YAML_ALIAS"
        )
    if written in mapping.keys:
        raise _YamlProblem(
            line,
            dotted(location),
            f"duplicate key (first given on line {mapping.keys[written]}); keep only one",
            "DUPLICATE_KEY",
        )
    mapping.keys[written] = lines[location] = line
    mapping.key = (_scalar(event, line, dotted(location)), written)


def _node(
    event: Any, line: int, location: Location, depth: int, raw: dict[Location, str] | None
) -> Any:
    """The value a scalar event holds, or the empty collection that a start event opens."""
    kind = type(event)
    if kind is yaml.AliasEvent:
        raise _YamlProblem(
            line,
            dotted(location),
            "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
            "YAML_ALIAS",
        )
    if kind is yaml.ScalarEvent:
        value = _scalar(event, line, dotted(location))
        if not isinstance(value, str):
            if raw is not None:
                raw[location] = str(event.value)
        elif (bad := _NOT_XML.search(value)) is not None:
            raise _YamlProblem(
                line,
                dotted(location),
                f"control character U+{ord(bad.group()):04X}"
                " is not allowed (pages and feeds cannot carry it); delete it",
                "CONTROL_CHARACTER",
            )
        return value
    if event.tag is not None and event.tag != "!":
        _plain(event.tag, line, dotted(location))
    if depth >= MAX_DEPTH:
        raise _YamlProblem(
            line, dotted(location), f"nested more than {MAX_DEPTH} levels deep", "YAML_TOO_DEEP"
        )
    return {} if kind is yaml.MappingStartEvent else []


def _build(
    text: str, line_offset: int, max_nodes: int, raw: dict[Location, str] | None, parser_class: type
) -> tuple[Any, dict[Location, int]]:
    """Data and key lines of one YAML document, from libyaml's events in one pass.

    Refuses on the way what YAML would otherwise accept: aliases and merge
    keys, duplicate keys, tags other than plain ones, keys that are not plain
    text, too many nodes or levels, characters XML cannot carry. Nothing is
    built before it is checked, so a crafted file costs no more than its size.
    ``raw`` receives the source text of scalars YAML reads as non-strings
    (``35.10`` becomes 35.1), so error hints can quote what the editor wrote.
    """
    base = 1 + line_offset
    root: Any = None
    lines: dict[Location, int] = {(): base}
    filling: list[_Collection] = []  # the collections open around the next event
    nodes = documents = 0
    parser = parser_class(text)
    try:
        while (kind := type(event := parser.get_event())) is not yaml.StreamEndEvent:
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                filling.pop()
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _YamlProblem(
                        event.start_mark.line + base,
                        "",
                        "YAML syntax: but found another document",
                        "YAML_SYNTAX",
                    )
            if kind not in _NODE_EVENTS:
                continue
            nodes += 1
            if nodes > max_nodes:
                raise _YamlProblem(None, "", f"more than {max_nodes} YAML nodes", "YAML_TOO_LARGE")
            line = event.start_mark.line + base
            if not filling:
                root = _node(event, line, (), 0, raw)
                lines[()] = line
                if isinstance(root, dict | list):
                    filling.append(_Collection(root, ()))
                continue
            parent = filling[-1]
            if isinstance(parent.value, list):
                location: Location = (*parent.location, len(parent.value))
                lines[location] = line
                value = _node(event, line, location, len(filling), raw)
                parent.value.append(value)
            elif parent.key is None:
                _read_key(parent, event, line, lines)
                continue
            else:
                location = (*parent.location, parent.key[1])
                value = _node(event, line, location, len(filling), raw)
                parent.value[parent.key[0]] = value
                parent.key = None
            if isinstance(value, dict | list):
                filling.append(_Collection(value, location))
    finally:
        parser.dispose()
    return root, lines


def parse_yaml(
    text: str,
    line_offset: int = 0,
    max_nodes: int = MAX_NODES,
    raw: dict[Location, str] | None = None,
) -> tuple[Any, dict[Location, int]]:
    """Parse one YAML document safely; raise :class:`_YamlProblem` when refused.

    libyaml is fast but has limits of its own that move between releases (PyYAML 6.0.4's
    libyaml refuses deep nesting before our own depth check sees it). So when libyaml
    refuses a text, PyYAML's own parser reads it again: the error reported, and its code,
    are always those of the reference grammar and of our checks, whatever libyaml does.
    """
    if _Parser is _ContentLoader:
        return _parse_with(_ContentLoader, text, line_offset, max_nodes, raw)
    try:
        return _parse_with(_Parser, text, line_offset, max_nodes, raw)
    except _YamlProblem as problem:
        if problem.code not in _LIBYAML_CODES:
            raise
    return _parse_with(_ContentLoader, text, line_offset, max_nodes, raw)


_LIBYAML_CODES = frozenset({"YAML_SYNTAX", "CONTROL_CHARACTER"})
"""Codes that may come from libyaml itself rather than from our checks."""


def _parse_with(
    parser_class: type, text: str, line_offset: int, max_nodes: int, raw: dict[Location, str] | None
) -> tuple[Any, dict[Location, int]]:
    try:
        return _build(text, line_offset, max_nodes, raw, parser_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        raise _YamlProblem(line, "", f"YAML syntax: {exc.problem or exc}", "YAML_SYNTAX") from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes, PyYAML's own reader counts characters.
        if parser_class is _ContentLoader:
            line = text[: exc.position].count("\n")
        else:
            line = text.encode()[: exc.position].count(b"\n")
        line += 1 + line_offset
        raise _YamlProblem(
            line,
            "",
            f"character U+{exc.character:04X} is not allowed in YAML; delete it",
            "CONTROL_CHARACTER",
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise _YamlProblem(None, "", f"YAML: {message}", "YAML_SYNTAX") from None


def strings(value: Any, location: Location = ()) -> Iterator[tuple[Location, str]]:
    """Every string in parsed data (keys excluded), with where it stands."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*location, index))


_FENCE = re.compile(r"^---[ \t]*$")
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)
"""Characters no content needs and pages cannot carry safely: those XML 1.0 forbids (they
break the feeds and the sitemap), C1 controls and noncharacters (invalid HTML), and the
bidirectional overrides and isolates, which would reverse the text of the next field."""


def _check_status(status: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise _YamlProblem(
            None,
            "",
            "not a plain file (a FIFO, device or socket); only plain files belong in content/",
            "NOT_A_FILE",
        )
    if status.st_size > limit:
        raise _YamlProblem(
            None,
            "",
            f"file is {status.st_size} bytes; the limit is {limit} bytes",
            "FILE_TOO_LARGE",
        )


def _read_text(path: str | Path, shown: str, limit: int, size: int | None = None) -> str:
    """The text of the plain file at ``path``, checked.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device
    or a socket is refused instead of hanging the build or reading without end, and
    never more than ``limit`` bytes are read, whatever the file's size claims.
    ``size`` says the caller has checked the file's status already.
    """
    try:
        if size is None:  # refused by its status where it can be, without opening it
            _check_status(os.stat(path), limit)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _YamlProblem(None, "", f"cannot read: {exc.strerror}", "UNREADABLE") from None
    with open(descriptor, "rb", closefd=True) as stream:
        _check_status(os.fstat(descriptor), limit)  # what was opened, not what was named
        try:
            raw = stream.read(limit + 1)
        except OSError as exc:
            raise _YamlProblem(None, "", f"cannot read: {exc.strerror}", "UNREADABLE") from None
    if len(raw) > limit:  # grew since the stat
        raise _YamlProblem(None, "", f"file is over the limit of {limit} bytes", "FILE_TOO_LARGE")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _YamlProblem(
            1, "", "file starts with a byte-order mark; save as UTF-8 without BOM", "ENCODING"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _YamlProblem(
            line, "", f"not valid UTF-8 (byte {exc.start}); save as UTF-8", "ENCODING"
        ) from None
    # A checkout with CRLF line ends (core.autocrlf) must build the same site as one with LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _NOT_XML.search(text)
    if bad:
        raise _YamlProblem(
            text[: bad.start()].count("\n") + 1,
            "",
            f"control character U+{ord(bad.group()):04X} is not allowed "
            "(pages and feeds cannot carry it); delete it",
            "CONTROL_CHARACTER",
        )
    return text


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---`` YAML ``---`` body; return (yaml, body, line of body start)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise _YamlProblem(
            1, "", "file must start with a '---' line, then YAML front matter", "NO_FRONT_MATTER"
        )
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise _YamlProblem(
        len(lines), "", "front matter is not closed by a '---' line", "NO_FRONT_MATTER"
    )


def load_record(path: Path, shown: str, cache: Cache | None = None) -> Document:
    """Read one record file: front matter as data, the rest as Markdown body.

    With a ``cache``, a file read before (same bytes, same loader) is not
    parsed again; problems are never cached, so they are always reported.
    """
    text = _read_text(path, shown, MAX_FILE_BYTES)
    hit, key = _cached(text, path, shown, cache)
    if hit is not None:
        return hit
    document = _parse_record(text, shown)
    _remember(cache, key, document)
    return document


def editor_file(name: str) -> bool:
    """An editor's lock, backup or swap file beside the records: never a record."""
    return name.startswith((".#", ".~")) or name.endswith(("~", ".swp"))


def load_record_file(content_dir: Path, path: Path) -> Document | ContentError | None:
    """The record file ``path`` read as :func:`load_content` reads it, for a save of one
    file: None when it is not a plain ``records/<name>.md`` (the whole content is read
    then, to say why)."""
    records = content_dir / "records"
    if (
        path.parent != records
        or path.name.startswith(".")
        or path.suffix != ".md"
        or path.is_symlink()
        or not path.is_file()
    ):
        return None
    shown = path.relative_to(content_dir.parent).as_posix()
    try:
        return load_record(path, shown)
    except _YamlProblem as problem:
        return problem.at(shown)


def _cached(
    text: str, path: str | Path, shown: str, cache: Cache | None
) -> tuple[Document | None, str]:
    """The record parsed from ``text`` (read from ``path``) before, if the cache has it;
    and its cache key."""
    if cache is None:
        return None, ""
    key = Cache.key(_LOADER_VERSION, text.encode())
    return _from_cache(cache.get("record", key), path, shown, key), key


def _remember(cache: Cache | None, key: str, document: Document) -> bool:
    """Keep ``document`` in the cache, if it can be; say whether it was."""
    if cache is not None and _plain_json(document.data):
        cache.put("record", key, _to_cache(document))
        document.key = key
        return True
    return False


def _file_status(status: os.stat_result) -> list[int]:
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def _remember_file(cache: Cache | None, path: str, status: os.stat_result, key: str) -> None:
    """Note which cache entry the file at ``path`` holds, as long as it keeps ``status``
    (if it had not changed for :attr:`Cache.unchanged_after_s` when it was read)."""
    if cache is not None and time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > (
        cache.unchanged_after_s * 1e9
    ):
        cache.put("file", path, [*_file_status(status), key])


def _unchanged(
    cache: Cache | None, path: str, shown: str, status: os.stat_result
) -> Document | None:
    """The record at ``path`` from the cache without reading it, if the file's status is the
    one noted when it was last read (the change time cannot be set back by hand)."""
    if cache is None:
        return None
    noted = cache.get("file", path)
    if not isinstance(noted, list) or noted[:-1] != _file_status(status):
        return None
    key = str(noted[-1])
    return _from_cache(cache.get("record", key), path, shown, key)


def _plain_json(value: Any) -> bool:
    """Whether ``value`` survives JSON unchanged (string keys, finite numbers)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_json(item) for item in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return value is None or isinstance(value, str | int | bool)


_LOADER_VERSION = code_version("load")


def _to_cache(document: Document) -> dict[str, Any]:
    return {
        "data": document.data,
        "body": document.body,
        "body_line": document.body_line,
    }


def _from_cache(entry: Any, path: str | Path, shown: str, key: str) -> Document | None:
    try:
        return Document(
            path=shown,
            data=entry["data"],
            body=str(entry["body"]),
            body_line=int(entry["body_line"]),
            key=key,
            source=path,
        )
    except (TypeError, KeyError, ValueError):
        return None


def _parse_outcome(item: tuple[str, str]) -> Document | tuple[int | None, str, str, str]:
    """:func:`_parse_record` for a worker: a problem comes back as a value."""
    shown, text = item
    try:
        return _parse_record(text, shown)
    except _YamlProblem as problem:
        return problem.line, problem.field, problem.message, problem.code


def _parse_record(text: str, shown: str) -> Document:
    front, body, body_line = split_front_matter(text)
    raw: dict[Location, str] = {}
    data, lines = parse_yaml(front, line_offset=1, raw=raw)
    stripped = body.lstrip("\n")
    body_line += len(body) - len(stripped)
    return Document(
        path=shown,
        data=data,
        lines=lines,
        body=stripped.rstrip("\n") + "\n",
        body_line=body_line,
        raw=raw,
    )


def load_table(path: Path, shown: str) -> Document:
    """Read one reference table (a YAML list of mappings)."""
    raw: dict[Location, str] = {}
    data, lines = parse_yaml(
        _read_text(path, shown, MAX_TABLE_BYTES), max_nodes=MAX_TABLE_NODES, raw=raw
    )
    return Document(path=shown, data=data, lines=lines, raw=raw)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _YamlProblem(None, key, "duplicate key", "DUPLICATE_KEY")
        result[key] = value
    return result


def load_release(path: Path, shown: str) -> Document:
    """Read a release snapshot: machine-written JSON, no line numbers needed."""
    text = _read_text(path, shown, MAX_TABLE_BYTES * 4)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise _YamlProblem(exc.lineno, "", f"JSON syntax: {exc.msg}", "JSON_SYNTAX") from None
    return Document(path=shown, data=data, lines={(): 1})


def _misplaced(entry: os.DirEntry[str], inside: str) -> tuple[str, str] | None:
    """Why ``entry`` of records/ is not a record file, as (message, code); None if it is."""
    if entry.is_symlink() and not os.path.realpath(entry.path).startswith(inside):
        return (
            "a link to a file outside content/ is not published; copy the record in",
            "LINK_OUTSIDE",
        )
    try:
        folder = entry.is_dir()
    except OSError as exc:  # a link loop
        return f"cannot read: {exc.strerror}", "UNREADABLE"
    if folder:
        return (
            "folders do not belong in records/; every record is records/<id>.md",
            "NOT_A_RECORD",
        )
    if entry.name.startswith("."):
        return (
            "hidden files do not belong in records/; remove the leading dot or move the file out",
            "NOT_A_RECORD",
        )
    if not entry.name.endswith(".md"):
        return "only .md files belong in records/", "NOT_A_RECORD"
    return None


def load_content(
    content_dir: Path, cache: Cache | None = None, records_per_batch: int = RECORDS_PER_BATCH
) -> tuple[RawContent, list[ContentError]]:
    """Read every content file; return what could be read and every problem. The records
    are read as :attr:`RawContent.records` is taken, ``records_per_batch`` at a time, and
    their problems added then."""
    errors: list[ContentError] = []
    base = content_dir.parent

    def shown(path: Path) -> str:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()

    inside = os.path.realpath(content_dir) + os.sep

    def table(path: Path) -> Document | None:
        if path.is_symlink() and not os.path.realpath(path).startswith(inside):
            errors.append(
                ContentError(
                    shown(path),
                    None,
                    "",
                    "a link to a file outside content/ is not read; copy the file in",
                    "LINK_OUTSIDE",
                )
            )
            return None
        try:
            return load_table(path, shown(path))
        except _YamlProblem as problem:
            errors.append(problem.at(shown(path)))
            return None

    tables: dict[str, Document] = {}
    for name in (*REFERENCE_TABLES, *OPTIONAL_TABLES):
        path = content_dir / f"{name}.yaml"
        if not path.is_file():
            if name in REFERENCE_TABLES:
                errors.append(
                    ContentError(shown(path), None, "", "file is missing", "MISSING_FILE")
                )
            continue
        if (document := table(path)) is not None:
            tables[name] = document

    releases = []
    for path in sorted((content_dir / "releases").glob("*.json")):
        if path.is_symlink() and not os.path.realpath(path).startswith(inside):
            errors.append(
                ContentError(
                    shown(path),
                    None,
                    "",
                    "a link to a file outside content/ is not read; copy the file in",
                    "LINK_OUTSIDE",
                )
            )
            continue
        try:
            releases.append(load_release(path, shown(path)))
        except _YamlProblem as problem:
            errors.append(problem.at(shown(path)))

    record_dir = content_dir / "records"
    shown_dir = shown(record_dir)  # (strings, not paths, below: pathlib costs ~40 µs a file)
    entries: list[os.DirEntry[str]] = []
    if record_dir.is_dir() and not record_dir.is_symlink():
        with os.scandir(record_dir) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    else:
        errors.append(
            ContentError(
                shown_dir,
                None,
                "",
                "the records/ folder is missing (or is "
                "not a folder); records are content/records/<id>.md",
                "MISSING_FILE",
            )
        )
    records = _records(entries, shown_dir, inside, cache, errors, records_per_batch)
    return RawContent(records=records, tables=tables, releases=releases), errors


def _records(
    entries: list[os.DirEntry[str]],
    shown_dir: str,
    inside: str,
    cache: Cache | None,
    errors: list[ContentError],
    per_batch: int,
) -> Generator[Document, None, None]:
    """The record files ``entries``, read here and parsed on every core (the ones the cache
    does not know), a batch at a time, in order; every problem goes to ``errors``."""
    with mapper() as parse:
        for start in range(0, len(entries), per_batch):
            batch = entries[start : start + per_batch]
            outcomes = _read_batch(batch, shown_dir, inside, cache, parse)
            errors += [outcome for outcome in outcomes if isinstance(outcome, ContentError)]
            yield from (outcome for outcome in outcomes if isinstance(outcome, Document))


def _read_batch(
    entries: list[os.DirEntry[str]],
    shown_dir: str,
    inside: str,
    cache: Cache | None,
    parse: Mapper,
) -> list[Document | ContentError | None]:
    outcomes: list[Document | ContentError | None] = []
    misses: list[tuple[int, str, str, str, str, os.stat_result]] = []
    for entry in entries:
        file, name = entry.path, f"{shown_dir}/{entry.name}"
        if editor_file(entry.name):
            continue
        misplaced = _misplaced(entry, inside)
        if misplaced is not None:
            outcomes.append(ContentError(name, None, "", *misplaced))
            continue
        try:
            status = os.stat(file)
            _check_status(status, MAX_FILE_BYTES)
            if (known := _unchanged(cache, file, name, status)) is not None:
                outcomes.append(known)
                continue
            text = _read_text(file, name, MAX_FILE_BYTES, status.st_size)
        except _YamlProblem as problem:
            outcomes.append(problem.at(name))
            continue
        except OSError as exc:
            outcomes.append(
                ContentError(name, None, "", f"cannot read: {exc.strerror}", "UNREADABLE")
            )
            continue
        hit, key = _cached(text, file, name, cache)
        if hit is not None:
            _remember_file(cache, file, status, key)
            outcomes.append(hit)
            continue
        misses.append((len(outcomes), name, text, key, file, status))
        outcomes.append(None)
    parsed = parse(_parse_outcome, [(name, text) for _, name, text, *_ in misses])
    for (slot, name, _, key, file, status), outcome in zip(misses, parsed, strict=True):
        if isinstance(outcome, Document):
            if _remember(cache, key, outcome):
                _remember_file(cache, file, status, key)
            outcomes[slot] = outcome
        else:
            outcomes[slot] = ContentError(name, *outcome)
    return outcomes
