"""Checks the pledge calendars iicsa writes (issue 27) with an independent iCalendar parser.

    python3 Tests/site/check_calendar.py FIRST.ics SECOND.ics [--expect-text TEXT ...] [--allow-empty]

FIRST and SECOND are the same calendar from two builds. Each must parse with Python's
`icalendar` (RFC 5545); every line must be CRLF-terminated and at most 75 octets; every event
must have a UID, a DTSTAMP and an all-day DTSTART with DTEND the next day, and a URL, if any,
must be http(s). The two builds must give the same UIDs for the same events, byte for byte the
same file, and no UID twice. Each --expect-text must come back, unescaped, in some event's
SUMMARY or DESCRIPTION (so hostile text survives as text, not as properties).

Exits 0 when everything holds, 1 with every problem listed otherwise.
"""

import argparse
import datetime
import sys

import icalendar

PROBLEMS = []


def problem(text):
    PROBLEMS.append(text)


def lines_of(name, data):
    if not data.endswith(b"\r\n"):
        problem(f"{name}: does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n")[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            problem(f"{name}: line {number} holds a bare line break")
        if len(line) > 75:
            problem(f"{name}: line {number} is {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problem(f"{name}: line {number} is not UTF-8 on its own (a fold split a character)")


def events(name, data):
    calendar = icalendar.Calendar.from_ical(data)
    if calendar.get("VERSION") != "2.0" or not calendar.get("PRODID"):
        problem(f"{name}: no VERSION 2.0 or no PRODID")
    found = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if not uid:
            problem(f"{name}: an event without a UID")
            continue
        if uid in found:
            problem(f"{name}: UID {uid} twice")
        if event.get("DTSTAMP") is None:
            problem(f"{name}: {uid} has no DTSTAMP")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
            problem(f"{name}: {uid} does not start on a date")
        elif end != start + datetime.timedelta(days=1):
            problem(f"{name}: {uid} does not end the next day")
        url = event.get("URL")
        if url is not None and not str(url).startswith(("https://", "http://")):
            problem(f"{name}: {uid} links {url}")
        found[uid] = str(event.get("SUMMARY", "")) + "\n" + str(event.get("DESCRIPTION", ""))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--expect-text", action="append", default=[])
    parser.add_argument("--allow-empty", action="store_true", help="a calendar with no events passes")
    arguments = parser.parse_args()
    data = {}
    found = {}
    for name in (arguments.first, arguments.second):
        with open(name, "rb") as file:
            data[name] = file.read()
        lines_of(name, data[name])
        found[name] = events(name, data[name])
    first, second = found[arguments.first], found[arguments.second]
    if sorted(first) != sorted(second):
        problem("the two builds give different UIDs")
    if data[arguments.first] != data[arguments.second]:
        problem("the two builds differ")
    if not first and not arguments.allow_empty:
        problem(f"{arguments.first}: no events")
    texts = "\n".join(first.values())
    for text in arguments.expect_text:
        if text not in texts:
            problem(f"{arguments.first}: no event carries the text {text!r}")
    for text in PROBLEMS:
        print("calendar: " + text, file=sys.stderr)
    if not PROBLEMS:
        print(f"calendar: {len(first)} events parsed by icalendar {icalendar.__version__}, UIDs stable across two builds")
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main())
