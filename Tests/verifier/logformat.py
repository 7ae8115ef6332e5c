"""The store file and its hash chain, as docs/log-format.md describes them.

Everything here works on the bytes SQLite holds, never on values re-encoded from them: the chain
is defined over the stored text, so a verifier that re-encoded would prove only that it agrees
with itself.
"""

import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from urllib.parse import quote

EVENT_TYPES = (b"report_published", b"statement_recorded", b"event_corrected", b"sweep_recorded")

# Section 3 of the spec: what each column may hold.
EVENT_ID = re.compile(rb"\A[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?\Z")
RECORDED_AT = re.compile(rb"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
HASH = re.compile(rb"\A[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Row:
    """One row of the `event` table, every text column as the raw bytes SQLite stores."""

    sequence: int
    id: bytes
    type: bytes
    recorded_at: bytes
    payload: bytes
    hash: bytes


@dataclass
class ChainReport:
    """What checking the chain found: the head it reached and the first problem, if any."""

    length: int = 0
    head: str = ""
    problem: str | None = None
    # The heads of every prefix of the log, by length: what `--known-at` answers cite.
    heads: list[str] = field(default_factory=lambda: [""])


class StoreFile:
    """A store opened for reading without writing a byte beside it.

    SQLite normally creates `-shm` (and, in WAL mode, `-wal`) files even for a read-only
    connection. `immutable=1` tells it the file cannot change, so it creates none; that is only
    true when no write-ahead log holds commits the main file lacks, so a store with a non-empty
    `-wal` is copied (with its WAL) into a temporary folder and read from there.
    """

    def __init__(self, path: str):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: no such store file")
        self._temp = None
        wal = path + "-wal"
        if os.path.exists(wal) and os.path.getsize(wal) > 0:
            self._temp = tempfile.mkdtemp(prefix="iicsa-verifier-")
            copy = os.path.join(self._temp, "store.sqlite")
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, copy + "-wal")
            self.connection = sqlite3.connect(copy)
        else:
            uri = "file:" + quote(os.path.abspath(path)) + "?mode=ro&immutable=1"
            self.connection = sqlite3.connect(uri, uri=True)
        # Raw bytes for every TEXT value: the hash is over the bytes, whatever their encoding.
        self.connection.text_factory = bytes

    def close(self):
        self.connection.close()
        if self._temp:
            shutil.rmtree(self._temp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def rows(self):
        """Every event row in sequence order, with each column's storage class checked."""
        cursor = self.connection.execute(
            "SELECT sequence, id, type, recorded_at, payload, hash,"
            " typeof(sequence) || typeof(id) || typeof(type) || typeof(recorded_at)"
            " || typeof(payload) || typeof(hash)"
            " FROM event ORDER BY sequence"
        )
        for sequence, event_id, kind, recorded_at, payload, digest, types in cursor:
            if types != b"integertexttexttexttexttext":
                raise MalformedRow(sequence, event_id, f"column storage classes are {types.decode()}")
            yield Row(sequence, event_id, kind, recorded_at, payload, digest)


class MalformedRow(Exception):
    """A row whose columns cannot be the columns of an event (NULLs, blobs, numbers as text)."""

    def __init__(self, sequence, event_id, detail):
        self.sequence = sequence
        self.event_id = event_id if isinstance(event_id, bytes) else str(event_id).encode()
        super().__init__(detail)


def canonical_bytes(row: Row) -> bytes:
    """The bytes hashed for one event (spec section 4): the stored payload spliced in as it is.

    `id`, `type` and `recorded_at` can hold no character JSON would escape (section 3), so they
    are copied between quotes; the sequence is a decimal integer without leading zeros.
    """
    return (
        b'{"id":"' + row.id
        + b'","payload":' + row.payload
        + b',"recorded_at":"' + row.recorded_at
        + b'","sequence":' + str(row.sequence).encode("ascii")
        + b',"type":"' + row.type
        + b'"}'
    )


def link(previous_hex: str, canonical: bytes) -> str:
    """SHA-256 over the previous event's digest as 32 raw bytes (not its 64 hex characters),
    then the canonical bytes; the first event has no previous digest (zero bytes)."""
    digest = hashlib.sha256()
    digest.update(bytes.fromhex(previous_hex))
    digest.update(canonical)
    return digest.hexdigest()


def column_problem(row: Row, last_recorded_at: bytes | None) -> str | None:
    """Why a row's columns break section 3, or None. Checked before its hash, because a hash
    over a malformed row would mean nothing."""
    if not EVENT_ID.match(row.id):
        return f"id {row.id!r} is not a slug"
    if row.type not in EVENT_TYPES:
        return f"type {row.type!r} is not an event type"
    if not RECORDED_AT.match(row.recorded_at):
        return f"recorded_at {row.recorded_at!r} is not YYYY-MM-DDTHH:MM:SSZ"
    if last_recorded_at is not None and row.recorded_at < last_recorded_at:
        return f"recorded_at {row.recorded_at.decode()} is earlier than the event before it"
    if not HASH.match(row.hash):
        return f"hash {row.hash!r} is not 64 lower-case hex digits"
    return None


def name(sequence, event_id: bytes) -> str:
    """`event 20 ('id')`, as `iicsa verify` names an event."""
    return f"event {sequence} ('{event_id.decode('utf-8', 'replace')}')"


def check_chain(rows) -> ChainReport:
    """Walks the log once, stopping at the first bad event: after it nothing can be trusted."""
    report = ChainReport()
    previous = ""
    last_time = None
    try:
        for row in rows:
            expected = report.length + 1
            if row.sequence != expected:
                report.problem = f"event {expected} is missing: the next event in the log is {row.sequence}"
                return report
            problem = column_problem(row, last_time)
            if problem:
                report.problem = f"{name(row.sequence, row.id)} is malformed: {problem}"
                return report
            computed = link(previous, canonical_bytes(row))
            if computed != row.hash.decode("ascii"):
                report.problem = (
                    f"{name(row.sequence, row.id)} does not match its hash: stored {row.hash.decode()},"
                    f" computed {computed}"
                )
                return report
            previous = computed
            last_time = row.recorded_at
            report.length = row.sequence
            report.head = computed
            report.heads.append(computed)
    except MalformedRow as error:
        report.problem = f"{name(error.sequence, error.event_id)} cannot be read: {error}"
    return report
