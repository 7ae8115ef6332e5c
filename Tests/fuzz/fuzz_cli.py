#!/usr/bin/env python3
"""A seeded fuzzer of iicsa command lines: no command may crash, hang, or delete or change a file
it did not write.

    python3 Tests/fuzz/fuzz_cli.py BIN_DIR [--seed N] [--seconds S] [--timeout T] [--case K] [--keep]

Each case lays out a fresh scratch folder (stores, a user's files, an old site and export, keys,
symlinks, FIFOs, statement files), generates one command line from a grammar of iicsa's commands
with a few hostile values, runs it there and judges what it did. See README.md beside this file.
Python's standard library only.
"""

import argparse
import dataclasses
import errno
import hashlib
import json
import os
import pwd
import random
import re
import shlex
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata

DEFAULT_SEED = 2026

# Exit codes iicsa documents (docs/errors.md): 0 success, 1 refusal, 3 and 4 from verify, 5 from
# discover when a source did not answer, 64 misuse; 2 is what a failed `--help` style parse may
# give. Anything else is reported.
ACCEPTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 64}

# What the Swift runtime prints when it traps, or a backtrace prints.
CRASH_MARKERS = ["Fatal error", "Current stack trace", "Stack dump", "Program crashed", "Swift runtime failure"]

# Commands that append to the log when they succeed; when they fail the log must be unchanged.
LOG_WRITERS = {"record", "correct", "import", "init"}
# Commands that open the store for writing but must leave the log as it was: `check` judges files
# in a transaction it rolls back, `rebuild` rewrites only the projections.
STORE_WRITERS = LOG_WRITERS | {"check", "rebuild"}

# The files `export` writes; `--force` may replace files of these names, and only these.
EXPORT_FILES = ["MANIFEST", "alerts.csv", "changes.csv", "feed.atom", "index.html",
                "pledges.ics", "status.csv", "status.json", "status.md"]

SQLITE_MAGIC = b"SQLite format 3\x00"

# Absolute paths outside the scratch folder that a command line may name, and only as a file to
# read: none can be harmed by reading, and none is ever given to an option that writes.
READ_ONLY_SYSTEM_PATHS = ["/dev/null", "/nonexistent/statement.yaml", "/nonexistent/deep/folder"]

# The stores laid out in every case, which `iicsa verify` accepts (path relative to the case).
VALID_STORES = ["work/store.sqlite", "work/small.sqlite", "work/empty.sqlite", "xdg/iicsa/tracker.sqlite"]


# ---------------------------------------------------------------------------------------------
# Files used to build the scratch layout.

STATEMENT = """\
id: 2025-07-01-fuzz-statement
date: 2025-07-01
date_precision: day
speaker: Jess Phillips
role: Minister for Safeguarding
kind: written_answer
title: Answer on mandatory reporting
summary: The minister said the duty would be brought into force.
confidence: confirmed
sources:
  - url: https://example.org/answer
    publisher: Hansard
reaffirms: [IICSA-13]
pledges:
  - recommendation: IICSA-13
    text: The duty comes into force
    target_stage: delivered
    due: 2027-06-30
"""

# Recorded into the small store when it is made, so that it has a statement and a month to export.
EARLIER_STATEMENT = STATEMENT.replace("2025-07-01", "2025-06-10").replace("IICSA-13", "IICSA-1")

# A search of the sources that found the statement above: it records once the statement is in.
SWEEP = """\
id: 2025-07-03-fuzz-sweep
from: 2025-06-01
through: 2025-07-02
checked_by: The fuzzer
recommendations: [IICSA-13, IICSA-2]
sources:
  - url: https://questions-statements.parliament.uk/
    publisher: UK Parliament
found: [2025-07-01-fuzz-statement]
"""

MALFORMED = "id: [unclosed\n  - : :\n\tdate: {{\n"

USER_NOTES = "My own notes. iicsa must never delete or change this file.\n"


# ---------------------------------------------------------------------------------------------
# Running iicsa.

@dataclasses.dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes
    hung: bool
    seconds: float


def run(iicsa, argv, env, cwd, timeout):
    """Runs iicsa in its own process group, so that a hang is killed with all it started."""
    started = time.monotonic()
    for attempt in range(10):
        try:
            process = subprocess.Popen([iicsa] + argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       start_new_session=True)
            break
        except OSError as error:
            # The binary is relinked now and then by a build in the same tree: wait for it.
            relinking = error.errno == errno.ETXTBSY or not os.path.exists(iicsa)
            if attempt == 9 or not relinking:
                raise
            print(f"fuzz: cannot start iicsa ({error}); retrying", file=sys.stderr)
            time.sleep(15)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        kill_group(process)
        stdout, stderr = process.communicate()
        hung = True
    except BaseException:
        kill_group(process)  # interrupted: leave nothing running
        raise
    return Result(process.returncode, stdout, stderr, hung, time.monotonic() - started)


def kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_checked(iicsa, argv, cwd, env=None):
    """Runs iicsa for the fuzzer's own setup; any failure there stops the fuzzer."""
    result = run(iicsa, argv, env or base_env(cwd), cwd, 300)
    if result.returncode != 0:
        sys.exit(f"fuzz: setup failed: iicsa {shlex.join(argv)}: exit {result.returncode}\n"
                 + result.stderr.decode(errors="replace"))
    return result.stdout.decode()


def base_env(case_dir):
    """An environment whose home, data folder and temporary folder are all inside `case_dir`."""
    home = os.path.join(case_dir, "home")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "HOME": home,
        # Foundation on Linux takes the home folder (NSHomeDirectory, and `~` in FileManager)
        # from the password database, not from $HOME: without this, a command with neither
        # --db, IICSA_DB nor XDG_DATA_HOME writes the real user's ~/.local/share/iicsa.
        "CFFIXED_USER_HOME": home,
        "XDG_DATA_HOME": os.path.join(case_dir, "xdg"),
        "TMPDIR": os.path.join(case_dir, "tmp"),
        **source_env(),
    }


SOURCES = ["written_questions", "bills", "govuk", "legislation", "hansard"]


def source_env():
    """`discover`'s sources: the run's loopback stand-in (IICSA_TEST_SOURCES, Tests/discover) when
    there is one, else a port where nothing listens, so no case ever reaches the internet."""
    base = os.environ.get("IICSA_TEST_SOURCES") or "http://127.0.0.1:9"
    return {f"IICSA_SOURCE_URL_{source.upper()}": f"{base}/fuzz/{source}" for source in SOURCES}


def real_user_places():
    """Where iicsa writes for the real user when nothing says otherwise. The fuzzer watches them
    and stops at once if a case touches one."""
    homes = {pwd.getpwuid(os.geteuid()).pw_dir, os.environ.get("HOME", "")} - {""}
    data = {os.environ.get("XDG_DATA_HOME", "")} - {""}
    data |= {os.path.join(home, ".local/share") for home in homes}
    return sorted(os.path.join(folder, "iicsa") for folder in data)


def state_of(paths):
    """Whether each path exists, and when it last changed."""
    states = {}
    for path in paths:
        try:
            info = os.lstat(path)
            states[path] = (info.st_mtime_ns, info.st_ino)
        except OSError:
            states[path] = None
    return states


# ---------------------------------------------------------------------------------------------
# The scratch layout. A prototype is built once; each case gets a copy of it, plus FIFOs (which
# cannot be copied: opening one blocks).

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as file:
        file.write(data)


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def build_prototype(iicsa, proto):
    """Lays out everything a case starts with, using the binary under test where it must.
    Returns the id of the recorded statement that work/replacement.yaml replaces."""
    work = os.path.join(proto, "work")
    for folder in ["work", "home/.local/share", "xdg/iicsa", "tmp"]:
        os.makedirs(os.path.join(proto, folder), exist_ok=True)

    def iicsa_here(*argv):
        return run_checked(iicsa, list(argv), work, base_env(proto))

    make_stores(iicsa_here, proto, work)
    make_user_files(work)
    replaced_id = make_statement_files(iicsa_here, work)
    make_outputs(iicsa_here, work)
    make_links(work)
    drop_empty_wal_files(proto)
    return replaced_id


def drop_empty_wal_files(proto):
    """A read of a store in WAL mode leaves an empty -wal and a -shm beside it. Cases start
    without them, so that every -shm a command touches is one it made."""
    for store in VALID_STORES:
        path = os.path.join(proto, store)
        if os.path.exists(path + "-wal"):
            if os.path.getsize(path + "-wal") != 0:
                sys.exit(f"fuzz: setup left data in {path}-wal")
            os.remove(path + "-wal")
        if os.path.exists(path + "-shm"):
            os.remove(path + "-shm")


def make_stores(iicsa_here, proto, work):
    """The bundled record, an empty store, a small one (quick to build a site from, and the XDG
    default store too), a file of random bytes and a store cut short."""
    iicsa_here("init", "--db", "store.sqlite")
    iicsa_here("init", "--empty", "--db", "empty.sqlite")
    iicsa_here("init", "--empty", "--db", "small.sqlite")
    write(os.path.join(work, "catalogue.yaml"), read(os.path.join(REPO, "Fixtures/catalogues/iicsa-2022.yaml")))
    earlier = os.path.join(proto, "tmp/earlier.yaml")
    write(earlier, EARLIER_STATEMENT)
    iicsa_here("record", "--db", "small.sqlite", "catalogue.yaml", earlier)
    os.remove(earlier)
    shutil.copyfile(os.path.join(work, "small.sqlite"), os.path.join(proto, "xdg/iicsa/tracker.sqlite"))
    write(os.path.join(work, "garbage.sqlite"), random.Random(1).randbytes(65536))
    with open(os.path.join(work, "store.sqlite"), "rb") as file:
        whole = file.read()
    write(os.path.join(work, "truncated.sqlite"), whole[: len(whole) * 2 // 5])


def make_user_files(work):
    """A user's files, which no command may touch."""
    write(os.path.join(work, "notes.txt"), USER_NOTES)
    write(os.path.join(work, "CNAME"), "tracker.example.org\n")
    write(os.path.join(work, ".git/HEAD"), "ref: refs/heads/main\n")
    write(os.path.join(work, ".git/config"), "[core]\n\tbare = false\n")


def make_statement_files(iicsa_here, work):
    """Valid, CSV, skeleton, broken, binary and 3 MB statement files, a correction, a replacement,
    and a folder to import. Returns the id replacement.yaml replaces."""
    write(os.path.join(work, "statement.yaml"), STATEMENT)
    write(os.path.join(work, "café.yaml"), STATEMENT.replace("fuzz-statement", "fuzz-cafe"))
    write(os.path.join(work, "big.yaml"), STATEMENT.replace(
        "summary: The minister", "summary: " + "A very long summary. " * 150000 + "The minister"))
    sheet = iicsa_here("template", "--csv")
    write(os.path.join(work, "sheet.csv"), sheet.replace(
        "2025-02-05-lord-chancellor-limitation-removal", "2025-02-06-fuzz-sheet"))
    write(os.path.join(work, "template.yaml"), iicsa_here("template"))
    iicsa_here("new", "statement", "--db", "store.sqlite", "--recommendation", "IICSA-13",
               "--slug", "skeleton", "--date", "2025-07-02", "--out", "skeleton.yaml")
    write(os.path.join(work, "sweep.yaml"), SWEEP)
    write(os.path.join(work, "sweep-future.yaml"), SWEEP.replace("through: 2025-07-02", "through: 9999-12-31"))
    write(os.path.join(work, "sweep-unknown.yaml"), SWEEP.replace("[IICSA-13, IICSA-2]", "[IICSA-13, NOPE-99]"))
    write(os.path.join(work, "bad.yaml"), MALFORMED)
    write(os.path.join(work, "empty.yaml"), "")
    write(os.path.join(work, "binary.yaml"), random.Random(2).randbytes(4096))
    errors = os.path.join(REPO, "Tests/IICSACLITests/Inputs/errors")
    write(os.path.join(work, "bidi.yaml"), read(os.path.join(errors, "bidi-override.yaml")))
    corrections = sorted(os.listdir(os.path.join(REPO, "Fixtures/corrections")))
    write(os.path.join(work, "correction.yaml"), read(os.path.join(REPO, "Fixtures/corrections", corrections[0])))
    # A bundled statement (its file is named after its id) with one word changed, so that
    # `correct ID --replacement replacement.yaml` can take it.
    statements = sorted(os.listdir(os.path.join(REPO, "Fixtures/statements")))
    original = read(os.path.join(REPO, "Fixtures/statements", statements[0]))
    write(os.path.join(work, "replacement.yaml"), original.replace("summary: ", "summary: Corrected. ", 1))
    for name in ["statement.yaml", "sheet.csv"]:
        write(os.path.join(work, "inbox", name), read(os.path.join(work, name)))
    os.makedirs(os.path.join(work, "emptydir"))
    return statements[0].rsplit(".", 1)[0]


def make_outputs(iicsa_here, work):
    """An old site and an old export, each holding a user's files beside iicsa's, a key pair
    and a checkpoint."""
    iicsa_here("site", "--db", "small.sqlite", "--out", "site")
    iicsa_here("export", "--db", "small.sqlite", "--month", "2025-06", "--out", "export")
    for folder in ["site", "export"]:
        write(os.path.join(work, folder, "notes.txt"), USER_NOTES)
    write(os.path.join(work, "site/CNAME"), "tracker.example.org\n")
    write(os.path.join(work, "site/.git/HEAD"), "ref: refs/heads/gh-pages\n")
    write(os.path.join(work, "site/about/my-photo.txt"), "A file the user added to a folder of the site.\n")
    iicsa_here("key", "new", "--out", "publisher")
    iicsa_here("checkpoint", "--db", "store.sqlite", "--key", "publisher", "--out", "checkpoint")


def make_links(work):
    """Symlinks to a folder, a file, a store, nowhere, and the folder itself; all inside."""
    os.symlink("site", os.path.join(work, "linkdir"))
    os.symlink("notes.txt", os.path.join(work, "linkfile"))
    os.symlink("store.sqlite", os.path.join(work, "linkstore"))
    os.symlink("nowhere/at/all", os.path.join(work, "dangling"))
    os.symlink(".", os.path.join(work, "loop"))


def lay_out(proto, case_dir):
    """A fresh copy of the prototype, with the FIFOs only a case can have."""
    shutil.copytree(proto, case_dir, symlinks=True)
    work = os.path.join(case_dir, "work")
    os.mkfifo(os.path.join(work, "fifo"))
    os.makedirs(os.path.join(work, "pipes"))
    os.mkfifo(os.path.join(work, "pipes", "pipe.yaml"))


# ---------------------------------------------------------------------------------------------
# Snapshots of a folder, and what changed between two.

def snapshot(top):
    """Every entry under `top` (not following symlinks), by path relative to `top`:
    ("file", sha256), ("dir", ""), ("link", target), ("fifo", "") or ("other", "")."""
    entries = {}

    def visit(folder, relative):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.join(relative, name) if relative else name
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                entries[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                entries[rel] = ("dir", "")
                visit(path, rel)
            elif stat.S_ISREG(info.st_mode):
                entries[rel] = ("file", sha256_of(path))
            elif stat.S_ISFIFO(info.st_mode):
                entries[rel] = ("fifo", "")
            else:
                entries[rel] = ("other", "")

    visit(top, "")
    return entries


def sha256_of(path):
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        return f"unreadable: {error.strerror}"
    return digest.hexdigest()


def harmed_files(before, after, allowed, allowed_folders):
    """Pre-existing entries that were deleted, replaced or changed without leave.

    `allowed` holds paths that may change or go; a folder inside one of `allowed_folders` may go
    (what it held is judged file by file)."""
    harmed = []
    for path, (kind, detail) in before.items():
        if path in allowed:
            continue
        now = after.get(path)
        if now is None:
            if kind == "dir" and any(path.startswith(folder + "/") or path == folder for folder in allowed_folders):
                continue
            harmed.append(f"deleted {kind} {path}")
        elif now[0] != kind:
            harmed.append(f"{kind} {path} replaced by a {now[0]}")
        elif kind == "link" and now[1] != detail:
            harmed.append(f"symlink {path} now points to {now[1]!r}, not {detail!r}")
        elif kind == "file" and now[1] != detail:
            harmed.append(f"changed {path}")
    return harmed


# ---------------------------------------------------------------------------------------------
# Values for command lines: mostly valid, sometimes hostile.

LONG = 20000


class Generator:
    """Builds one command line for one case, from the case's own random numbers."""

    def __init__(self, rng, case_dir, facts):
        self.rng = rng
        self.case_dir = case_dir
        self.work = os.path.join(case_dir, "work")
        self.facts = facts
        # Most cases are valid-ish with a hostile value or two, so they reach deep code; a few
        # are valid throughout, a few hostile throughout.
        self.hostile_rate = rng.choice([0.0, 0.1, 0.1, 0.2, 0.2, 0.3, 0.6])

    def hostile(self):
        return self.rng.random() < self.hostile_rate

    def pick(self, valid, hostile):
        """A valid value, or now and then a hostile one. Each hostile list starts with the three
        that matter most (for a path: "", "." and ".."), drawn a third of the time."""
        if not self.hostile():
            return self.rng.choice(valid)
        return self.rng.choice(hostile[:3] if self.rng.random() < 1 / 3 else hostile)

    def maybe(self, option, value, chance=0.4):
        """`[option, value()]` some of the time."""
        return [option, value()] if self.rng.random() < chance else []

    def flag(self, option, chance=0.25):
        return [option] if self.rng.random() < chance else []

    # Days, months, times -------------------------------------------------------------------

    def past_day(self):
        """A day between the first statement and the end of 2025: never in the future."""
        return f"{self.rng.randint(2013, 2025)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def day(self):
        valid = [self.past_day(), "2022-10-20", "2025-06-30", "2024-02-29", "2026-11-30"]
        hostile = ["-2026-01-01", "9999-12-31", "0000-00-00", "2026-02-30", "2023-02-29", "2026-13-01",
                   "2026-00-10", "99999999999999999999-01-01", "2026-1-1", "now", "", " 2026-01-01",
                   "2026-01-01T00:00:00Z", "２０２６-01-01", "2026-01-01\n", "0001-01-01", "1970-01-01",
                   "+2026-01-01", "-1", "9" * 400, "2026-01-01" * 1000]
        return self.pick(valid, hostile)

    def month(self):
        valid = [self.past_day()[:7], "2025-06", "2022-10", "2026-11"]
        hostile = ["2026-13", "0000-00", "9999-12", "2026-1", "", "-2026-01", "2026-02-30", "2026-00",
                   "99999999999999999999-01", "2025-06-01", "June 2025", "２０２５-06", "2025-6\n"]
        return self.pick(valid, hostile)

    def known_at(self):
        length = self.facts["length"]
        # Event numbers up to 2 exist in every store but the empty one; higher ones only in the
        # bundled record's.
        moment = f"T{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:00Z"
        valid = [self.past_day() + self.rng.choice(["", moment]),
                 str(self.rng.randint(1, length)), "2026-11-24T09:00:00Z", "1", "2"]
        hostile = ["0", "-1", str(length + 1), "99999999999999999999", "18446744073709551616",
                   "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                   "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z",
                   "2026-01-01T00:00:00+01:00", "2026-01-01T00:00:00.999999999Z", "9999-12-31T23:59:59Z",
                   "0000-01-01T00:00:00Z", "now", "", "1e3", "0x10", "１２", " 5", "5 ", "+5", "2026-01-01T"]
        return self.pick(valid, hostile)

    # Identifiers and texts -----------------------------------------------------------------

    def recommendation(self):
        ids = self.facts["recommendations"]
        valid = [self.rng.choice(ids), self.rng.choice(ids).lower(), "IICSA-13"]
        hostile = ["IICSA-0", "IICSA-21", "IICSA-99999", "IICSA-99999999999999999999", "IıCSA-13", "İICSA-13",
                   "ſ", "IICSA-１３", "", "IICSA--13", "IICSA-13\n", "IICSA-13 ", "-IICSA-13", "IICSA-" + "1" * 400,
                   "I" * LONG, "IICSA-13\u202e", "iicsa_13", "../IICSA-13", "IICSA-1e1", "IICSA--1"]
        return self.pick(valid, hostile)

    def event_id(self):
        ids = self.facts["events"]
        valid = [self.rng.choice(ids), self.facts["replaced"], "2025-07-01-fuzz-statement", "2025-07-03-fuzz-sweep"]
        hostile = ["", ".", "..", "../x", "a" * 300, "an id with spaces", "correction-1-" + ids[-1],
                   "ÉVÉNEMENT", "\u202eevil", self.rng.choice(ids).upper(), self.rng.choice(ids) + "\n",
                   "x" * LONG, "jay-2014", "-", "--"]
        return self.pick(valid, hostile)

    def source(self):
        valid = self.facts["sources"]
        hostile = ["", "IICSA-2022", "nope", "ſ", "iicsa-2022 ", "s" * LONG, "iicsa-２０２２", "../iicsa-2022"]
        return self.pick(valid, hostile)

    def format(self, choices=("table", "json", "csv", "md")):
        return self.pick(list(choices), ["bogus", "", "JSON", "csv ", "xml", "html", "table\n"])

    def text(self):
        valid = ["Wrong date.", "The source said something else.", "Reworded after review."]
        hostile = ["", "   ", "\x1b[31mred\x1b[0m\x1b]0;owned\x07", "\u202ewrong date\u202c", "r" * LONG,
                   "👩‍👩‍👧‍👦 emoji", "line one\nline two", "\r\n", "\t", "e\u0301" * 500,
                   "<script>alert(1)</script>",
                   "=cmd|' /C calc'!A0", "\u2028\u2029", "\ufeffBOM", "\x7f\x01\x02", b"not UTF-8: \xc3\x28 \xff"]
        return self.pick(valid, hostile)

    def slug(self):
        return self.pick(["x", "phillips-answer", "a-1"],
                         ["", "UPPER", "../../etc", "a/b", "s" * 300, "café", "-", "a--b", " x", "x\n", "ſ"])

    def number(self, valid):
        return self.pick(valid, ["0", "-1", "99999999999999999999", "abc", "", "1.5", "0x10", "１"])

    def head_hash(self):
        head = self.facts["head"]
        return self.pick([head, head[:12]], ["", "0" * 64, "zz", head.upper(), head + "0", "g" * 64, head * 100])

    def url(self):
        return self.pick(["https://example.org/tracker/", "http://localhost:8000/"],
                         ["", "javascript:alert(1)", "https://x/\n", "https://" + "a" * LONG, "http://",
                          "https://exa mple.org/", "https://example.org/\u202e/", "ftp://example.org/",
                          "example.org/tracker/"])

    # Paths. Any path given to an option that writes is inside the case's scratch folder; see
    # assert_safe, which checks the whole command line again before it runs. ------------------

    def long_names(self):
        return ["d" * 300, "n/" * 600 + "x", "störe ü\u202e.sqlite", "new\nline", "ｓｉｔｅ", "cafe\u0301",
                "a" * 250 + "/" + "b" * 250, b"not-utf8-\xff\xfe"]

    def store(self):
        valid = ["store.sqlite", "store.sqlite", "small.sqlite", "empty.sqlite",
                 os.path.join(self.work, "store.sqlite"), "./small.sqlite"]
        hostile = ["", "notes.txt", ".", "./", "..", "~", "~/store.sqlite", self.work, "site", "linkdir", "linkstore",
                   "fifo", "big.yaml", "garbage.sqlite", "truncated.sqlite", "missing/deep/nested/x.sqlite",
                   "dangling", "notes.txt/x.sqlite", "site/MANIFEST", "../xdg/iicsa/tracker.sqlite", "store.sqlite/",
                   "emptydir", "new.sqlite", "loop/store.sqlite"] + self.long_names()
        return self.pick(valid, hostile)

    def input_file(self):
        valid = ["statement.yaml", "sheet.csv", "catalogue.yaml", "café.yaml", "correction.yaml", "skeleton.yaml",
                 "template.yaml", "replacement.yaml", "inbox/statement.yaml", "sweep.yaml"]
        hostile = ["", ".", "fifo", "pipes/pipe.yaml", "/dev/null", "/nonexistent/statement.yaml", "big.yaml",
                   "notes.txt", "store.sqlite", "linkdir", "bad.yaml", "empty.yaml", "binary.yaml", "bidi.yaml",
                   "sweep-future.yaml", "sweep-unknown.yaml",
                   "site", "dangling", "site/index.html", "loop", "linkfile", "missing.yaml", "statement.yaml/"] \
            + self.long_names()
        return self.pick(valid, hostile)

    def input_folder(self):
        valid = ["inbox", "inbox/", os.path.join(self.work, "inbox")]
        hostile = ["", ".", "..", "emptydir", "site", "linkdir", "loop", "pipes", "fifo", "statement.yaml",
                   "/nonexistent/deep/folder", "missing", "export", "~"] + self.long_names()
        return self.pick(valid, hostile)

    def out_folder(self):
        valid = ["out", "new-site", "site", "export", "emptydir", "deeper/out"]
        hostile = ["", ".", "..", "./", "~", "~/", "~/site", self.work, "linkdir", "fifo", "notes.txt",
                   "store.sqlite", ".git", "site/", "site/.", "./site", "site//", "export/", "loop", "dangling",
                   "site/about", "inbox", "missing/deep/x", "notes.txt/out", "site/new", "../xdg/iicsa", "../home",
                   "../tmp"] + self.long_names()
        return self.pick(valid, hostile)

    def out_file(self, valid):
        hostile = ["", "notes.txt", ".", "..", "publisher", "publisher.pub", "store.sqlite", "fifo", "linkdir",
                   "linkfile", "dangling", "site", "site/notes.txt", "missing/x", "emptydir", "~", "~/new.key",
                   "CNAME"] + self.long_names()
        return self.pick(valid, hostile)

    def private_key(self):
        return self.pick(["publisher"], ["publisher.pub", "notes.txt", "/dev/null", "fifo", "", "big.yaml",
                                         "missing.key", "linkdir", "checkpoint"])

    def public_key(self):
        return self.pick(["publisher.pub"], ["publisher", "notes.txt", "/dev/null", "fifo", "", "big.yaml",
                                             "missing.pub", "linkdir"])

    def manifest(self):
        return self.pick(["site/MANIFEST", "export/MANIFEST"],
                         ["site", "export", "/dev/null", "fifo", "notes.txt", "big.yaml", "", "checkpoint",
                          "linkdir/MANIFEST", "missing/MANIFEST", "dangling"])

    def checkpoint_file(self):
        return self.pick(["checkpoint"], ["/dev/null", "fifo", "notes.txt", "big.yaml", "", "site/MANIFEST",
                                          "missing", "publisher"])

    # Command lines -----------------------------------------------------------------------------

    def db(self):
        """`--db PATH` most of the time; otherwise the store comes from the environment."""
        if self.rng.random() < 0.75:
            value = self.store()
            return [f"--db={value}"] if self.rng.random() < 0.1 else ["--db", value]
        return []

    def time_options(self):
        return self.maybe("--as-of", self.day, 0.3) + self.maybe("--known-at", self.known_at, 0.3)

    def command(self):
        """One command line, chosen by weight: site, which replaces a whole folder, and the cheap
        readers most often."""
        commands = {
            "status": 10, "show": 8, "pledges": 6, "alerts": 6, "timeline": 6, "diff": 6, "record": 8,
            "check": 7, "correct": 6, "import": 4, "export": 7, "site": 10, "verify": 6, "checkpoint": 4,
            "key": 3, "new": 4, "template": 1, "init": 2, "rebuild": 2, "misuse": 2,
            # Only against the stand-in: without it each case would wait out the retries.
            "discover": 3 if os.environ.get("IICSA_TEST_SOURCES") else 0,
        }
        name = self.rng.choices(list(commands), weights=list(commands.values()))[0]
        argv = getattr(self, "command_" + name)()
        if self.rng.random() < 0.05:
            argv = self.disturb(argv)
        return argv

    def command_status(self):
        return (["status"] + self.db() + self.time_options() + self.maybe("--format", self.format)
                + self.maybe("--source", self.source, 0.3) + self.flag("--outstanding") + self.flag("--done", 0.1)
                + self.flag("--first-called"))

    def command_show(self):
        return (["show"] + self.db() + self.time_options()
                + self.maybe("--format", lambda: self.format(("table", "json", "md"))) + [self.recommendation()])

    def command_pledges(self):
        return (["pledges"] + self.db() + self.time_options() + self.maybe("--format", self.format)
                + self.flag("--overdue"))

    def command_alerts(self):
        return (["alerts"] + self.db() + self.time_options() + self.maybe("--format", self.format)
                + self.maybe("--since", self.day) + self.maybe("--source", self.source, 0.3))

    def command_timeline(self):
        return (["timeline"] + self.db() + self.maybe("--format", self.format) + self.maybe("--from", self.day)
                + self.maybe("--to", self.day) + self.maybe("--known-at", self.known_at, 0.3))

    def command_diff(self):
        earlier, later = self.day(), self.day()
        if later < earlier and self.rng.random() < 0.8:
            earlier, later = later, earlier  # mostly in order, so the comparison runs
        return (["diff"] + self.db() + self.maybe("--format", self.format) + ["--from", earlier, "--to", later]
                + self.maybe("--known-at", self.known_at, 0.3))

    def command_record(self):
        files = [self.input_file() for _ in range(self.rng.choice([1, 1, 1, 2, 3]))]
        return ["record"] + self.db() + files

    def command_check(self):
        paths = [self.rng.choice([self.input_file, self.input_folder])() for _ in range(self.rng.choice([1, 1, 2]))]
        return (["check"] + self.db() + paths + self.flag("--stale")
                + self.maybe("--days", lambda: self.number(["180", "1", "30", "3650"]), 0.2))

    def command_correct(self):
        return (["correct"] + self.db() + [self.event_id(), "--reason", self.text()]
                + self.maybe("--replacement", self.input_file, 0.4))

    def command_import(self):
        return ["import"] + self.db() + ([self.input_folder()] if self.rng.random() < 0.8 else []) \
            + self.flag("--bundled", 0.3)

    def command_export(self):
        return (["export"] + self.db() + ["--month", self.month(), "--out", self.out_folder()]
                + self.maybe("--known-at", self.known_at, 0.3) + self.flag("--force", 0.3)
                + self.maybe("--key", self.private_key, 0.2))

    def command_site(self):
        # A site of the whole bundled record takes seconds in a debug build: use the small store
        # more often than other commands do.
        db = ["--db", self.rng.choice(["small.sqlite", "empty.sqlite"])] if self.rng.random() < 0.6 else self.db()
        return (["site"] + db + ["--out", self.out_folder()] + self.maybe("--known-at", self.known_at, 0.3)
                + self.maybe("--base-url", self.url, 0.3))

    def command_verify(self):
        return (["verify"] + self.db() + self.maybe("--head", self.head_hash, 0.2)
                + self.maybe("--length", lambda: self.number([str(self.facts["length"]), "1"]), 0.15)
                + self.maybe("--checkpoint", self.checkpoint_file, 0.2) + self.maybe("--manifest", self.manifest, 0.3)
                + self.maybe("--key", self.public_key, 0.2) + self.flag("--immutable", 0.2))

    def command_checkpoint(self):
        return (["checkpoint"] + self.db() + self.maybe("--key", self.private_key, 0.5)
                + self.maybe("--out", lambda: self.out_file(["new-checkpoint", "out/checkpoint"]), 0.6))

    def command_key(self):
        return ["key", "new", "--out", self.out_file(["new-key", "keys/publisher2"])]

    def command_new(self):
        recommendations = []
        for _ in range(self.rng.choice([0, 1, 1, 2, 3])):
            recommendations += ["--recommendation", self.recommendation()]
        if self.rng.random() < 0.3:
            return (["new", "sweep"] + self.db() + recommendations + self.maybe("--from", self.day)
                    + self.maybe("--through", self.day) + self.maybe("--slug", self.slug)
                    + self.maybe("--out", lambda: self.out_file(["new-sweep.yaml"]), 0.5))
        return (["new", "statement"] + self.db() + recommendations + self.maybe("--date", self.day)
                + self.maybe("--slug", self.slug) + self.maybe("--out", lambda: self.out_file(["new.yaml"]), 0.5))

    def command_discover(self):
        recommendations = []
        for _ in range(self.rng.choice([0, 1, 1, 2])):
            recommendations += ["--recommendation", self.recommendation()]
        return (["discover"] + self.db() + self.maybe("--since", self.day, 0.5) + self.maybe("--until", self.day, 0.3)
                + recommendations + self.maybe("--format", self.format)
                + self.maybe("--draft", self.out_folder, 0.5) + ["--interval", "0", "--timeout", "5"])

    def command_template(self):
        return ["template"] + self.flag("--csv", 0.5)

    def command_init(self):
        return ["init"] + self.db() + self.flag("--empty", 0.5)

    def command_rebuild(self):
        return ["rebuild"] + self.db()

    def command_misuse(self):
        return self.rng.choice([["--help"], ["--version"], ["help", "site"], ["help", "nope"], ["frobnicate"], [],
                                ["status", "--bogus"], ["key"], ["new"], ["help", "new", "statement"],
                                ["key", "new"], ["site"], ["export", "--month"]])

    def disturb(self, argv):
        """Misuse on top of a good line. Only additions, so no value can slip into a writing
        option's place."""
        choice = self.rng.randrange(4)
        if choice == 0:
            return argv + ["--bogus"]
        if choice == 1:
            return argv + [self.rng.choice(["--help", "-h", "--version"])]
        if choice == 2:
            return argv + ["--"]
        return argv + argv[1:]  # every option twice

    def environment(self):
        """Where the store comes from when there is no --db: IICSA_DB, else XDG_DATA_HOME, else HOME."""
        env = base_env(self.case_dir)
        roll = self.rng.random()
        if roll < 0.5:
            env["IICSA_DB"] = os.path.join(self.work, "store.sqlite")
        elif roll < 0.6:
            env["IICSA_DB"] = "small.sqlite"
        elif roll < 0.8:
            env["IICSA_DB"] = ""  # the XDG store
        elif roll < 0.9:
            del env["XDG_DATA_HOME"]  # a store under HOME, created on first use
        else:
            env["IICSA_DB"] = self.rng.choice([".", "fifo", "site", "notes.txt", "missing/x.sqlite", "~"])
        return env


# ---------------------------------------------------------------------------------------------
# Safety: every path a command may write must lie inside the case's scratch folder.

WRITING_OPTIONS = {"--db", "--out", "--draft"}


def inside(folder, path):
    return path == folder or path.startswith(folder + os.sep)


def resolved(cwd, value):
    """Where a path argument lands, lexically and through symlinks; bytes paths allowed."""
    value = os.fsdecode(value)
    lexical = os.path.normpath(os.path.join(cwd, value))
    return lexical, os.path.realpath(lexical)


def home_expanded(value, env):
    """`~` and `~/…` as iicsa's --out reads them: in $HOME (which is inside the case)."""
    value = os.fsdecode(value)
    if value == "~" or value.startswith("~/"):
        return env["HOME"] + value[1:]
    return value


def assert_safe(argv, env, cwd, case_dir):
    """Stops the fuzzer (a bug in it) if a command line could write outside `case_dir`."""
    values = []
    for index, arg in enumerate(argv):
        if arg in WRITING_OPTIONS and index + 1 < len(argv):
            values.append(argv[index + 1])
        for option in WRITING_OPTIONS:
            if isinstance(arg, str) and arg.startswith(option + "="):
                values.append(arg[len(option) + 1:])
    values += [env.get("IICSA_DB", ""), env["HOME"], env["CFFIXED_USER_HOME"], env.get("XDG_DATA_HOME", ""),
               env["TMPDIR"]]
    for value in values:
        # A `~` may be read as a name in the current folder or as the home folder: both must do.
        for path in resolved(cwd, value) + resolved(cwd, home_expanded(value, env)):
            if not inside(case_dir, path):
                raise AssertionError(f"unsafe path {value!r} resolves to {path} outside {case_dir}")
    for arg in argv:
        text = os.fsdecode(arg)
        if text.startswith("/") and not inside(case_dir, text) and text not in READ_ONLY_SYSTEM_PATHS:
            raise AssertionError(f"unsafe absolute path {text!r} on the command line")


# ---------------------------------------------------------------------------------------------
# What a command may change.

def option_value(argv, option):
    """The last value given to `option`, as `--opt V` or `--opt=V`; None if absent."""
    value = None
    for index, arg in enumerate(argv):
        if arg == option and index + 1 < len(argv):
            value = argv[index + 1]
        elif isinstance(arg, str) and arg.startswith(option + "="):
            value = arg[len(option) + 1:]
    return value


def store_used(argv, env, cwd):
    """The store file the command opens: --db, else IICSA_DB, else the data folder's."""
    path = option_value(argv, "--db")
    if path is None:
        path = env.get("IICSA_DB") or None
    if path is None:
        data = env.get("XDG_DATA_HOME") or os.path.join(env["HOME"], ".local/share")
        path = os.path.join(data, "iicsa/tracker.sqlite")
    return resolved(cwd, path)[1]


def first_line(path):
    if not os.path.isfile(path):
        return ""
    try:
        with open(path, "rb") as file:
            return file.readline().rstrip(b"\n").decode(errors="replace")
    except OSError:
        return ""


def is_sqlite(path):
    if not os.path.isfile(path):
        return False  # never open a FIFO: it would block
    try:
        with open(path, "rb") as file:
            return file.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def allowed_changes(argv, env, cwd, case_dir):
    """Paths (relative to `case_dir`) a command may change or delete, and the folders in which
    a subfolder may go: the store of a command that writes it, and what export or site wrote
    before into their --out folder."""
    allowed, folders = set(), []
    command = argv[0] if argv else ""

    def relative(path):
        return os.path.relpath(path, case_dir)

    store = store_used(argv, env, cwd)
    # Only a real store: `--db notes.txt` must leave notes.txt alone.
    if command in STORE_WRITERS and inside(case_dir, store) and is_sqlite(store):
        for suffix in ["", "-wal", "-shm", "-journal"]:
            allowed.add(relative(store + suffix))

    out = option_value(argv, "--out")
    if command in ("site", "export") and out is not None:
        folder = resolved(cwd, home_expanded(out, env))[1]
        if inside(case_dir, folder) and os.path.isdir(folder):
            title = first_line(os.path.join(folder, "MANIFEST"))
            names = []
            if command == "site" and title == "iicsa site":
                names = ["MANIFEST"] + site_manifest_files(os.path.join(folder, "MANIFEST"))
            elif command == "export" and (title in ("iicsa site", "iicsa monthly export") or "--force" in argv):
                names = EXPORT_FILES
            for name in names:
                allowed.add(relative(os.path.join(folder, name)))
            if names:
                folders.append(relative(folder))
    return allowed, folders


def site_manifest_files(manifest):
    """The files a site's MANIFEST lists (`HEX  PATH` lines)."""
    names = []
    with open(manifest, encoding="utf-8", errors="replace") as file:
        for line in file:
            parts = line.rstrip("\n").split("  ", 1)
            if len(parts) == 2 and len(parts[0]) == 64:
                names.append(parts[1])
    return names


# ---------------------------------------------------------------------------------------------
# Judging one case.

def judge_process(result, timeout):
    failures = []
    stderr = result.stderr.decode(errors="replace")
    if result.hung:
        failures.append(("HANG", f"still running after {timeout} s (killed)"))
    elif result.returncode < 0:
        name = signal.Signals(-result.returncode).name if -result.returncode in signal.valid_signals() else "?"
        failures.append(("SIGNAL", f"killed by signal {-result.returncode} ({name}): {first_crash_line(stderr)}"))
    elif result.returncode not in ACCEPTED_EXIT_CODES:
        failures.append(("EXIT", f"exit code {result.returncode}: {first_crash_line(stderr)}"))
    elif any(marker in stderr for marker in CRASH_MARKERS):
        failures.append(("CRASH", first_crash_line(stderr)))
    frame = crashed_in(stderr)
    if frame and failures:
        kind, detail = failures[-1]
        failures[-1] = (kind, f"{detail} [at {frame}]")
    return failures


def crashed_in(stderr):
    """The function named by the first frame of a Swift backtrace, if stderr holds one."""
    match = re.search(r"^\s*0\s.*?0x[0-9a-f]+ (.+?) \+ \d+ in ", stderr, re.MULTILINE)
    return match.group(1) if match else None


def first_crash_line(stderr):
    for line in stderr.splitlines():
        if any(marker in line for marker in CRASH_MARKERS):
            return line.strip()[:300]
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[0].strip()[:300] if lines else "(nothing on stderr)"


def judge_stores(ctx, argv, result, case_dir, before, after):
    """A valid store whose bytes changed must still verify; unless the command appended to it
    successfully, its log must be the same as before (a refusal records nothing)."""
    failures = []
    command = argv[0] if argv else ""
    for store in VALID_STORES:
        names = [store + suffix for suffix in ["", "-wal", "-journal"]]
        if all(before.get(name) == after.get(name) for name in names):
            continue
        path = os.path.join(case_dir, store)
        if not os.path.exists(path):
            continue  # reported as a deleted file
        check = run(ctx.iicsa, ["verify", "--db", path], base_env(case_dir), case_dir, ctx.timeout)
        said = check.stdout.decode(errors="replace").strip()
        if check.returncode != 0 or check.hung:
            complaint = check.stderr.decode(errors="replace").strip().splitlines() or ["(nothing on stderr)"]
            failures.append(("STORE", f"{store} no longer verifies (exit {check.returncode}): {complaint[-1][:300]}"))
        elif not (command in LOG_WRITERS and result.returncode == 0) and said != ctx.verified[store]:
            failures.append(("STORE", f"{store}'s log changed though `{command}` exited {result.returncode}: "
                             f"was '{ctx.verified[store]}', now '{said}'"))
    return failures


def judge_root(root, listed_before):
    """Nothing may appear or go beside the case's folder, in the fuzzer's temporary root."""
    present = sorted(os.listdir(root))
    if present != listed_before:
        return [("OUTSIDE", f"the temporary root now holds {present}, not {listed_before}")]
    return []


def run_case(ctx, case):
    """Lays out, generates, runs and judges case number `case`. Returns (argv, env, result, failures)."""
    rng = random.Random(f"iicsa-fuzz:{ctx.seed}:{case}")
    case_dir = os.path.join(ctx.root, f"case-{case}")
    lay_out(ctx.proto, case_dir)
    generator = Generator(rng, case_dir, ctx.facts)
    argv = generator.command()
    env = generator.environment()
    cwd = generator.work
    assert_safe(argv, env, cwd, case_dir)

    before = snapshot(case_dir)
    root_before = sorted(os.listdir(ctx.root))
    allowed, folders = allowed_changes(argv, env, cwd, case_dir)
    result = run(ctx.iicsa, argv, env, cwd, ctx.timeout)
    after = snapshot(case_dir)

    failures = judge_process(result, ctx.timeout)
    harmed = harmed_files(before, after, allowed, folders)
    if harmed:
        failures.append(("HARM", f"{len(harmed)} pre-existing entries harmed: " + "; ".join(harmed[:6])
                         + (" …" if len(harmed) > 6 else "")))
    failures += judge_stores(ctx, argv, result, case_dir, before, after)
    failures += judge_root(ctx.root, root_before)
    if not ctx.keep:
        remove(case_dir)
    return argv, env, result, failures


def remove(folder):
    # A command may have left a folder without write permission; give it back before deleting.
    def retry(function, path, _):
        os.chmod(os.path.dirname(path), 0o700)
        function(path)
    shutil.rmtree(folder, onerror=retry)


# ---------------------------------------------------------------------------------------------
# Printing a command line so that a shell runs exactly it.

def shell_word(arg, case_dir):
    """One argument, quoted for bash. The scratch folder's path is shown as "$SCRATCH"; a long
    value as a short Python expression that prints it."""
    data = os.fsencode(arg)
    scratch = os.fsencode(case_dir)
    if scratch in data:
        before, after = data.split(scratch, 1)
        return (quoted(before) if before else "") + '"$SCRATCH"' + (quoted(after) if after else "")
    return quoted(data)


def quoted(data):
    """Bytes as one bash word."""
    if len(data) > 200:
        program = "import sys; sys.stdout.buffer.write(" + bytes_expression(data) + ")"
        return '"$(python3 -c ' + shlex.quote(program) + ')"'
    text = data.decode("utf-8", errors="strict") if is_utf8(data) else None
    if text is not None and all(ch.isprintable() and not is_format_char(ch) for ch in text):
        return shlex.quote(text)
    # Control, bidi and invalid bytes: ANSI-C quoting, byte by byte.
    out = []
    for byte in data:
        char = chr(byte)
        if 0x20 <= byte < 0x7F and char not in "'\\":
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    return "$'" + "".join(out) + "'"


def is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def is_format_char(char):
    # Bidi overrides, zero-width joiners and the like: printable to Python, invisible to a reader.
    return unicodedata.category(char) in ("Cf", "Zl", "Zp")


def bytes_expression(data):
    """`data` as a Python expression, runs of a repeated unit written as `b'x' * N`."""
    parts, literal, index = [], bytearray(), 0
    while index < len(data):
        best = None
        for width in range(1, 11):
            unit = data[index:index + width]
            count = 1
            while data[index + count * width: index + (count + 1) * width] == unit:
                count += 1
            if count * width >= 40 and (best is None or count * width > best[0] * best[1]):
                best = (count, width)
        if best:
            if literal:
                parts.append(repr(bytes(literal)))
                literal = bytearray()
            count, width = best
            parts.append(f"{data[index:index + width]!r} * {count}")
            index += count * width
        else:
            literal.append(data[index])
            index += 1
    if literal:
        parts.append(repr(bytes(literal)))
    return " + ".join(parts) or "b''"


def command_line(argv, env, case_dir):
    """`cd "$SCRATCH/work" && [env VAR=…] iicsa ARG…`, for the failure report."""
    settings = []
    defaults = base_env(case_dir)
    for name in ["IICSA_DB", "XDG_DATA_HOME"]:
        if env.get(name) != defaults.get(name):
            settings.append(f"{name}=" + shell_word(env[name], case_dir) if name in env else f"-u {name}")
    prefix = "env " + " ".join(settings) + " " if settings else ""
    return 'cd "$SCRATCH"/work && ' + prefix + "iicsa " + " ".join(shell_word(arg, case_dir) for arg in argv)


# ---------------------------------------------------------------------------------------------
# The run.

class Context:
    pass


def facts_of(iicsa, proto):
    """What the generator draws valid values from: the bundled record's ids and head."""
    store = os.path.join(proto, "work", "store.sqlite")
    status = json.loads(run_checked(iicsa, ["status", "--db", store, "--format", "json"], proto))
    connection = sqlite3.connect(f"file:{store}?mode=ro&immutable=1", uri=True)
    events = [row[0] for row in connection.execute("SELECT id FROM event ORDER BY sequence")]
    connection.close()
    return {
        "recommendations": sorted(r["id"] for r in status["recommendations"]),
        "sources": sorted({r["source"] for r in status["recommendations"]}),
        "events": events,
        "length": status["log"]["length"],
        "head": status["log"]["head"],
    }


def set_up(args):
    iicsa = os.path.join(os.path.abspath(args.bin_dir), "iicsa")
    if not os.access(iicsa, os.X_OK):
        sys.exit(f"fuzz: no iicsa in {args.bin_dir}")
    ctx = Context()
    ctx.iicsa, ctx.seed, ctx.timeout, ctx.keep = iicsa, args.seed, args.timeout, args.keep
    ctx.root = tempfile.mkdtemp(prefix="iicsa-fuzz.")
    ctx.proto = os.path.join(ctx.root, "proto")
    replaced = build_prototype(iicsa, ctx.proto)
    ctx.facts = facts_of(iicsa, ctx.proto)
    ctx.facts["replaced"] = replaced
    # What `verify` says of each store as laid out, to compare with after a refused write.
    # --immutable, because a plain read of a store in WAL mode leaves -wal and -shm files beside it.
    ctx.verified = {}
    for store in VALID_STORES:
        said = run_checked(iicsa, ["verify", "--immutable", "--db", os.path.join(ctx.proto, store)], ctx.proto)
        ctx.verified[store] = said.strip()
    ctx.proto_snapshot = snapshot(ctx.proto)
    return ctx


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bin_dir", help="the folder holding the built iicsa")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--seconds", type=float, default=120, help="time budget: no case starts after it")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a command counts as hung")
    parser.add_argument("--case", type=int, help="run this case alone and show it in full")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders (printed at the end)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case's command line and exit")
    args = parser.parse_args()

    watched = real_user_places()
    untouched = state_of(watched)
    started = time.monotonic()
    budget = f"case {args.case}" if args.case is not None else f"{args.seconds:g} s"
    print(f"fuzz: seed {args.seed}, {budget}, timeout {args.timeout:g} s", flush=True)
    ctx = set_up(args)
    print(f"fuzz: set up in {time.monotonic() - started:.1f} s in {ctx.root}", flush=True)
    passed, failed, distinct = 0, 0, {}
    try:
        for case in case_numbers(args, started):
            argv, env, result, failures = run_case(ctx, case)
            line = command_line(argv, env, os.path.join(ctx.root, f"case-{case}"))
            escaped = state_of(watched) != untouched
            if escaped:
                # A case reached the real user's data: stop before another one does.
                failures.append(("OUTSIDE", f"the real user's data folder changed: {watched}; stopped"))
            if args.case is not None:
                show_case(case, line, result)
            elif args.verbose:
                print(f"fuzz: case {case}: exit {result.returncode} in {result.seconds:.2f} s :: {line}", flush=True)
            for kind, detail in failures:
                print(f"fuzz: FAIL seed={ctx.seed} case={case} {kind}: {detail} :: {line}", flush=True)
                distinct.setdefault((kind, argv[0] if argv else "", crash_site(detail)), []).append(case)
            passed, failed = (passed, failed + 1) if failures else (passed + 1, failed)
            if escaped:
                break
        # Cases run in copies of the prototype; a command that reached it would spoil later cases.
        if snapshot(ctx.proto) != ctx.proto_snapshot:
            print(f"fuzz: FAIL seed={ctx.seed} OUTSIDE: a case changed the prototype layout in {ctx.proto}")
            failed += 1
    finally:
        if not args.keep:
            remove(ctx.root)
    elapsed = time.monotonic() - started
    # One line per kind of failure, command and crash site: the distinct bugs, roughly.
    for (kind, command, site), numbers in sorted(distinct.items()):
        print(f"fuzz: {kind} in `{command}`{' at ' + site if site else ''}: {len(numbers)} cases, first {numbers[0]}")
    print(f"fuzz: {passed + failed} cases in {elapsed:.0f} s, {(passed + failed) / elapsed:.2f} cases/s"
          + (f"; scratch kept in {ctx.root}" if args.keep else ""))
    print(f"fuzz: {passed} passed, {failed} failed")
    return 1 if failed else 0


def case_numbers(args, started):
    """The case asked for, or 0, 1, 2, … until the time budget is spent."""
    if args.case is not None:
        yield args.case
        return
    case = 0
    while time.monotonic() - started < args.seconds:
        yield case
        case += 1


def crash_site(detail):
    match = re.search(r"\[at (.+)\]$", detail)
    return match.group(1) if match else ""


def show_case(case, line, result):
    """Everything about one case, for `--case K`."""
    print(f"fuzz: case {case}: {line}")
    print(f"fuzz: exit {result.returncode}{' (hung)' if result.hung else ''} in {result.seconds:.2f} s")
    for name, data in [("stdout", result.stdout), ("stderr", result.stderr)]:
        text = data.decode(errors="replace")
        print(f"--- {name} ({len(data)} bytes)")
        print(text[:4000] + ("\n…" if len(text) > 4000 else ""))


if __name__ == "__main__":
    sys.exit(main())
