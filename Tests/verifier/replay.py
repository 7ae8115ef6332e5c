"""The replay of docs/log-format.md, section 7: from decoded events to the status of every
recommendation and the state of every pledge on a day, as known at a time.

It is written from the spec alone, as an outside auditor would write it, and applies every rule
the spec lists: a log that breaks one does not replay (`RuleBroken`).
"""

from dataclasses import dataclass, field
from datetime import date

POSITIONS = ("no_response", "considering", "rejected", "accepted_in_principle", "accepted_in_part", "accepted")
STAGES = ("not_started", "planned", "consulting", "legislating", "enacted", "partially_delivered", "delivered")
ACCEPTANCES = ("accepted_in_principle", "accepted_in_part", "accepted")
INITIAL = ("no_response", "not_started")


class RuleBroken(Exception):
    """The log breaks a rule of section 7.6, so it has no replay."""


@dataclass(frozen=True)
class Event:
    sequence: int
    id: str
    type: str
    recorded_at: str  # YYYY-MM-DDTHH:MM:SSZ, which sorts as text in time order
    payload: dict


@dataclass
class Entry:
    """A statement as it stands: its content (as corrected), when that content entered the log,
    and the sequence of the event that first recorded it (its place among same-day statements)."""

    statement: dict
    recorded_at: str
    sequence: int


@dataclass
class End:
    ending: str  # fulfilled | met | superseded | withdrawn
    date: str
    statement: str
    note: str | None = None
    replacement: str | None = None  # the pledge that re-made it, for superseded


@dataclass
class Pledge:
    statement: str
    ordinal: int
    made_on: str
    body: dict  # the pledge object of the payload
    baseline_due: str | None
    end: End | None = None

    @property
    def id(self):
        return f"{self.statement}#{self.ordinal}"

    @property
    def recommendation(self):
        return self.body["recommendation"]


@dataclass
class State:
    recommendation: dict
    source: str
    published: str
    position: str = INITIAL[0]
    stage: str = INITIAL[1]
    last_change: dict | None = None  # {"date", "statement"}
    # (date, statement id, what) in the order applied; only the first entry is read (lineage).
    history: list = field(default_factory=list)


def headline(position: str, stage: str, kind: str) -> str:
    """log-format.md, the status rows: a finding is not_accepted only when rejected (disputed),
    and an accepted finding with nothing done is accepted, not promised."""
    if stage == "delivered":
        return "done"
    if stage != "not_started":
        return "in_progress"
    if position in ACCEPTANCES:
        return "accepted" if kind == "finding" else "promised"
    if kind == "finding" and position != "rejected":
        return "awaiting_answer"
    return "not_accepted"


def days_between(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def has_web_url(url: str) -> bool:
    """`http://` or `https://` (any case), a non-empty host before the first `/`, `?` or `#`,
    and no white space anywhere."""
    lower = url.lower()
    for scheme in ("https://", "http://"):
        if lower.startswith(scheme):
            rest = lower[len(scheme):]
            host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            return bool(host) and not any(char.isspace() for char in url)
    return False


# ---------------------------------------------------------------------------------------------
# 7.2: the effective log

@dataclass
class EffectiveLog:
    reports: dict = field(default_factory=dict)  # event id -> (report payload, sequence)
    statements: dict = field(default_factory=dict)  # event id -> Entry
    sweeps: dict = field(default_factory=dict)  # event id -> (sweep payload, sequence)


def effective_log(events) -> EffectiveLog:
    """Resolves corrections in log order: a retraction removes its target, a replacement swaps
    its content in but keeps the target's sequence."""
    log = EffectiveLog()
    corrections, retracted = set(), set()
    for event in events:
        if event.type == "report_published":
            log.reports[event.id] = (event.payload, event.sequence)
        elif event.type == "statement_recorded":
            log.statements[event.id] = Entry(event.payload, event.recorded_at, event.sequence)
        elif event.type == "sweep_recorded":
            check_sweep(log, event)
            log.sweeps[event.id] = (event.payload, event.sequence)
        else:
            apply_correction(log, event, corrections, retracted)
            corrections.add(event.id)
    return log


def apply_correction(log: EffectiveLog, event: Event, corrections: set, retracted: set) -> None:
    correction = event.payload
    target = correction["target"]
    if target in corrections:
        raise RuleBroken(f"{event.id}: corrects a correction ('{target}')")
    if target in retracted:
        raise RuleBroken(f"{event.id}: '{target}' has already been retracted")
    if target not in log.reports and target not in log.statements and target not in log.sweeps:
        raise RuleBroken(f"{event.id}: corrects '{target}', which is not in the log")
    replacement = correction.get("replacement")
    if target in log.sweeps and replacement is not None:
        raise RuleBroken(f"{event.id}: replaces the sweep '{target}', which may only be retracted")
    if replacement is None:
        retracted.add(target)
        log.reports.pop(target, None)
        log.statements.pop(target, None)
        log.sweeps.pop(target, None)
    elif "report" in replacement:
        report = replacement["report"]
        if target not in log.reports or report["id"] != target:
            raise RuleBroken(f"{event.id}: the replacement of '{target}' is not a catalogue with its id")
        log.reports[target] = (report, log.reports[target][1])
    else:
        statement = replacement["statement"]
        if target not in log.statements or statement["id"] != target:
            raise RuleBroken(f"{event.id}: the replacement of '{target}' is not a statement with its id")
        # Known from the correction's time, but in the original's place among same-day statements.
        log.statements[target] = Entry(statement, event.recorded_at, log.statements[target].sequence)


def check_sweep(log: EffectiveLog, event: Event) -> None:
    """Section 7.2: a sweep against the record as it stood when it was recorded, in log order."""
    sweep = event.payload
    fail = lambda why: RuleBroken(f"{event.id}: {why}")  # noqa: E731
    if sweep["through"] > event.recorded_at[:10]:
        raise fail(f"searched through {sweep['through']}, after the day it was recorded")
    if "from" in sweep and sweep["from"] > sweep["through"]:
        raise fail("'from' is after 'through'")
    if not sweep["checked_by"]:
        raise fail("'checked_by' is empty")
    if not sweep["recommendations"]:
        raise fail("names no recommendation")
    if not sweep["sources"]:
        raise fail("names no source")
    for link in sweep["sources"]:
        if not has_web_url(link["url"]):
            raise fail(f"source '{link['url']}' is not an http(s) URL")
    known = {item["id"] for report, _ in log.reports.values() for item in report["recommendations"]}
    if len(set(sweep["recommendations"])) != len(sweep["recommendations"]):
        raise fail("names a recommendation twice")
    for rid in sweep["recommendations"]:
        if rid not in known:
            raise fail(f"names {rid}, which no recorded report contains")
    if len(set(sweep["found"])) != len(sweep["found"]):
        raise fail("names a statement twice")
    for sid in sweep["found"]:
        entry = log.statements.get(sid)
        if entry is None:
            raise fail(f"found '{sid}', which is not a statement standing in the record")
        if entry.statement["date"] > sweep["through"]:
            raise fail(f"found '{sid}', dated after the last day searched")


# ---------------------------------------------------------------------------------------------
# 7.3-7.7: the fold

class Tracker:
    """Every recommendation's state after applying the effective log up to a day."""

    def __init__(self, as_of: str):
        self.as_of = as_of
        self.reports = {}  # source id -> report payload (all of them, whatever their date)
        self.source_by_prefix = {}
        self.states = {}  # recommendation id -> State (reports published by as_of only)
        self.pledges = []  # Pledge, in the order made
        self.pledge_index = {}  # pledge id -> index into pledges
        self.open_by_recommendation = {}  # recommendation id -> [index], the open ones
        self.sweeps = []  # (sweep payload, sequence) standing, searched through as_of at the latest

    # 7.3: reports

    def publish(self, report: dict) -> None:
        check_report(report)
        other = self.source_by_prefix.get(report["prefix"])
        if other is not None and other != report["id"]:
            raise RuleBroken(f"{report['id']}: prefix {report['prefix']} is already {other}'s")
        self.source_by_prefix[report["prefix"]] = report["id"]
        self.reports[report["id"]] = report
        if report["published"] > self.as_of:
            return
        for item in report["recommendations"]:
            self.states[item["id"]] = State(item, report["id"], report["published"])

    def check_repeats(self, report: dict) -> None:
        for item in report["recommendations"]:
            for earlier in item.get("repeats", []):
                other = self.report_of(earlier)
                if other is None or other["id"] == report["id"] or other["published"] > report["published"]:
                    raise RuleBroken(f"{report['id']}: {item['id']} repeats {earlier}, of no earlier report")

    def report_of(self, recommendation: str):
        prefix = recommendation.rsplit("-", 1)[0]
        report = self.reports.get(self.source_by_prefix.get(prefix))
        if report and any(item["id"] == recommendation for item in report["recommendations"]):
            return report
        return None

    def state(self, recommendation: str, statement: dict) -> State:
        """The state a statement may act on: its report exists and was published by its date."""
        report = self.report_of(recommendation)
        if report is None:
            raise RuleBroken(f"{statement['id']}: names {recommendation}, which no recorded report contains")
        state = self.states.get(recommendation)
        if state is None or statement["date"] < report["published"]:
            raise RuleBroken(f"{statement['id']}: {recommendation} is acted on before its report was published")
        return state

    # 7.4: one statement, in the order outcomes, changes, reaffirmations, pledges, background

    def apply(self, entry: Entry) -> None:
        statement = entry.statement
        check_statement(statement)
        if statement["date"] > entry.recorded_at[:10]:
            raise RuleBroken(f"{statement['id']}: dated after it was recorded")
        for recommendation in statement["relates_to"]:
            if self.report_of(recommendation) is None:
                raise RuleBroken(f"{statement['id']}: names {recommendation}, which no recorded report contains")
        for outcome in statement.get("pledge_outcomes", []):
            self.end_pledge(outcome, statement)
        changed = set()
        for change in statement["changes"]:
            if change["recommendation"] in changed:
                raise RuleBroken(f"{statement['id']}: changes {change['recommendation']} twice")
            changed.add(change["recommendation"])
            self.apply_change(change, statement)
        for recommendation in statement["reaffirms"]:
            self.state(recommendation, statement).history.append((statement["date"], statement["id"], "reaffirmed"))
        for index, pledge in enumerate(statement["pledges"]):
            self.make_pledge(pledge, index + 1, statement)
        for recommendation in statement["relates_to"]:
            if recommendation in self.states:
                self.states[recommendation].history.append((statement["date"], statement["id"], "related"))

    def apply_change(self, change: dict, statement: dict) -> None:
        recommendation = change["recommendation"]
        state = self.state(recommendation, statement)
        if "position" not in change and "stage" not in change:
            raise RuleBroken(f"{statement['id']}: a change to {recommendation} changes nothing")
        old = (state.position, state.stage)
        new = (change.get("position", old[0]), change.get("stage", old[1]))
        if new == old:
            raise RuleBroken(f"{statement['id']}: {recommendation} is already {old[0]} / {old[1]}")
        if STAGES.index(new[1]) < STAGES.index(old[1]) and not change.get("reason", "").strip():
            raise RuleBroken(f"{statement['id']}: {recommendation} moves back to {new[1]} without a reason")
        if new[0] == "rejected" and new[1] != "not_started":
            raise RuleBroken(f"{statement['id']}: {recommendation} is rejected but at stage {new[1]}")
        state.position, state.stage = new
        state.last_change = {"date": statement["date"], "statement": statement["id"]}
        state.history.append((statement["date"], statement["id"], "changed"))
        self.fulfil(recommendation, new, statement)

    def fulfil(self, recommendation: str, status: tuple, statement: dict) -> None:
        """Every open pledge about the recommendation, made by another statement, whose target
        the new status meets ends as fulfilled by this statement."""
        still_open = []
        for index in self.open_by_recommendation.get(recommendation, []):
            pledge = self.pledges[index]
            if pledge.statement != statement["id"] and target_met(pledge.body, status):
                pledge.end = End("fulfilled", statement["date"], statement["id"])
            else:
                still_open.append(index)
        self.open_by_recommendation[recommendation] = still_open

    def open_pledge(self, pledge_id: str, recommendation: str, statement: dict) -> int:
        index = self.pledge_index.get(pledge_id)
        if index is None:
            raise RuleBroken(f"{statement['id']}: names pledge {pledge_id}, which no earlier statement made")
        pledge = self.pledges[index]
        if pledge.recommendation != recommendation:
            raise RuleBroken(f"{statement['id']}: pledge {pledge_id} is about {pledge.recommendation}")
        if pledge.end is not None:
            raise RuleBroken(f"{statement['id']}: pledge {pledge_id} has already ended ({pledge.end.ending})")
        return index

    def close(self, index: int, end: End) -> None:
        pledge = self.pledges[index]
        pledge.end = end
        self.open_by_recommendation[pledge.recommendation].remove(index)

    def end_pledge(self, outcome: dict, statement: dict) -> None:
        index = self.open_pledge(outcome["pledge"], outcome["recommendation"], statement)
        self.close(index, End(outcome["outcome"], statement["date"], statement["id"], note=outcome.get("note")))
        if outcome["recommendation"] in self.states:
            self.states[outcome["recommendation"]].history.append((statement["date"], statement["id"], "pledge_ended"))

    def make_pledge(self, body: dict, ordinal: int, statement: dict) -> None:
        recommendation = body["recommendation"]
        state = self.state(recommendation, statement)
        if "due" in body and body["due"] < statement["date"]:
            raise RuleBroken(f"{statement['id']}: pledge #{ordinal} is due before it was made")
        if target_met(body, (state.position, state.stage)):
            raise RuleBroken(f"{statement['id']}: pledge #{ordinal} is already met when made")
        made = f"{statement['id']}#{ordinal}"
        baseline = None
        if "replaces" in body:
            old = self.open_pledge(body["replaces"], recommendation, statement)
            baseline = self.pledges[old].baseline_due
            self.close(old, End("superseded", statement["date"], statement["id"], replacement=made))
        # The chain's first due date; a pledge whose chain has none takes its own.
        baseline = baseline if baseline is not None else body.get("due")
        self.pledge_index[made] = len(self.pledges)
        self.open_by_recommendation.setdefault(recommendation, []).append(len(self.pledges))
        self.pledges.append(Pledge(statement["id"], ordinal, statement["date"], body, baseline))
        state.history.append((statement["date"], statement["id"], "pledged"))


def check_report(report: dict) -> None:
    if not report["recommendations"]:
        raise RuleBroken(f"{report['id']}: a catalogue with no recommendations")
    if not has_web_url(report["url"]):
        raise RuleBroken(f"{report['id']}: url is not a web URL")
    numbers = set()
    for item in report["recommendations"]:
        prefix, number = item["id"].rsplit("-", 1)
        if prefix != report["prefix"]:
            raise RuleBroken(f"{report['id']}: {item['id']} does not have the prefix {report['prefix']}")
        if number in numbers:
            raise RuleBroken(f"{report['id']}: number {number} twice")
        numbers.add(number)


def check_statement(statement: dict) -> None:
    sid = statement["id"]
    if not statement["sources"]:
        raise RuleBroken(f"{sid}: no sources")
    if not all(has_web_url(link["url"]) for link in statement["sources"]):
        raise RuleBroken(f"{sid}: a source is not a web URL")
    if not any(statement.get(key) for key in ("changes", "reaffirms", "relates_to", "pledges", "pledge_outcomes")):
        raise RuleBroken(f"{sid}: says nothing")
    named = [o["pledge"] for o in statement.get("pledge_outcomes", [])]
    named += [p["replaces"] for p in statement["pledges"] if "replaces" in p]
    if len(named) != len(set(named)):
        raise RuleBroken(f"{sid}: names a pledge twice")
    if any(pledge.split("#")[0] == sid for pledge in named):
        raise RuleBroken(f"{sid}: ends one of its own pledges")


def target(body: dict) -> tuple:
    """('stage', s), ('position', p), ('any',) or ('act',): target_stage wins over
    target_position, and neither is an act."""
    if "target_stage" in body:
        return ("stage", body["target_stage"])
    if "target_position" in body:
        value = body["target_position"]
        return ("any",) if value == "any" else ("position", value)
    return ("act",)


def target_met(body: dict, status: tuple) -> bool:
    kind = target(body)
    if kind[0] == "stage":
        return STAGES.index(status[1]) >= STAGES.index(kind[1])  # that stage or any later one
    if kind[0] == "position":
        return status[0] == kind[1]  # exactly that position
    if kind[0] == "any":
        return status[0] != "no_response"
    return False  # an act: only a statement can say it was done


def target_words(body: dict) -> str:
    kind = target(body)
    return {"stage": lambda: f"stage {kind[1]}", "position": lambda: f"position {kind[1]}",
            "any": lambda: "a response", "act": lambda: "the act promised"}[kind[0]]()


def replay(events, as_of: str, known_at: str | None = None) -> Tracker:
    """Section 7.1: events recorded by `known_at`, corrections resolved, reports in log order,
    then statements by (date, sequence) up to `as_of`."""
    known = [e for e in events if known_at is None or e.recorded_at <= known_at]
    log = effective_log(known)
    tracker = Tracker(as_of)
    reports = sorted(log.reports.values(), key=lambda pair: pair[1])
    for report, _ in reports:
        tracker.publish(report)
    for report, _ in reports:
        tracker.check_repeats(report)
    for entry in sorted(log.statements.values(), key=lambda e: (e.statement["date"], e.sequence)):
        if entry.statement["date"] > as_of:
            break
        tracker.apply(entry)
    tracker.sweeps = [pair for pair in log.sweeps.values() if pair[0]["through"] <= as_of]
    return tracker
