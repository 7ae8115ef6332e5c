#!/usr/bin/env python3
"""What a forger holding a store file can do, for run-ci.sh's negative checks. Never run it on a
store you care about: it writes.

    forge.py rehash DB
        Recomputes every hash from the rows as they are now (after an edit), so the chain is
        consistent again: only a head published before the edit exposes it.

    forge.py append DB ID TYPE RECORDED_AT PAYLOAD
        Appends one event with a correct hash, past the triggers that keep the log in time order.
"""

import sqlite3
import sys

import logformat


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.text_factory = bytes
    return db


def rehash(path: str) -> None:
    db = connect(path)
    previous = ""
    rows = db.execute("SELECT sequence, id, type, recorded_at, payload FROM event ORDER BY sequence").fetchall()
    for sequence, event_id, kind, recorded_at, payload in rows:
        row = logformat.Row(sequence, event_id, kind, recorded_at, payload, b"")
        previous = logformat.link(previous, logformat.canonical_bytes(row))
        db.execute("UPDATE event SET hash = ? WHERE sequence = ?", (previous, sequence))
    db.commit()


def append(path: str, event_id: str, kind: str, recorded_at: str, payload: str) -> None:
    db = connect(path)
    db.execute("DROP TRIGGER IF EXISTS event_in_order")
    sequence, previous = db.execute("SELECT sequence, hash FROM event ORDER BY sequence DESC LIMIT 1").fetchone()
    row = logformat.Row(sequence + 1, event_id.encode(), kind.encode(), recorded_at.encode(), payload.encode(), b"")
    digest = logformat.link(previous.decode(), logformat.canonical_bytes(row))
    db.execute(
        "INSERT INTO event (sequence, id, type, recorded_at, payload, hash) VALUES (?, ?, ?, ?, ?, ?)",
        (sequence + 1, event_id, kind, recorded_at, payload, digest),
    )
    db.commit()


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"rehash": rehash, "append": append}[command](*arguments)
