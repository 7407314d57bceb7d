"""Schemathesis hooks for tests/security/api-fuzzing.test.ts.

The OpenAPI document states every rule a JSON Schema can hold. These are the rules it
cannot: they compare two fields or depend on what is stored. A request that Schemathesis
means to be valid (positive mode) is made to keep them, the way a client that read the
descriptions would; nothing is changed in a request meant to be invalid, and no check is
turned off.
"""

import base64
import datetime
import hashlib
import json
import os

import schemathesis
from schemathesis import GenerationMode

# The people of the caller's organisation: a body that names a person names one of these.
PEOPLE = [person for person in os.environ.get("THROUGHLINE_PEOPLE", "").split(",") if person]


def is_positive(case):
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


def is_server_cursor(value):
    """A cursor is the base64url of a JSON list of strings and numbers, issued by a page."""
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
        parts = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(parts, list) and all(
        isinstance(part, (str, int, float)) and not isinstance(part, bool) for part in parts
    )


def person_for(value):
    """One of the organisation's people, chosen by the generated value (so runs repeat)."""
    return PEOPLE[sum(map(ord, str(value))) % len(PEOPLE)]


def day_after(date, days=1):
    try:
        return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()
    except (OverflowError, ValueError):
        return None


def keep_cycle_dates(body):
    """A cycle ends after it starts (an edit with one date is checked against the stored other)."""
    starts, ends = body.get("startsOn"), body.get("endsOn")
    if starts is not None and ends is not None and ends <= starts:
        later = day_after(starts)
        if later:
            body["endsOn"] = later
        else:
            body["startsOn"], body["endsOn"] = "2000-01-01", "2000-01-02"
    elif (starts is None) != (ends is None):
        body.pop("startsOn", None)
        body.pop("endsOn", None)


# The fields of a body that name a person, and those that name several.
PERSON_FIELDS = ("ownerId", "leadId", "personId")
PEOPLE_FIELDS = ("memberIds", "coOwnerIds", "updaterIds")


def name_people(body):
    """A body names people of the organisation (an unknown one is refused: 400 or 404)."""
    for field in PERSON_FIELDS:
        if isinstance(body.get(field), str):
            body[field] = person_for(body[field])
    for field in PEOPLE_FIELDS:
        if isinstance(body.get(field), list):
            body[field] = sorted({person_for(person) for person in body[field]})
    for contributor in body.get("contributors") or []:
        if isinstance(contributor, dict) and contributor.get("kind") == "person":
            contributor["id"] = person_for(contributor.get("id"))


def idempotency_key_for(case):
    """One key per distinct request, as a client makes them: a retry of the same request
    reuses it (and gets the first answer), another request never does (that is 422)."""
    request = json.dumps(
        [case.method, case.formatted_path, case.query, case.body], sort_keys=True, default=str
    )
    return "fuzz-" + hashlib.sha256(request.encode("utf-8")).hexdigest()[:40]


@schemathesis.hook
def before_call(context, case, kwargs):
    """Runs on every request of every phase, just before it is sent."""
    if not is_positive(case):
        return
    operation = case.operation.definition.raw.get("operationId")
    query = case.query if isinstance(case.query, dict) else None
    body = case.body if isinstance(case.body, dict) else None

    # Only a page issues a cursor (the links carry real ones from page to page).
    if query and "cursor" in query and not is_server_cursor(str(query["cursor"])):
        del query["cursor"]

    if operation == "oneOnOnes.list" and query:
        # The window is at most 62 days, from before to: a client asks for a window it can show.
        query.pop("from", None)
        query.pop("to", None)

    if operation in ("digest", "risks", "businessReview.get", "businessReview.deck") and query:
        # A person or a team, not both (a link may add one to a query that has the other).
        if query.get("personId") is not None and query.get("teamId") is not None:
            del query["teamId"]

    if operation in ("cycles.create", "cycles.update") and body:
        keep_cycle_dates(body)

    if body and PEOPLE:
        name_people(body)
    # A team cannot be its own parent (a loop through stored teams is refused as well).
    if operation == "teams.update" and body and body.get("parentId") == case.path_parameters.get("id"):
        body.pop("parentId")

    if operation in ("objectives.create", "objectives.update") and body:
        # What an objective aligns to, and the teams it names, must exist: stored facts.
        body.pop("alignsTo", None)
        if isinstance(body.get("contributors"), list):
            body["contributors"] = [
                each for each in body["contributors"] if isinstance(each, dict) and each.get("kind") == "person"
            ]
    if operation in ("objectives.create", "objectives.update", "deliverables.create", "deliverables.update") and body:
        if isinstance(body.get("teamId"), str):
            body["teamId"] = None

    if operation == "oneOnOnes.addActionItem" and body:
        # The owner of an action item is the manager or the report of the 1-on-1: the caller's.
        body.pop("ownerId", None)

    headers = case.headers  # a case-insensitive mapping, not a dict
    if headers is not None and "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = idempotency_key_for(case)
