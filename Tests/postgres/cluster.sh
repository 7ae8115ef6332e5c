#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for the tests, run as an unprivileged user.
#
#   eval "$(bash Tests/postgres/cluster.sh start)"   # prints the export of IICSA_TEST_POSTGRES
#   bash Tests/postgres/cluster.sh stop
#
# The cluster lives in $IICSA_PG_DIR (default /tmp/iicsa-pg-cluster), listens on 127.0.0.1 only,
# port $IICSA_PG_PORT (default: the first free port from 54329), and has one login role, iicsa_owner, that may create
# databases and roles (the tests make a database each) but is no superuser, as a host's
# database owner would be.
set -euo pipefail

dir=${IICSA_PG_DIR:-/tmp/iicsa-pg-cluster}
# The port: as given, else the one this cluster was started on, else the first free one from
# 54329 (a developer's own server on 5432, or another cluster, is never disturbed).
if [ -n "${IICSA_PG_PORT:-}" ]; then
  port=$IICSA_PG_PORT
elif [ -f "$dir/port" ]; then
  port=$(cat "$dir/port")
elif [ -f "$dir/data/postmaster.pid" ]; then
  port=$(sed -n 4p "$dir/data/postmaster.pid")
else
  port=54329
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
fi
password=iicsa-test-only
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres user Debian's package made.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    echo "$password" >"$dir/.pw"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/.pw"
    as_owner "$bin/initdb" -D "$dir/data" -A scram-sha-256 --username=postgres --pwfile="$dir/.pw" \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  echo "$port" >"$dir/port"
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=100" start >&2
  fi
  export PGPASSWORD=$password
  psql -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'iicsa_owner') THEN
    CREATE ROLE iicsa_owner LOGIN PASSWORD '$password' CREATEDB CREATEROLE;
  END IF;
END \$\$;
SQL
  echo "export IICSA_TEST_POSTGRES=postgres://iicsa_owner:$password@127.0.0.1:$port/postgres"
  echo "export IICSA_PG_DIR=$dir IICSA_PG_PORT=$port"
  ;;
restart)
  as_owner "$bin/pg_ctl" -D "$dir/data" -w -m immediate restart >/dev/null
  ;;
stop)
  if [ -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >&2 || true
    rm -rf "$dir"
  fi
  ;;
*)
  echo "usage: $0 start|restart|stop" >&2
  exit 2
  ;;
esac
