# Sourced by ./build test and .ci/run: a PostgreSQL server for the store tests, which create and drop
# their own databases through STEADY_TEST_POSTGRES_URL and are skipped when it is unset.
#
#   steady_test_postgres      sets STEADY_TEST_POSTGRES_URL, or says why the PostgreSQL tests will be skipped
#   steady_test_postgres_note one line for the end of the test run when they were skipped (or nothing)
#
# STEADY_TEST_POSTGRES_URL set: that server is used as it is. Otherwise, STEADY_TEST_POSTGRES says:
#   auto (default)  start a throwaway cluster when PostgreSQL's server is installed here, else skip
#   required        start one or fail (.ci/run, which installs the server first)
#   off             skip the PostgreSQL tests
# The cluster listens on 127.0.0.1 only, lives in $STEADY_CI_PG (default /tmp/steady-test-postgres-UID)
# and is reused by the next run: initialised once, started when it is down, on a free port remembered
# there. As root the server runs as the postgres user (initdb and the server refuse root).

steady_test_postgres_skipped=""

steady_test_postgres() {
  local why="" fix="apt-get install postgresql (./build test then starts a throwaway cluster on 127.0.0.1 by itself), or export STEADY_TEST_POSTGRES_URL='jdbc:postgresql://HOST:PORT/postgres?user=USER&password=PASSWORD' for a role that may create databases"
  if [ -n "${STEADY_TEST_POSTGRES_URL:-}" ]; then
    echo "test: PostgreSQL store tests use STEADY_TEST_POSTGRES_URL (${STEADY_TEST_POSTGRES_URL%%\?*})"
    return 0
  fi
  case "${STEADY_TEST_POSTGRES:-auto}" in
    off|0|no)
      why="STEADY_TEST_POSTGRES_URL is unset and STEADY_TEST_POSTGRES=${STEADY_TEST_POSTGRES}"
      fix="unset STEADY_TEST_POSTGRES (./build test then starts a throwaway cluster when PostgreSQL is installed), or export STEADY_TEST_POSTGRES_URL" ;;
    *)
      if [ -z "$(steady_postgres_bin)" ]; then
        why="STEADY_TEST_POSTGRES_URL is unset and no PostgreSQL server is installed here (/usr/lib/postgresql/*/bin/initdb)"
      elif ! steady_start_test_postgres; then
        why="STEADY_TEST_POSTGRES_URL is unset and the throwaway PostgreSQL cluster did not start (see above)"
        fix="fix what the lines above say, or export STEADY_TEST_POSTGRES_URL for a server of yours"
      fi ;;
  esac
  if [ -n "$why" ]; then
    if [ "${STEADY_TEST_POSTGRES:-auto}" = required ]; then
      echo "test: PostgreSQL is required (STEADY_TEST_POSTGRES=required) but $why" >&2
      return 1
    fi
    steady_test_postgres_skipped="the PostgreSQL store tests are SKIPPED: $why. To run them: $fix"
    echo "test: $steady_test_postgres_skipped"
  fi
  return 0
}

steady_test_postgres_note() {
  if [ -n "$steady_test_postgres_skipped" ]; then echo "test: $steady_test_postgres_skipped"; fi
}

steady_postgres_bin() { # the newest installed server's bin directory, or nothing
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then echo "$bin"; fi
}

steady_start_test_postgres() {
  local base="${STEADY_CI_PG:-/tmp/steady-test-postgres-$(id -u)}" bin owner port pw started
  bin="$(steady_postgres_bin)"
  owner="$(id -un)"
  [ "$owner" = root ] && owner=postgres
  as_owner() { if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
  port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
  if [ "$(cat "$base/data/PG_VERSION" 2>/dev/null)" != "$(basename "$(dirname "$bin")")" ]; then
    echo "test: initialising a PostgreSQL cluster in $base"
    [ -f "$base/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$base/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$base" && mkdir -p "$base" || return 1
    od -An -N18 -tx1 /dev/urandom | tr -d ' \n' >"$base/password"
    chown -R "$owner" "$base" && chmod 700 "$base" || return 1
    as_owner "$bin/initdb" -D "$base/data" -U steady --pwfile="$base/password" -E UTF8 \
      --no-locale --auth-local=trust --auth-host=scram-sha-256 >"$base/initdb.log" 2>&1 \
      || { cat "$base/initdb.log" >&2; return 1; }
  fi
  port="$(cat "$base/port" 2>/dev/null || true)"
  started=""
  if ! as_owner "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
    started=yes
    if [ -z "$port" ] || port_busy "$port"; then
      port=55432
      while port_busy "$port"; do port=$((port + 1)); done
      echo "$port" >"$base/port"
    fi
    # Only 127.0.0.1; durability traded for speed: the cluster holds nothing but test databases.
    as_owner "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
      -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { tail -n 20 "$base/server.log" >&2; return 1; }
  fi
  # Databases left behind by interrupted test runs; only on a fresh start, since a server that was
  # already up may be serving a test run of another working tree right now.
  if [ -n "$started" ]; then
    as_owner "$bin/psql" -h "$base" -p "$port" -U steady -d postgres -qAt -c \
      "SELECT datname FROM pg_database WHERE datname LIKE 'steady\_%'" \
      | while read -r db; do as_owner "$bin/psql" -h "$base" -p "$port" -U steady -d postgres -q -c "DROP DATABASE IF EXISTS \"$db\""; done
  fi
  pw="$(cat "$base/password")"
  export STEADY_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=steady&password=$pw"
  echo "test: PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (cluster in $base) for the store tests"
}
