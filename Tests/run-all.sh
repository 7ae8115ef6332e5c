#!/usr/bin/env bash
# Every test of iicsa, on a fresh machine: installs what it lacks (Debian packages with apt-get,
# Python packages with pip), starts a throw-away PostgreSQL cluster on loopback as an
# unprivileged user, builds, runs the Swift tests and the verifier, site and fuzz checks, and
# stops the cluster however the run ends. The one test command the README gives; CI's entry
# point (.ci/run) calls it.
#   bash Tests/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need_apt+=(libsqlite3-dev)
# The independent verifier (Tests/verifier) is Python's standard library alone.
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
# Headless Chromium renders the exported HTML page in the browser test, and the site's pages
# under axe-core (Tests/site), driven by Selenium through chromium-driver.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
# A team's shared record: the store on PostgreSQL, tested against a real server on loopback
# (Tests/postgres/cluster.sh), and psql for the tests that act as an editor would by hand.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
fi

# Ed25519 for the verifier's check of iicsa's signatures (Tests/verifier/signature.py); Selenium,
# axe and html5lib for the site's browser check (Tests/site). axe-playwright-python is there for
# its current axe-core only (axe-selenium-python bundles axe 3.1), so Playwright is not installed.
python3 -c "import cryptography" 2>/dev/null || python3 -m pip install -q cryptography
python3 -c "import selenium, axe_selenium_python, html5lib" 2>/dev/null ||
  python3 -m pip install -q selenium axe-selenium-python html5lib
# icalendar parses the pledge calendars (pledges.ics) independently of the Swift writer.
python3 -c "import icalendar" 2>/dev/null || python3 -m pip install -q icalendar
python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('axe_playwright_python') is None)" ||
  python3 -m pip install -q --no-deps axe-playwright-python

# A throw-away PostgreSQL cluster for the tests, as an unprivileged user, stopped and removed
# however the run ends: always a folder of this run's own, never one named in the environment
# (stopping removes it), on the first free port.
export IICSA_PG_DIR=/tmp/iicsa-pg-tests-$$
unset IICSA_PG_PORT
# The stand-in for the official sources `iicsa discover` asks (Tests/discover/stub.py): one for
# the whole run, on a free loopback port, stopped with the cluster.
stub_dir=$(mktemp -d /tmp/iicsa-sources-XXXXXX)
stub_pid=""
trap '[ -z "$stub_pid" ] || kill "$stub_pid" 2>/dev/null || true; rm -rf "$stub_dir"; bash Tests/postgres/cluster.sh stop' EXIT
python3 Tests/discover/stub.py --log "$stub_dir/requests.log" > "$stub_dir/port" &
stub_pid=$!
for _ in $(seq 100); do [ -s "$stub_dir/port" ] && break; sleep 0.1; done
if [ ! -s "$stub_dir/port" ]; then echo "run-all: the sources' stand-in (Tests/discover/stub.py) did not start" >&2; exit 1; fi
export IICSA_TEST_SOURCES="http://127.0.0.1:$(head -1 "$stub_dir/port")" IICSA_TEST_SOURCES_LOG="$stub_dir/requests.log"
# (An assignment, so that a cluster that fails to start stops the run here.)
pg_env=$(bash Tests/postgres/cluster.sh start)
eval "$pg_env"

swift build --build-tests
swift test
bin=$(swift build --show-bin-path)
# The log format's own test: a second implementation, written from docs/log-format.md, checks
# stores the tool built (the bundled record, a synthetic store, a store full of corrections).
bash Tests/verifier/run-ci.sh "$bin"
# The site as a reader's browser sees it: crawl, HTML parse, and axe in headless Chromium.
bash Tests/site/run-ci.sh "$bin"
# Hostile command lines for a bounded time, each from inside a scratch folder: no crash, no hang,
# and no file the command did not write deleted or changed (Tests/fuzz/README.md).
bash Tests/fuzz/run-ci.sh "$bin"
