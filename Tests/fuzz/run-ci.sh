#!/usr/bin/env bash
# Fuzzes iicsa's command lines for a bounded time: no command may crash, hang, or delete or
# change a file it did not write (Tests/fuzz/README.md).
#
#   bash Tests/fuzz/run-ci.sh BIN_DIR      (BIN_DIR holds the built iicsa)
#
# FUZZ_SEED and FUZZ_SECONDS override the seed (default 2026) and the time budget (default 120 s).
# Every command runs inside a scratch folder under one temporary root, which is removed at the end.
# Exits non-zero if any case failed, each failure printed on one line with its seed and case.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -x "$1/iicsa" ]; then
  echo "usage: $0 BIN_DIR (the folder holding the built iicsa)" >&2
  exit 64
fi
HERE=$(cd "$(dirname "$0")" && pwd)
# No __pycache__ in the checkout, and no store found through the environment by accident.
export PYTHONDONTWRITEBYTECODE=1 NO_COLOR=1
unset IICSA_DB XDG_DATA_HOME

python3 "$HERE/fuzz_cli.py" "$1" --seed "${FUZZ_SEED:-2026}" --seconds "${FUZZ_SECONDS:-120}" --timeout 30
