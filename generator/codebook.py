"""The codebook: every record field, its type, meaning and allowed values.

Generated from the pydantic models and the label table, never written by
hand, so it cannot drift from what validation accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .labels import label
from .schema import record_schema

# Which label group explains the allowed values of an enum-typed field.
_LABEL_GROUP = {
    "kind": "kind",
    "date_precision": "date_precision",
    "origin": "origin",
    "type": "place_type",
    "qualifier": "qualifier",
    "code": "appeal",
    "channel": "channel",
    "role": "unit_role",
    "audience": "audience",
    "date_basis": "date_basis",
    "date_inferred": "date_part",
}


@dataclass(frozen=True)
class CodebookField:
    """One row of the codebook."""

    name: str
    type: str
    required: bool
    description_en: str
    description_id: str
    values: tuple[tuple[str, str, str], ...]  # (code, Indonesian, English)


def _type_name(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[str, list[str]]:
    """Readable type and the enum values, following $ref, anyOf and arrays."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name, list(defs[name].get("enum", []))
    if "anyOf" in schema:
        parts = [_type_name(s, defs) for s in schema["anyOf"] if s.get("type") != "null"]
        return " | ".join(p[0] for p in parts), [v for p in parts for v in p[1]]
    if schema.get("type") == "array":
        inner, values = _type_name(schema["items"], defs)
        return f"list of {inner}", values
    kind = schema.get("format") or schema.get("type", "any")
    return str(kind), list(schema.get("enum", []))


def _fields(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> list[CodebookField]:
    rows: list[CodebookField] = []
    required = set(schema.get("required", []))
    for name, prop in schema["properties"].items():
        kind, values = _type_name(prop, defs)
        group = _LABEL_GROUP.get(name)
        labelled = tuple(
            (v, label(group, v, "id"), label(group, v, "en")) if group else (v, v, v)
            for v in values
        )
        rows.append(
            CodebookField(
                name=prefix + name,
                type=kind,
                required=name in required,
                description_en=prop.get("description", ""),
                description_id=prop.get("x-description-id", ""),
                values=labelled,
            )
        )
        nested = kind.removeprefix("list of ").split(" | ")[0]
        if nested in defs and "properties" in defs[nested]:
            rows += _fields(defs[nested], defs, f"{prefix}{name}{'[]' if 'list' in kind else ''}.")
    return rows


def codebook() -> list[CodebookField]:
    """Every field of a record, nested fields included, in schema order."""
    schema = record_schema()
    return _fields(schema, schema.get("$defs", {}), "")
