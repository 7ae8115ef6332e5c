"""What a replay gives `status --format json` and `pledges --format json` (docs/json.md), built
from a `replay.Tracker` by the rules of docs/log-format.md, sections 7.7-7.9."""

from replay import Pledge, Tracker, days_between, headline, target_words


# ---------------------------------------------------------------------------------------------
# 7.7: a pledge on a day

def pledge_state(pledge: Pledge, day: str) -> tuple:
    """('open',), ('overdue', days) or (ending, days late). An end dated after `day` has not
    happened yet; a pledge is overdue from the day after its due date."""
    due = pledge.body.get("due")
    end = pledge.end
    if end is not None and end.date <= day:
        return (end.ending, max(0, days_between(due, end.date)) if due else 0)
    if due is not None and day > due:
        return ("overdue", days_between(due, day))
    return ("open",)


def slipped_days(pledge: Pledge):
    if "replaces" not in pledge.body or pledge.baseline_due is None or "due" not in pledge.body:
        return None
    return days_between(pledge.baseline_due, pledge.body["due"])


# ---------------------------------------------------------------------------------------------
# 7.8: first calls

def first_calls(tracker: Tracker) -> dict:
    """Per recommendation, {"date", "by"} for the earliest call before its own report: a
    statement dated before it that names it (`relates_to`), or what it repeats, at any depth."""
    published, repeats = {}, {}
    for report in tracker.reports.values():
        for item in report["recommendations"]:
            published[item["id"]] = report["published"]
            repeats[item["id"]] = item.get("repeats", [])
    mentions = {}
    for rid, state in tracker.states.items():
        # History is in the order applied (date order): the first entry is the earliest.
        if state.history and state.history[0][0] < state.published:
            mentions[rid] = (state.history[0][0], state.history[0][1])
    earliest = {}

    def walk(rid, visiting):
        if rid in earliest:
            return earliest[rid]
        if rid not in published or rid in visiting:
            return None  # unknown, or a cycle in the data
        visiting.add(rid)
        best = (published[rid], rid)
        if rid in mentions and mentions[rid][0] < best[0]:
            best = mentions[rid]
        for earlier in repeats[rid]:
            call = walk(earlier, visiting)
            if call is not None and call[0] < best[0]:  # strictly earlier: the first listed wins ties
                best = call
        earliest[rid] = best
        return best

    calls = {}
    for rid in sorted(published):
        call = walk(rid, set())
        if call is not None and call[1] != rid:
            calls[rid] = {"by": call[1], "date": call[0]}
    return calls


# ---------------------------------------------------------------------------------------------
# 7.9: the rows of `status`

LEAD_REPORT = "iicsa-2022"


def ordered_reports(tracker: Tracker) -> list:
    """Reports published by the day in reading order: the IICSA report first, then the others
    oldest first, ties by source id (log-format.md, the status rows)."""
    shown = [r for r in tracker.reports.values() if r["published"] <= tracker.as_of]
    return sorted(shown, key=lambda r: (0 if r["id"] == LEAD_REPORT else 1, r["published"], r["id"]))


def pledge_counts(tracker: Tracker, day: str) -> tuple:
    open_, overdue = {}, {}
    for pledge in tracker.pledges:
        if pledge.made_on > day:
            continue
        state = pledge_state(pledge, day)[0]
        if state in ("open", "overdue"):
            open_[pledge.recommendation] = open_.get(pledge.recommendation, 0) + 1
        if state == "overdue":
            overdue[pledge.recommendation] = overdue.get(pledge.recommendation, 0) + 1
    return open_, overdue


def status_json(tracker: Tracker, known_at, log_length: int, log_head: str) -> dict:
    day = tracker.as_of
    open_, overdue = pledge_counts(tracker, day)
    calls = first_calls(tracker)
    rows = []
    for report in ordered_reports(tracker):
        for item in report["recommendations"]:  # in the catalogue's order
            state = tracker.states[item["id"]]
            rows.append({
                "first_called_for": calls.get(item["id"]),
                "headline": headline(state.position, state.stage, item.get("kind", "recommendation")),
                "id": item["id"],
                "last_change": state.last_change,
                "number": int(item["id"].rsplit("-", 1)[1]),
                "open_pledges": open_.get(item["id"], 0),
                "overdue_pledges": overdue.get(item["id"], 0),
                "position": state.position,
                "source": report["id"],
                "stage": state.stage,
                # The same status as one object, the shape every output prints (docs/json.md).
                "status": {
                    "headline": headline(state.position, state.stage, item.get("kind", "recommendation")),
                    "position": state.position,
                    "stage": state.stage,
                },
                "title": item["title"],
            })
    return {
        "as_of": day,
        "known_at": known_at,
        "log": {"head": log_head, "length": log_length},
        "recommendations": rows,
    }


# ---------------------------------------------------------------------------------------------
# The rows of `pledges`

def pledge_json(pledge: Pledge, day: str, title: str) -> dict:
    body = pledge.body
    state = pledge_state(pledge, day)
    out = {
        "due": body.get("due"),
        "due_text": body.get("due_text"),
        "id": pledge.id,
        "made_on": pledge.made_on,
        "recommendation": pledge.recommendation,
        "state": state[0],
        "statement": pledge.statement,
        "target": target_words(body),
        "text": body["text"],
        "title": title,
        "fulfilled_by": None,
    }
    if state[0] == "overdue":
        out["days_overdue"] = state[1]
    elif state[0] != "open":
        end = pledge.end
        by = {"date": end.date, "statement": end.statement}
        out["ended_by"] = by
        if end.ending == "fulfilled":
            out["fulfilled_by"] = by
        if end.ending in ("fulfilled", "met"):
            out["days_late"] = state[1]
        if end.note is not None:
            out["note"] = end.note
        if end.replacement is not None:
            out["replaced_by"] = end.replacement
    if "replaces" in body:
        out["replaces"] = body["replaces"]
        out["baseline_due"] = pledge.baseline_due
        out["slipped_days"] = slipped_days(pledge)
    return out


def pledge_order(pledge: Pledge, day: str) -> tuple:
    """Overdue first (most days first), then open (soonest due first, no due date last), then
    ended (latest end first); ties by the day made, the statement id and the ordinal."""
    state = pledge_state(pledge, day)
    made = (pledge.made_on, pledge.statement, pledge.ordinal)
    if state[0] == "overdue":
        return (0, -state[1], "") + made
    if state[0] == "open":
        return (1, 0, pledge.body.get("due") or "9999-99-99") + made
    return (2, -days_between("1970-01-01", pledge.end.date), "") + made


def pledges_json(tracker: Tracker, known_at, log_length: int, log_head: str) -> dict:
    day = tracker.as_of
    titles = {rid: state.recommendation["title"] for rid, state in tracker.states.items()}
    made = sorted((p for p in tracker.pledges if p.made_on <= day), key=lambda p: pledge_order(p, day))
    return {
        "as_of": day,
        "known_at": known_at,
        "log": {"head": log_head, "length": log_length},
        "pledges": [pledge_json(p, day, titles.get(p.recommendation, "")) for p in made],
    }


# ---------------------------------------------------------------------------------------------
# 7.10: checked through

def place(link: dict) -> str:
    """What tells one place searched from another: the URL without the scheme, a leading `www.`
    or a trailing `/`, lower-cased, and the link's title."""
    address = link["url"].lower()
    for scheme in ("https://", "http://"):
        if address.startswith(scheme):
            address = address[len(scheme):]
            break
    if address.startswith("www."):
        address = address[4:]
    return address.rstrip("/") + "\n" + link.get("title", "")


def checked(tracker: Tracker) -> dict:
    """Per recommendation with a state, the sweeps that are the latest search of at least one of
    their places, newest first (latest `through`, then later in the log): [{"sweep", "through"}].
    The first is its "checked through"; empty when no sweep names it."""
    ordered = sorted(tracker.sweeps, key=lambda pair: (pair[0]["through"], pair[1]), reverse=True)
    out = {rid: [] for rid in sorted(tracker.states)}
    seen = {}
    for sweep, _ in ordered:
        for rid in sweep["recommendations"]:
            if rid not in out:
                continue
            new = {place(link) for link in sweep["sources"]} - seen.setdefault(rid, set())
            if new:
                seen[rid] |= new
                out[rid].append({"sweep": sweep["id"], "through": sweep["through"]})
    return out
