"""JSON Schema (2020-12) of the public models, written under ``schema/``.

The files are generated, committed, and checked for staleness in the test
suite, so the published schema can never drift from the pydantic models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import SchemaStale
from .models import PublishedRecord, Record, RecordsFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def record_schema() -> dict[str, Any]:
    """Schema of one record's front matter, exactly as editors write it."""
    schema = Record.model_json_schema(mode="validation")
    return {"$schema": DIALECT, **schema}


RECORDS_SCHEMA = "records.schema.json"
"""The schema ``data/records.json`` names in its ``$schema``, and validates against whole."""


def _published(model: type[PublishedRecord] | type[RecordsFile]) -> dict[str, Any]:
    return {"$schema": DIALECT, **model.model_json_schema(mode="serialization", by_alias=True)}


def schemas() -> dict[str, str]:
    """File name -> serialised schema, deterministic."""
    found = {
        "record.schema.json": record_schema(),
        "published-record.schema.json": _published(PublishedRecord),
        RECORDS_SCHEMA: _published(RecordsFile),
    }
    return {
        name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in found.items()
    }


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_schemas(directory: Path) -> None:
    """Raise :class:`SchemaStale` naming every file that differs from the models."""
    stale = []
    for name, text in schemas().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
    if stale:
        raise SchemaStale(
            "stale schema: "
            + ", ".join(stale)
            + "; run `python -m generator schema` and commit the result"
        )
