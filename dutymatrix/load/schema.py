"""JSON Schema (draft 2020-12) of one model file, made from the loader's field table.

Editors use it to complete and validate model files (``# yaml-language-server:
$schema=…``). It says what the loader says about shapes, fields and types; what needs the
whole model (references, duplicate ids, RACI letters against ``org.raci``) only the loader
can check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dutymatrix.load.fields import (
    CHECK_ID_PATTERN,
    ID_PATTERN,
    OBJECTS,
    SECTIONS,
    SEVERITIES,
    Field,
)

if TYPE_CHECKING:
    from dutymatrix.options import Option

_LETTERS = {"type": "string", "pattern": "^[RASCI]+$"}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _field_schema(field: Field) -> dict[str, Any]:
    kind = field.kind
    schema: dict[str, Any]
    if kind in ("id", "local-id"):
        schema = {"type": "string", "pattern": ID_PATTERN}
    elif kind in ("ref", "str"):
        schema = {"type": "string"}
    elif kind == "refs":
        schema = {"type": "array", "items": {"type": "string"}}
    elif kind == "numbers":
        schema = {"type": "array", "items": {"type": "integer", "minimum": 1}}
    elif kind == "text":
        schema = _ref("text")
    elif kind == "texts":
        schema = {"type": "array", "items": _ref("text")}
    elif kind == "enum":
        schema = {"enum": list(field.choices)}
    elif kind == "letters":
        schema = dict(_LETTERS)
    elif kind in ("int", "number"):
        schema = {"type": "integer" if kind == "int" else "number"}
        if field.minimum is not None:
            schema["minimum"] = field.minimum
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "date":
        schema = dict(_DATE)
    elif kind == "object":
        schema = _ref(field.target)
    elif kind == "list":
        schema = {"type": "array", "items": _ref(field.target)}
    elif kind == "duties":
        schema = {"type": "array", "items": {"oneOf": [{"type": "string"}, _ref("duty")]}}
    elif kind == "raci":
        schema = {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                  "additionalProperties": _LETTERS}
    elif kind == "checks-list":
        schema = {"type": "array", "items": {"type": "string", "pattern": CHECK_ID_PATTERN}}
    elif kind == "checks-severity":
        schema = {"type": "object", "propertyNames": {"pattern": CHECK_ID_PATTERN},
                  "additionalProperties": {"enum": list(SEVERITIES)}}
    elif kind == "checks-options":  # replaced by the catalogue's options (model_schema)
        schema = {"type": "object"}
    else:  # pragma: no cover - a bug in the field table
        raise AssertionError(f"no schema for field kind {kind}")
    if field.doc:
        schema = {**schema, "description": field.doc}
    return schema


def _object_schema(fields: dict[str, Field]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: _field_schema(f) for name, f in fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, f in fields.items() if f.required]
    if required:
        schema["required"] = required
    return schema


def _options_schema(rule_options: Mapping[str, Mapping[str, Option]]) -> dict[str, Any]:
    """``checks.options``: each rule's own options, typed; a rule without any takes none."""
    return {
        "type": "object",
        "description": "options by check id; `dutymatrix explain DMnnn` describes them",
        "propertyNames": {"pattern": CHECK_ID_PATTERN},
        "properties": {
            rule_id: {
                "type": "object",
                "properties": {name: option.json_schema() for name, option in options.items()},
                "additionalProperties": False,
            }
            for rule_id, options in sorted(rule_options.items())
            if options
        },
        "additionalProperties": {"type": "object", "additionalProperties": False},
    }


def model_schema(rule_options: Mapping[str, Mapping[str, Option]]) -> dict[str, Any]:
    """The schema of one model file (a mapping of any of the sections).

    ``rule_options`` (check id → option name → Option) types ``checks.options``; the
    catalogue passes its own (``dutymatrix.checks.model_schema``).
    """
    defs: dict[str, Any] = {
        "text": {
            "description": "a string, or {zh: …, en: …, zh-TW: …}",
            "oneOf": [
                {"type": "string"},
                {"type": "object", "properties": {"zh": {"type": "string"},
                                                  "en": {"type": "string"},
                                                  "zh-TW": {"type": "string"}},
                 "additionalProperties": False, "minProperties": 1},
            ],
        },
    }
    for name, fields in OBJECTS.items():
        defs[name] = _object_schema(fields)
    defs["checks"]["properties"]["options"] = _options_schema(rule_options)
    # A post takes its title from its profile when it has one.
    defs["role"]["if"] = {"not": {"required": ["profile"]}}
    defs["role"]["then"] = {"required": ["title"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "dutymatrix model file",
        "description": "One file of an org folder: any of the sections below; a section may "
        "be split over several files.",
        "type": "object",
        "properties": {name: _field_schema(f) for name, f in SECTIONS.items()},
        "additionalProperties": False,
        "$defs": defs,
    }
