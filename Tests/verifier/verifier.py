#!/usr/bin/env python3
"""An independent verifier and replayer for iicsa stores, written from docs/log-format.md.

    verifier.py check DB [--expect-head HASH] [--expect-length N]
        Recomputes the hash chain from the stored bytes, checks every payload's schema and
        canonical encoding, and replays the whole log under the rules. Prints `OK: N events,
        head H.` or the first problem.

    verifier.py replay DB --as-of DAY [--known-at TIME] [--pledges]
        Prints the replayed `status --format json` (or `pledges --format json`).

    verifier.py checked DB --as-of DAY [--known-at TIME]
        Prints, for each recommendation, how far each place was last searched on the day: the
        sweeps that are the latest search of a place, newest first ("checked through"), as JSON.

    verifier.py compare DB --iicsa BIN [--as-of DAY ...] [--known-at TIME ...]
                        [--year-ends] [--today] [--statement-dates] [--each-recorded-at]
        Replays the status and pledges of every recommendation on each day (and as known at
        each time) and compares them, key by key, with what `iicsa` prints.

Exit codes: 0 sound and in agreement; 3 the chain is broken (a missing, unreadable, malformed
or altered event, or a head that is not the expected one); 4 the chain is intact but a payload
breaks the schema or its encoding, or the log does not replay under the rules; 5 `iicsa`
disagrees with the replay; 1 the store cannot be read, or `iicsa` failed.

Only the standard library is used, and the store is never written (see logformat.StoreFile).
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import logformat
import payload as payloads
import replay
import views

CHAIN_BROKEN, DOES_NOT_REPLAY, DISAGREES, FAILED = 3, 4, 5, 1
# What is compared on each day: `status`, `pledges` and `pledges --overdue` (which iicsa answers
# from another index than `pledges`).
COMMANDS = ("status", "pledges", "overdue")
EVERYTHING = "9999-12-31"  # a day after every statement: the whole log


class Failure(Exception):
    """Ends the run with a message and an exit code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------
# Reading the log

def read_log(path: str):
    """The chain report and the decoded events, or a Failure for the first bad event."""
    try:
        with logformat.StoreFile(path) as store:
            rows = list(store.rows())
    except (OSError, logformat.sqlite3.Error) as error:
        raise Failure(FAILED, f"{path}: cannot be read as a store: {error}") from None
    except logformat.MalformedRow as error:
        name = logformat.name(error.sequence, error.event_id)
        raise Failure(CHAIN_BROKEN, f"{name} cannot be read: {error}") from None
    chain = logformat.check_chain(rows)
    if chain.problem:
        raise Failure(CHAIN_BROKEN, chain.problem)
    return chain, [decode_event(row) for row in rows]


def decode_event(row: logformat.Row) -> replay.Event:
    """The event a row holds, after checking its payload against sections 5 and 6."""
    kind, event_id = row.type.decode(), row.id.decode()
    try:
        value = payloads.decode(row.payload)
        payloads.check_schema(kind, event_id, value)
        payloads.check_canonical(row.payload, value)
    except payloads.PayloadProblem as problem:
        raise Failure(DOES_NOT_REPLAY, f"{logformat.name(row.sequence, row.id)}: its payload {problem}") from None
    return replay.Event(row.sequence, event_id, kind, row.recorded_at.decode(), value)


def replayed(events, as_of: str, known_at: str | None) -> replay.Tracker:
    try:
        return replay.replay(events, as_of, known_at)
    except replay.RuleBroken as error:
        raise Failure(DOES_NOT_REPLAY, f"the log does not replay: {error}") from None


def head_known_at(chain: logformat.ChainReport, events, known_at: str | None) -> tuple:
    """The log's length and head as it stood at `known_at`: the last event recorded by then."""
    if known_at is None:
        return chain.length, chain.head
    length = max((e.sequence for e in events if e.recorded_at <= known_at), default=0)
    return length, chain.heads[length]


# ---------------------------------------------------------------------------------------------
# check

def check(args) -> int:
    chain, events = read_log(args.db)
    replayed(events, EVERYTHING, None)
    if args.expect_length is not None and chain.length != args.expect_length:
        raise Failure(CHAIN_BROKEN, f"the log has {chain.length} events, not the {args.expect_length} expected")
    if args.expect_head is not None:
        if args.expect_head.lower() not in chain.heads:
            raise Failure(CHAIN_BROKEN, f"head {args.expect_head} is in no event of this log")
        print(f"Head {args.expect_head} is event {chain.heads.index(args.expect_head.lower())} of {chain.length}.")
    print(f"OK: {chain.length} events, head {chain.head}.")
    return 0


# ---------------------------------------------------------------------------------------------
# replay

def expected_json(chain, events, as_of: str, known_at: str | None, command: str, tracker=None) -> dict:
    """What `iicsa COMMAND --format json --as-of AS_OF [--known-at KNOWN_AT]` should print."""
    tracker = tracker or replayed(events, as_of, known_at)
    length, head = head_known_at(chain, events, known_at)
    if command == "status":
        return views.status_json(tracker, known_at, length, head)
    out = views.pledges_json(tracker, known_at, length, head)
    if command == "overdue":  # `pledges --overdue`: the same rows, overdue ones only
        out["pledges"] = [p for p in out["pledges"] if p["state"] == "overdue"]
    return out


def print_replay(args) -> int:
    chain, events = read_log(args.db)
    command = "pledges" if args.pledges else "status"
    value = expected_json(chain, events, args.as_of, args.known_at, command)
    print(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))
    return 0


def print_checked(args) -> int:
    """Each recommendation's "checked through" on a day (section 7.10), as JSON."""
    chain, events = read_log(args.db)
    tracker = replayed(events, args.as_of, args.known_at)
    print(json.dumps(views.checked(tracker), indent=2, sort_keys=True, ensure_ascii=False))
    return 0


# ---------------------------------------------------------------------------------------------
# compare

def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def days_to_compare(args, events) -> list:
    """The days asked for: explicit ones, the end of each year the log's dates span, today, and
    every statement date with the day before it (a sweep's `through` counts as a date)."""
    days = set(args.as_of or [])
    dated = [e.payload.get("date") or e.payload.get("published") or e.payload.get("through")
             for e in events if e.type != "event_corrected"]
    for e in events:  # a replacement's date counts too
        replacement = e.payload.get("replacement") if e.type == "event_corrected" else None
        if replacement:
            body = replacement.get("statement") or replacement.get("report")
            dated.append(body.get("date") or body.get("published"))
    if args.year_ends and dated:
        days.update(f"{year}-12-31" for year in range(int(min(dated)[:4]), int(max(dated)[:4]) + 1))
    if args.today:
        days.add(today())
    if args.statement_dates:
        for day in dated:
            days.add(day)
            days.add((date.fromisoformat(day) - timedelta(days=1)).isoformat())
    return sorted(d for d in days if d <= today())


def recording_moments(events) -> list:
    """Each distinct `recorded_at` (each selects a longer prefix of the log), and the second
    before the first (an empty log). A moment between two of them selects what the earlier
    selects, so it would add nothing."""
    times = sorted({e.recorded_at for e in events})
    if not times:
        return []
    before = datetime.strptime(times[0], "%Y-%m-%dT%H:%M:%SZ") - timedelta(seconds=1)
    return [before.strftime("%Y-%m-%dT%H:%M:%SZ")] + times


def run_iicsa(binary: str, command: str, db: str, as_of: str, known_at: str | None) -> dict:
    """`iicsa status|pledges|overdue ... --format json` parsed; `overdue` is `pledges --overdue`."""
    argv = [binary, "pledges" if command == "overdue" else command, "--db", db, "--format", "json", "--as-of", as_of]
    if command == "overdue":
        argv.append("--overdue")
    if known_at:
        argv += ["--known-at", known_at]
    env = {key: value for key, value in os.environ.items() if key != "IICSA_DB"} | {"NO_COLOR": "1"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise Failure(FAILED, f"`{' '.join(argv)}` exited {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def differences(expected, actual, path="") -> list:
    """Every place where the two JSON values differ, as `path: iicsa X, replay Y`."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual)):
            where = f"{path}.{key}" if path else key
            if key not in actual:
                out.append(f"{where}: iicsa leaves it out, replay {json.dumps(expected[key])}")
            elif key not in expected:
                out.append(f"{where}: iicsa {json.dumps(actual[key])}, replay leaves it out")
            else:
                out += differences(expected[key], actual[key], where)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        if len(expected) != len(actual):
            out.append(f"{path}: iicsa has {len(actual)} items, replay {len(expected)}")
        for index, (e, a) in enumerate(zip(expected, actual)):
            label = e.get("id", index) if isinstance(e, dict) else index
            out += differences(e, a, f"{path}[{label}]")
        return out
    if expected != actual:
        return [f"{path}: iicsa {json.dumps(actual)}, replay {json.dumps(expected)}"]
    return []


def cases_to_compare(args, events) -> tuple:
    """The (day, known-at) pairs to compare, and how many days and moments they span."""
    days = days_to_compare(args, events)
    if not days:
        raise Failure(FAILED, "no days to compare: give --as-of, --year-ends, --today or --statement-dates")
    moments = sorted(set(args.known_at or []) | (set(recording_moments(events)) if args.each_recorded_at else set()))
    # Each moment is compared on a few days only (up to three year ends, evenly spread, and
    # today): enough to see what was known then, at a cost that stays small.
    year_ends = [d for d in days if d.endswith("-12-31")]
    sample = sorted(set(year_ends[:: max(1, -(-len(year_ends) // 3))] + [today()]))
    cases = [(day, None) for day in days] + [(day, moment) for moment in moments for day in sample]
    return cases, len(days), len(moments), len(sample)


def compare(args) -> int:
    chain, events = read_log(args.db)
    replayed(events, EVERYTHING, None)  # the whole log must replay before any day is compared
    cases, day_count, moment_count, sample_count = cases_to_compare(args, events)
    # The iicsa processes run in parallel while this thread replays: most of the time is theirs.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        pending = [
            (pool.submit(run_iicsa, args.iicsa, command, args.db, day, moment), command, day, moment)
            for day, moment in cases for command in COMMANDS
        ]
        problems = []
        case, tracker = None, None
        for future, command, day, moment in pending:
            if case != (day, moment):  # the commands of one case share one replay
                case, tracker = (day, moment), replayed(events, day, moment)
            expected = expected_json(chain, events, day, moment, command, tracker)
            where = f"{command} --as-of {day}" + (f" --known-at {moment}" if moment else "")
            problems += [f"{where}: {line}" for line in differences(expected, future.result())]
    if problems:
        shown = problems[: args.max_differences]
        more = len(problems) - len(shown)
        raise Failure(DISAGREES, "iicsa and the replay disagree:\n  " + "\n  ".join(shown)
                      + (f"\n  … and {more} more" if more else ""))
    print(f"Agree: {len(pending)} answers (status, pledges and overdue pledges on {plural(day_count, 'day')}"
          + (f", and on {plural(sample_count, 'day')} as known at {plural(moment_count, 'moment')}"
             if moment_count else "")
          + f"), log {chain.length} events, head {chain.head}.")
    return 0


# ---------------------------------------------------------------------------------------------

def day_argument(text: str) -> str:
    """A YYYY-MM-DD day, as the replay compares days as text."""
    try:
        if len(text) == 10 and date.fromisoformat(text):
            return text
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a YYYY-MM-DD day")


def moment_argument(text: str) -> str:
    """A moment in the stored form, YYYY-MM-DDTHH:MM:SSZ: the replay compares it with
    `recorded_at` as text, and iicsa prints it back in this form."""
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
        if len(text) == 20:
            return text
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a moment YYYY-MM-DDTHH:MM:SSZ")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("check", help="verify the chain, the payloads and the replay")
    p.add_argument("db")
    p.add_argument("--expect-head", help="a published head this log must contain")
    p.add_argument("--expect-length", type=int, help="the number of events the log must have")
    p.set_defaults(run=check)

    p = commands.add_parser("replay", help="print the replayed status (or pledges) JSON")
    p.add_argument("db")
    p.add_argument("--as-of", required=True, type=day_argument)
    p.add_argument("--known-at", type=moment_argument)
    p.add_argument("--pledges", action="store_true")
    p.set_defaults(run=print_replay)

    p = commands.add_parser("checked", help="print each recommendation's latest sweep (checked through) as JSON")
    p.add_argument("db")
    p.add_argument("--as-of", required=True, type=day_argument)
    p.add_argument("--known-at", type=moment_argument)
    p.set_defaults(run=print_checked)

    p = commands.add_parser("compare", help="compare the replay with iicsa's status and pledges JSON")
    p.add_argument("db")
    p.add_argument("--iicsa", required=True, help="the iicsa binary")
    p.add_argument("--as-of", action="append", type=day_argument, help="a day to compare (repeatable)")
    p.add_argument("--known-at", action="append", type=moment_argument,
                   help="a moment YYYY-MM-DDTHH:MM:SSZ (repeatable)")
    p.add_argument("--year-ends", action="store_true", help="the last day of every year in the log")
    p.add_argument("--today", action="store_true", help="today (UTC)")
    p.add_argument("--statement-dates", action="store_true", help="every statement's date and the day before")
    p.add_argument("--each-recorded-at", action="store_true",
                   help="as known at each distinct recorded_at, and before the first")
    p.add_argument("--max-differences", type=int, default=20)
    p.set_defaults(run=compare)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Failure as failure:
        print(f"verifier: {failure}", file=sys.stderr)
        return failure.code


if __name__ == "__main__":
    sys.exit(main())
