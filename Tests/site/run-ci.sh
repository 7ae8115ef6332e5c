#!/usr/bin/env bash
# Builds the site of the bundled record with the built `iicsa` and checks it as a browser would:
# the crawl (every page parses, every internal link and anchor resolves, nothing loads from
# elsewhere) and axe-core in headless Chromium at desktop and phone width. Also a site of a store
# holding hostile text, crawled and checked by axe the same way.
#   bash Tests/site/run-ci.sh BIN_DIR
set -euo pipefail
BIN=${1:?usage: run-ci.sh BIN_DIR (the folder holding the built iicsa)}
HERE=$(cd "$(dirname "$0")" && pwd)
IICSA="$BIN/iicsa"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iicsa-site.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

"$IICSA" init --db "$WORK/tracker.sqlite" >/dev/null
"$IICSA" site --db "$WORK/tracker.sqlite" --out "$WORK/site" --known-at 2026-12-08T01:30:00Z --base-url https://example.org/tracker/
python3 "$HERE/check_site.py" "$WORK/site" --axe
# The calendar of due dates, parsed by an independent iCalendar library; its UIDs and bytes the
# same in a second build, and the same as `iicsa pledges --format ics` for the site's day.
"$IICSA" site --db "$WORK/tracker.sqlite" --out "$WORK/site-again" --known-at 2026-12-08T01:30:00Z --base-url https://example.org/tracker/ >/dev/null
python3 "$HERE/check_calendar.py" "$WORK/site/pledges.ics" "$WORK/site-again/pledges.ics"
"$IICSA" pledges --db "$WORK/tracker.sqlite" --known-at 2026-12-08T01:30:00Z --as-of 2026-12-08 --format ics >"$WORK/pledges.ics"
cmp "$WORK/pledges.ics" "$WORK/site/pledges.ics"

# Hostile text in every field a page prints: it must render inert and leave the pages valid.
cat >"$WORK/hostile.yaml" <<'YAML'
id: 2026-12-01-hostile-text
date: 2026-12-01
recorded_at: 2026-12-08T01:10:00Z
speaker: '<script>alert(1)</script> "Minister" & co'
role: "' onmouseover='alert(1)"
kind: written_answer
title: '<img src=x onerror=alert(1)> javascript:alert(1) Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword'
summary: 'A summary quoting &lt;b&gt; and </main><h1>injected</h1> data:text/html,<b>x</b>'
note: 'مرحبا — right to left, then left'
sources:
  - url: 'https://www.gov.uk/x?a="><script>alert(1)</script>'
    publisher: '"><svg onload=alert(1)>'
    title: '</a><a href="javascript:alert(1)">click</a>'
reaffirms: [IICSA-13]
pledges:
  - recommendation: IICSA-13
    text: 'Deliver; then, END:VCALENDAR \ BEGIN:VEVENT UID:x <script>alert(1)</script> مرحبا'
    target_stage: delivered
    due: 2027-01-31
    due_text: 'by; "January", \n END:VEVENT'
YAML
"$IICSA" record --db "$WORK/tracker.sqlite" "$WORK/hostile.yaml" >/dev/null
"$IICSA" site --db "$WORK/tracker.sqlite" --out "$WORK/hostile-site" --known-at 2026-12-08T01:30:00Z >/dev/null
python3 "$HERE/check_site.py" "$WORK/hostile-site" --axe \
  --page statements/2026-12-01-hostile-text/ --page recommendations/iicsa-13/
grep -q '<script' -r --include='*.html' "$WORK/hostile-site" && { echo "a hostile text became a script" >&2; exit 1; }
"$IICSA" site --db "$WORK/tracker.sqlite" --out "$WORK/hostile-site-again" --known-at 2026-12-08T01:30:00Z >/dev/null
python3 "$HERE/check_calendar.py" "$WORK/hostile-site/pledges.ics" "$WORK/hostile-site-again/pledges.ics" \
  --expect-text 'Deliver; then, END:VCALENDAR \ BEGIN:VEVENT UID:x <script>alert(1)</script> مرحبا' \
  --expect-text 'by; "January", \n END:VEVENT'
for month in "$WORK"/hostile-site/months/*/; do
  python3 "$HERE/check_calendar.py" "$month/pledges.ics" "$WORK/hostile-site-again/months/$(basename "$month")/pledges.ics" \
    --allow-empty >/dev/null
done
echo "site run-ci: all checks passed"
