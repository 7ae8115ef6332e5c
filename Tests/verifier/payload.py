"""Payloads: their canonical JSON encoding (spec section 5) and their schema (section 6).

The chain does not need either (it hashes the stored bytes), but a payload that a writer
following the spec would not have written means the spec and the code disagree, or that the row
was written by something else; and a replay needs the payload's meaning.
"""

import json
import re
from datetime import date

# ---------------------------------------------------------------------------------------------
# Encoding (section 5)

# The only escapes a writer uses: the two JSON metacharacters, the five short forms, and
# \u00xx (lower-case hex) for the other C0 controls. Nothing else, not even '/', DEL or U+2028.
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def encode_string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[char])
        elif ord(char) < 0x20:
            out.append("\\u%04x" % ord(char))
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def utf8_order(key: str) -> bytes:
    """Keys sort by their UTF-8 bytes: 'date' < 'date_precision', 'pledge_outcomes' < 'pledges'."""
    return key.encode("utf-8")


def encode(value) -> str:
    """The canonical text of a decoded JSON value: sorted keys, no white space."""
    if isinstance(value, dict):
        members = (encode_string(k) + ":" + encode(value[k]) for k in sorted(value, key=utf8_order))
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(item) for item in value) + "]"
    if isinstance(value, str):
        return encode_string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    raise ValueError(f"no canonical form for {value!r}")


class PayloadProblem(Exception):
    """A payload that cannot be read, or that the spec's writer would not have written."""


def _no_duplicates(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise PayloadProblem(f"a key appears twice in one object: {sorted(keys)}")
    return dict(pairs)


def _no_constants(name):
    raise PayloadProblem(f"{name} is not JSON")


def decode(raw: bytes):
    """Parses stored payload bytes strictly (UTF-8, no duplicate keys, no NaN)."""
    try:
        text = raw.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PayloadProblem(f"not valid JSON in UTF-8: {error}") from None


def check_canonical(raw: bytes, value) -> None:
    """Raises unless `raw` is exactly the canonical encoding of `value`."""
    try:
        expected = encode(value).encode("utf-8")
    except (UnicodeEncodeError, ValueError) as error:
        raise PayloadProblem(f"holds a value with no canonical form: {error}") from None
    if expected != raw:
        at = next((i for i, (a, b) in enumerate(zip(raw, expected)) if a != b), min(len(raw), len(expected)))
        raise PayloadProblem(
            f"is not in the canonical encoding: first difference at byte {at}"
            f" (stored {raw[max(0, at - 20):at + 20]!r}, canonical {expected[max(0, at - 20):at + 20]!r})"
        )


# ---------------------------------------------------------------------------------------------
# Schema (section 6). A field is REQUIRED, OPTIONAL (left out when absent; never null) or
# NONEMPTY (a list left out when empty; never []).

REQUIRED, OPTIONAL, NONEMPTY = "required", "optional", "left out when empty"

POSITIONS = ("no_response", "considering", "rejected", "accepted_in_principle", "accepted_in_part", "accepted")
STAGES = ("not_started", "planned", "consulting", "legislating", "enacted", "partially_delivered", "delivered")
CONFIDENCES = ("confirmed", "single_source", "unconfirmed")
DATE_PRECISIONS = ("day", "month", "year")
STATEMENT_KINDS = (
    "commons_statement", "lords_statement", "written_statement", "written_answer", "government_response",
    "press_release", "speech", "consultation", "bill", "act", "statutory_instrument", "letter", "debate",
    "report", "other",
)
RECOMMENDATION_KINDS = ("recommendation", "finding")
OUTCOMES = ("met", "withdrawn")

SLUG_120 = re.compile(r"\A[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?\Z")
SLUG_64 = re.compile(r"\A[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
RECOMMENDATION_ID = re.compile(r"\A[A-Z][A-Z0-9]{0,15}-[1-9][0-9]{0,3}\Z")
PLEDGE_ID = re.compile(r"\A([a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?)#([1-9][0-9]{0,5})\Z")
DAY = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _text(value):
    return None if isinstance(value, str) else "is not a string"


def _matching(pattern, what):
    def check(value):
        if not isinstance(value, str) or not pattern.match(value):
            return f"{value!r} is not {what}"
        return None
    return check


def _day(value):
    if not isinstance(value, str) or not DAY.match(value):
        return f"{value!r} is not a YYYY-MM-DD day"
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real day"
    return None if 1900 <= parsed.year else f"{value!r} is before 1900"


def _one_of(values):
    def check(value):
        return None if value in values else f"{value!r} is not one of {', '.join(values)}"
    return check


def _list(item):
    def check(value):
        if not isinstance(value, list):
            return "is not a list"
        for index, element in enumerate(value):
            problem = item(element)
            if problem:
                return f"[{index}] {problem}"
        return None
    return check


def _object(fields, rule=None):
    """A checker for an object with exactly `fields` (name -> (presence, checker)); `rule`
    checks what spans fields."""
    def check(value):
        if not isinstance(value, dict):
            return "is not an object"
        unknown = sorted(set(value) - set(fields))
        if unknown:
            return f"has keys no writer writes: {', '.join(unknown)}"
        for key, (presence, checker) in fields.items():
            if key not in value:
                if presence == REQUIRED:
                    return f"lacks the key '{key}'"
                continue
            if presence == NONEMPTY and value[key] == []:
                return f"'{key}' is [] (it is left out when empty)"
            problem = checker(value[key])
            if problem:
                return f"'{key}' {problem}"
        return rule(value) if rule else None
    return check


text, day = _text, _day
event_id = _matching(SLUG_120, "an event id (a slug of 1-120 characters)")
source_id = _matching(SLUG_64, "a source id (a slug of 1-64 characters)")
recommendation_id = _matching(RECOMMENDATION_ID, "a recommendation id (PREFIX-N)")
pledge_id = _matching(PLEDGE_ID, "a pledge id (STATEMENT-ID#N)")

SOURCE_LINK = _object({"publisher": (REQUIRED, text), "title": (OPTIONAL, text), "url": (REQUIRED, text)})

RECOMMENDATION = _object({
    "addressed_to": (REQUIRED, _list(text)),
    "confidence": (REQUIRED, _one_of(CONFIDENCES)),
    "id": (REQUIRED, recommendation_id),
    "kind": (REQUIRED, _one_of(RECOMMENDATION_KINDS)),
    "lead": (OPTIONAL, text),
    "note": (OPTIONAL, text),
    "repeats": (NONEMPTY, _list(recommendation_id)),
    "sources": (REQUIRED, _list(SOURCE_LINK)),
    "text": (REQUIRED, text),
    "title": (REQUIRED, text),
})

REPORT = _object({
    "author": (REQUIRED, text),
    "id": (REQUIRED, source_id),
    "note": (OPTIONAL, text),
    "prefix": (REQUIRED, _matching(re.compile(r"\A[A-Z][A-Z0-9]{0,15}\Z"), "a prefix")),
    "published": (REQUIRED, day),
    "recommendations": (REQUIRED, _list(RECOMMENDATION)),
    "title": (REQUIRED, text),
    "url": (REQUIRED, text),
})

STATUS_CHANGE = _object({
    "note": (OPTIONAL, text),
    "position": (OPTIONAL, _one_of(POSITIONS)),
    "reason": (OPTIONAL, text),
    "recommendation": (REQUIRED, recommendation_id),
    "stage": (OPTIONAL, _one_of(STAGES)),
})


def _one_target(pledge):
    if "target_stage" in pledge and "target_position" in pledge:
        return "has both target_stage and target_position"
    return None


PLEDGE = _object({
    "due": (OPTIONAL, day),
    "due_text": (OPTIONAL, text),
    "recommendation": (REQUIRED, recommendation_id),
    "replaces": (OPTIONAL, pledge_id),
    "target_position": (OPTIONAL, _one_of(POSITIONS + ("any",))),
    "target_stage": (OPTIONAL, _one_of(STAGES)),
    "text": (REQUIRED, text),
}, _one_target)

PLEDGE_OUTCOME = _object({
    "note": (OPTIONAL, text),
    "outcome": (REQUIRED, _one_of(OUTCOMES)),
    "pledge": (REQUIRED, pledge_id),
    "recommendation": (REQUIRED, recommendation_id),
})

STATEMENT = _object({
    "changes": (REQUIRED, _list(STATUS_CHANGE)),
    "confidence": (REQUIRED, _one_of(CONFIDENCES)),
    "date": (REQUIRED, day),
    "date_precision": (REQUIRED, _one_of(DATE_PRECISIONS)),
    "id": (REQUIRED, event_id),
    "kind": (REQUIRED, _one_of(STATEMENT_KINDS)),
    "note": (OPTIONAL, text),
    "pledge_outcomes": (NONEMPTY, _list(PLEDGE_OUTCOME)),
    "pledges": (REQUIRED, _list(PLEDGE)),
    "reaffirms": (REQUIRED, _list(recommendation_id)),
    "relates_to": (REQUIRED, _list(recommendation_id)),
    "role": (REQUIRED, text),
    "sources": (REQUIRED, _list(SOURCE_LINK)),
    "speaker": (REQUIRED, text),
    "summary": (REQUIRED, text),
    "title": (REQUIRED, text),
})


def _one_replacement(replacement):
    return None if len(replacement) == 1 else "must hold exactly one of 'report' and 'statement'"


REPLACEMENT = _object({"report": (OPTIONAL, REPORT), "statement": (OPTIONAL, STATEMENT)}, _one_replacement)

CORRECTION = _object({
    "reason": (REQUIRED, text),
    "replacement": (OPTIONAL, REPLACEMENT),
    "sources": (NONEMPTY, _list(SOURCE_LINK)),
    "target": (REQUIRED, event_id),
})

SWEEP = _object({
    "checked_by": (REQUIRED, text),
    "found": (REQUIRED, _list(event_id)),
    "from": (OPTIONAL, day),
    "id": (REQUIRED, event_id),
    "note": (OPTIONAL, text),
    "recommendations": (REQUIRED, _list(recommendation_id)),
    "sources": (REQUIRED, _list(SOURCE_LINK)),
    "through": (REQUIRED, day),
})

SCHEMAS = {
    "report_published": REPORT, "statement_recorded": STATEMENT, "event_corrected": CORRECTION,
    "sweep_recorded": SWEEP,
}


def check_schema(event_type: str, event_id_text: str, payload) -> None:
    """Raises unless the payload has its type's shape, and names itself where it must."""
    problem = SCHEMAS[event_type](payload)
    if problem:
        raise PayloadProblem(f"does not follow the {event_type} schema: {problem}")
    if event_type in ("report_published", "statement_recorded", "sweep_recorded") and payload["id"] != event_id_text:
        raise PayloadProblem(f"its payload's id '{payload['id']}' is not the event's id")
