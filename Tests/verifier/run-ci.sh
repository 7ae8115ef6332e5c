#!/usr/bin/env bash
# The log format's test: an independent verifier and replayer (Python, standard library only,
# written from docs/log-format.md) against the built iicsa, on the bundled record, a synthetic
# store, a small store full of corrections and pledges, the spec's test vectors, and tampered
# copies that must be refused.
#
#   bash Tests/verifier/run-ci.sh BIN_DIR      (BIN_DIR holds the built iicsa and iicsa-bench)
#
# Exits non-zero on the first disagreement, printing it. Leaves nothing behind.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -x "$1/iicsa" ] || [ ! -x "$1/iicsa-bench" ]; then
  echo "usage: $0 BIN_DIR (the folder holding the built iicsa and iicsa-bench)" >&2
  exit 64
fi
BIN=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
IICSA="$BIN/iicsa"
FIXTURES="$HERE/fixtures"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iicsa-verifier.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# No __pycache__ in the checkout, and no store found through the environment by accident.
export PYTHONDONTWRITEBYTECODE=1 NO_COLOR=1
unset IICSA_DB XDG_DATA_HOME
START=$SECONDS

verifier() { python3 "$HERE/verifier.py" "$@"; }
step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "run-ci: FAIL: $*" >&2
  exit 1
}

# The verifier and `iicsa verify` must see the same sound log: same length, same head.
check_agrees() {
  local db=$1 ours theirs
  ours=$(verifier check "$db") || fail "the verifier refuses $db"
  theirs=$("$IICSA" verify --db "$db") || fail "iicsa verify refuses $db"
  [ "$ours" = "$theirs" ] || fail "on $db the verifier says '$ours' but iicsa verify says '$theirs'"
  echo "$ours"
}

# `check --expect-head HASH` must find HASH as event N.
expect_head_at() {
  local db=$1 hash=$2 n=$3 out
  out=$(verifier check "$db" --expect-head "$hash") || fail "$db does not hold head $hash"
  grep -q "^Head $hash is event $n of " <<<"$out" || fail "$db: head $hash is not event $n: $out"
}

# Records fixture files one at a time, in the order given (their recorded_at times ascend).
record_each() {
  local db=$1
  shift
  for file in "$@"; do
    "$IICSA" record --db "$db" "$file" >/dev/null || fail "iicsa record refused $file"
  done
}

count() { sqlite3 "file:$1?mode=ro&immutable=1" "$2"; }

# Each recommendation's "checked through" on DAY (section 7.10) must be what `iicsa show` says.
compare_checked() {
  local db=$1 day=$2 expected actual
  expected=$(verifier checked "$db" --as-of "$day") || fail "the verifier cannot replay $db's sweeps"
  actual=$(python3 - "$IICSA" "$db" "$day" "$expected" <<'PY'
import json, subprocess, sys
iicsa, db, day, expected = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
out = {}
for rid in expected:
    shown = json.loads(subprocess.run([iicsa, "show", rid, "--db", db, "--as-of", day, "--format", "json"],
                                      check=True, capture_output=True, text=True).stdout)["checked"]
    out[rid] = [{"sweep": sweep["id"], "through": sweep["through"]} for sweep in shown]
print(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))
PY
  ) || fail "iicsa show failed on $db"
  [ "$expected" = "$actual" ] || fail "on $db as of $day, checked through: the verifier says $expected but iicsa show says $actual"
  echo "checked through on $day agrees for $(python3 -c 'import json, sys; print(len(json.loads(sys.argv[1])))' "$expected") recommendations"
}

# ---------------------------------------------------------------------------------------------
step "(a) the bundled record"
REAL="$WORK/real.sqlite"
"$IICSA" init --db "$REAL" >/dev/null
check_agrees "$REAL"
# Spec section 9.1: the first three events of the bundled record.
expect_head_at "$REAL" 5f9c411d55c255ea543aafff9677c19c265acf8212c5dfa13708bbb617dbb09d 1
expect_head_at "$REAL" c93a9104f5b87cb0e42d7e75c60050e22fb555e720b0b4574756f8442575eb67 2
expect_head_at "$REAL" 3d2defc2b26565f55fc64d079803d0efbb4bf25f70a4c3c1f52e7cd5a72d4c49 3
verifier compare "$REAL" --iicsa "$IICSA" --year-ends --today --each-recorded-at || fail "status of the bundled record"
compare_checked "$REAL" "$(date -u +%F)"
compare_checked "$REAL" 2026-01-31
# The spec's own ten lines of Python (sections 3 and 4), run as printed, must say what verify says.
spec_says=$(python3 - "$HERE/../../docs/log-format.md" "$REAL" <<'PY'
import re, sys
blocks = re.findall(r"```python\n(.*?)```", open(sys.argv[1]).read(), re.S)
exec(blocks[0].replace("/path/to/tracker.sqlite", sys.argv[2]) + blocks[1], {})
PY
)
[ "$spec_says" = "$("$IICSA" verify --db "$REAL")" ] || fail "the spec's Python says '$spec_says'"
echo "the spec's own Python agrees: $spec_says"

# ---------------------------------------------------------------------------------------------
step "(b) a synthetic store: 3000 events, 10 late corrections"
SYN="$WORK/synthetic.sqlite"
"$BIN/iicsa-bench" generate --events 3000 --corrections 10 --db "$SYN" >/dev/null
check_agrees "$SYN"
# Event i is recorded at 2026-01-01T00:00:00Z + i seconds; the corrections are events 2991-3000.
verifier compare "$SYN" --iicsa "$IICSA" --year-ends --today \
  --known-at 2026-01-01T00:00:04Z --known-at 2026-01-01T00:25:00Z \
  --known-at 2026-01-01T00:49:50Z --known-at 2026-01-01T00:49:55Z || fail "status of the synthetic store"

# ---------------------------------------------------------------------------------------------
step "(c) the spec's vector log, and a small store with corrections and pledges"
VECTOR="$WORK/vector.sqlite"
"$IICSA" init --empty --db "$VECTOR" >/dev/null
record_each "$VECTOR" "$FIXTURES"/vector/*.yaml
check_agrees "$VECTOR"
# Spec section 9.2.
expect_head_at "$VECTOR" ab480d970a085a73bfb8902604bfe087ac791eabd328f810bf0b4192756f1d4a 1
expect_head_at "$VECTOR" cda45f22b148ab1688103cb2e88bdb2d052d18d9b466b46aa486d1fca3f18bc1 2
expect_head_at "$VECTOR" b308387678551b79b5223b14219f396b173cc2a4e991fe2d2f0b3308ec00ad97 3
verifier compare "$VECTOR" --iicsa "$IICSA" --statement-dates --today --each-recorded-at || fail "status of the vector log"

SMALL="$WORK/small.sqlite"
"$IICSA" init --empty --db "$SMALL" >/dev/null
record_each "$SMALL" "$FIXTURES"/small/[0-9]*.yaml
# Two corrections through `iicsa correct` (stamped now, so after every file): a retraction and
# a replacement.
"$IICSA" correct --db "$SMALL" 2022-01-10-to-retract --reason "The report was wrong: nothing was accepted." >/dev/null
"$IICSA" correct --db "$SMALL" 2021-09-01-withdrawal --reason "Reworded." \
  --replacement "$FIXTURES/small/cli-replacement.yaml" >/dev/null
# And a sweep retracted: it must count for nothing.
"$IICSA" correct --db "$SMALL" 2026-01-09-sweep-early --reason "Searched the wrong years." >/dev/null
retractions=$(count "$SMALL" "SELECT count(*) FROM event WHERE type = 'event_corrected' AND json_extract(payload, '\$.replacement') IS NULL")
replacements=$(count "$SMALL" "SELECT count(*) FROM event WHERE type = 'event_corrected' AND json_extract(payload, '\$.replacement') IS NOT NULL")
pledges=$(count "$SMALL" "SELECT coalesce(sum(json_array_length(payload, '\$.pledges')), 0) FROM event WHERE type = 'statement_recorded'")
[ "$retractions" -ge 1 ] && [ "$replacements" -ge 1 ] && [ "$pledges" -ge 1 ] ||
  fail "the small store should hold a retraction, a replacement and a pledge ($retractions, $replacements, $pledges)"
echo "small store: $retractions retractions, $replacements replacements, $pledges pledges"
check_agrees "$SMALL"
verifier compare "$SMALL" --iicsa "$IICSA" --year-ends --today --statement-dates --each-recorded-at ||
  fail "status of the small store"
sweeps=$(count "$SMALL" "SELECT count(*) FROM event WHERE type = 'sweep_recorded'")
[ "$sweeps" -ge 3 ] || fail "the small store should hold three sweeps, one retracted ($sweeps)"
compare_checked "$SMALL" 2024-06-30
compare_checked "$SMALL" "$(date -u +%F)"

# The verifier writes nothing beside the store: a lone copy stays alone and unchanged.
mkdir "$WORK/alone"
cp "$VECTOR" "$WORK/alone/store.sqlite"
before=$(sha256sum <"$WORK/alone/store.sqlite")
verifier check "$WORK/alone/store.sqlite" >/dev/null
[ "$(ls -A "$WORK/alone")" = "store.sqlite" ] || fail "the verifier left files beside the store: $(ls -A "$WORK/alone")"
[ "$(sha256sum <"$WORK/alone/store.sqlite")" = "$before" ] || fail "the verifier changed the store file"
echo "the verifier left the store file alone"

# ---------------------------------------------------------------------------------------------
step "(d) tampered copies must be refused"
# A copy of the small store (its WAL is empty once iicsa has exited), with one of the triggers
# that guard the log dropped, as a tamperer would.
tampered() {
  local name=$1 trigger=$2
  local copy="$WORK/tampered-$name.sqlite"
  [ ! -s "$SMALL-wal" ] || fail "the small store's WAL is not empty"
  cp "$SMALL" "$copy"
  sqlite3 "$copy" "DROP TRIGGER $trigger;"
  echo "$copy"
}

# Both verifiers must refuse `db` with exit 3, the Python one naming `expected` in its message.
expect_refused() {
  local what=$1 db=$2 expected=$3 out rc
  set +e
  out=$(verifier check "$db" 2>&1)
  rc=$?
  "$IICSA" verify --db "$db" >/dev/null 2>&1
  local swift=$?
  set -e
  [ $rc -eq 3 ] || fail "$what: the verifier exited $rc, not 3: $out"
  grep -qF -- "$expected" <<<"$out" || fail "$what: the verifier did not say '$expected': $out"
  [ $swift -eq 3 ] || fail "$what: iicsa verify exited $swift, not 3"
  echo "refused, $what: $out"
}

# One byte of a payload: the first letter of event 5's summary.
copy=$(tampered byte event_no_update)
pos=$(sqlite3 "$copy" "SELECT instr(payload, '\"summary\":\"') + 10 FROM event WHERE sequence = 5")
sqlite3 "$copy" "UPDATE event SET payload = substr(payload, 1, $pos)
  || (CASE substr(payload, $pos + 1, 1) WHEN 'X' THEN 'Y' ELSE 'X' END) || substr(payload, $pos + 2)
  WHERE sequence = 5;"
[ "$(count "$copy" "SELECT length(CAST(payload AS BLOB)) FROM event WHERE sequence = 5")" = \
  "$(count "$SMALL" "SELECT length(CAST(payload AS BLOB)) FROM event WHERE sequence = 5")" ] || fail "the edit changed the length"
expect_refused "one payload byte of event 5 changed" "$copy" "event 5 ('2020-07-01-bill-introduced') does not match its hash"

# A row deleted from the middle.
copy=$(tampered gap event_no_delete)
sqlite3 "$copy" "DELETE FROM event WHERE sequence = 7;"
expect_refused "event 7 deleted" "$copy" "event 7 is missing"

# A recording time moved by one second (the chain covers every column but the hash).
copy=$(tampered time event_no_update)
sqlite3 "$copy" "UPDATE event SET recorded_at = '2026-01-01T10:00:04Z' WHERE sequence = 6;"
expect_refused "event 6 recorded a second later" "$copy" "event 6 ('2020-07-01-same-day-second') does not match its hash"

# A stored hash replaced by another well-formed one.
copy=$(tampered hash event_no_update)
sqlite3 "$copy" "UPDATE event SET hash = '$(printf '0%.0s' {1..64})' WHERE sequence = 9;"
expect_refused "event 9's hash replaced" "$copy" "event 9 ('2020-03-15-backdated') does not match its hash"

# A whole chain rewritten after an edit passes on its own; only a head published before the
# rewrite exposes it (docs/reliability.md, threat model).
copy=$(tampered rewrite event_no_update)
published=$(count "$SMALL" "SELECT hash FROM event ORDER BY sequence DESC LIMIT 1")
sqlite3 "$copy" "UPDATE event SET payload = replace(payload, 'The bill is introduced.', 'The bill is withdrawn.') WHERE sequence = 5;"
python3 "$HERE/forge.py" rehash "$copy"
verifier check "$copy" >/dev/null || fail "a consistently rewritten chain should verify on its own"
set +e
out=$(verifier check "$copy" --expect-head "$published" 2>&1)
rc=$?
set -e
[ $rc -eq 3 ] && grep -qF "head $published is in no event of this log" <<<"$out" ||
  fail "a rewritten chain was not refused against the published head (exit $rc): $out"
echo "refused, a rewritten chain against the head published before it: $out"

# An event appended with a correct hash but an earlier recorded_at than the one before it. The
# chain is sound, yet "known at" a past moment would no longer select a prefix of the log; both
# the verifier and `iicsa verify` refuse it.
copy=$(tampered back-timed event_in_order)
python3 "$HERE/forge.py" append "$copy" 2020-01-20-back-timed statement_recorded 2026-01-01T09:30:00Z \
  '{"changes":[],"confidence":"confirmed","date":"2020-01-20","date_precision":"day","id":"2020-01-20-back-timed","kind":"other","pledges":[],"reaffirms":[],"relates_to":["ALPHA-1"],"role":"Minister","sources":[{"publisher":"X","url":"https://example.org/x"}],"speaker":"X","summary":"Appended with an early time.","title":"Back-timed"}'
set +e
out=$(verifier check "$copy" 2>&1)
rc=$?
set -e
[ $rc -eq 3 ] && grep -qF "recorded_at 2026-01-01T09:30:00Z is earlier than the event before it" <<<"$out" ||
  fail "an event recorded back in time was not refused (exit $rc): $out"
set +e
swift_out=$("$IICSA" verify --db "$copy" 2>&1)
swift_rc=$?
set -e
[ $swift_rc -eq 3 ] && grep -qF "before the event it follows" <<<"$swift_out" ||
  fail "iicsa verify did not refuse an event recorded back in time (exit $swift_rc): $swift_out"
echo "refused, an event appended back in time: $out"

# (e) A signed checkpoint and a signed MANIFEST, checked by a second Ed25519 implementation
# (Python's `cryptography`, section 10); then altered by one byte, which both must refuse.
echo
echo "== (e) signatures"
if python3 -c "import cryptography" 2>/dev/null; then
  "$IICSA" key new --out "$WORK/publisher" >/dev/null
  "$IICSA" checkpoint --db "$SMALL" --key "$WORK/publisher" --out "$WORK/checkpoint" >/dev/null
  "$IICSA" export --db "$SMALL" --month 2021-06 --out "$WORK/export" --key "$WORK/publisher" >/dev/null
  for signed in "$WORK/checkpoint" "$WORK/export/MANIFEST"; do
    python3 "$HERE/signature.py" "$signed" "$WORK/publisher.pub" || fail "$signed: Python refused iicsa's signature"
  done
  "$IICSA" verify --db "$SMALL" --checkpoint "$WORK/checkpoint" --key "$WORK/publisher.pub" >/dev/null ||
    fail "iicsa verify refused its own checkpoint"
  sed 's/^log_length: /log_length: 1/' "$WORK/checkpoint" >"$WORK/altered"
  set +e
  python3 "$HERE/signature.py" "$WORK/altered" "$WORK/publisher.pub" 2>/dev/null
  py_rc=$?
  "$IICSA" verify --db "$SMALL" --checkpoint "$WORK/altered" --key "$WORK/publisher.pub" >/dev/null 2>&1
  swift_rc=$?
  set -e
  [ $py_rc -eq 3 ] && [ $swift_rc -eq 3 ] || fail "an altered checkpoint was not refused (python $py_rc, iicsa $swift_rc)"
  echo "refused by both, a checkpoint altered by one byte"
else
  echo "skipped: Python's cryptography package is not installed (pip install cryptography)"
fi

printf '\nrun-ci: all checks passed in %d s.\n' $((SECONDS - START))
