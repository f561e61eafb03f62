#!/usr/bin/env bash
# Tests of the release made by ./build dist, run by .ci/run after it:
#   scripts/test-dist.sh tarball [TARBALL]   the tarball, unpacked, with no JDK in reach (JAVA_HOME and
#                                            the first java on PATH are broken on purpose): --version,
#                                            exec and cleanup plan/apply over SSH against embedded hosts
#                                            started from the release's own jar and runtime, the AppCDS
#                                            archive, serve, demo --exit-after, a PostgreSQL store when
#                                            STEADY_TEST_POSTGRES_URL is set
#   scripts/test-dist.sh deb [DEB]           (root) installs the .deb with apt-get, runs steady --version
#                                            and steady demo --exit-after 5s from /usr/bin, removes it
# Defaults: the files in target/dist. Each check prints one line; the first failure ends the run
# (exit 1) with what was expected and what happened.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$here/pom.xml" | head -n 1)"
tmp="$(mktemp -d /tmp/steady-dist-test.XXXXXX)"
pids=()
cleanup() {
  for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { printf 'test-dist: ok   %s\n' "$*"; }
fail() { printf 'test-dist: FAIL %s\n' "$*" >&2; exit 1; }
expect_in() { # $1 what, $2 text, $3 pattern (grep -E)
  grep -qE -- "$3" <<<"$2" || fail "$1: expected /$3/ in:"$'\n'"$2"
}

# Waits up to $2 seconds for a line matching $3 in file $1.
await_line() {
  local deadline=$((SECONDS + $2))
  until grep -qE -- "$3" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "no /$3/ within $2 s in $1:"$'\n'"$(cat "$1")"
    sleep 0.5
  done
}

# GET $2 on 127.0.0.1:$1 with bash alone; prints the status code.
http_status() {
  exec 5<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&5
  local line
  IFS= read -r line <&5
  exec 5<&-
  echo "$line" | cut -d' ' -f2
}

# The demo: up, then gone by itself after --exit-after, leaving no directory, mount or namespace.
check_demo() { # $1 the steady command (path or name), then env assignments
  local steady="$1"; shift
  local out="$tmp/demo.out" status=0
  env -i "$@" "$steady" demo --port 0 --exit-after 5s >"$out" 2>&1 || status=$?
  [ "$status" = 0 ] || fail "$steady demo --exit-after 5s: exit $status:"$'\n'"$(cat "$out")"
  expect_in "demo" "$(cat "$out")" 'embedded SSH hosts are up'
  expect_in "demo" "$(cat "$out")" 'The console: http://127\.0\.0\.1:[0-9]+/'
  local dir
  dir="$(sed -n 's/.*(directory \([^)]*\))\..*/\1/p' "$out" | head -n 1)"
  [ -n "$dir" ] && [ ! -e "$dir" ] || fail "demo: its directory '$dir' is still there"
  if grep -qF "$dir" /proc/self/mountinfo; then fail "demo: a mount under $dir is left"; fi
  local holder
  holder="$(sed -n 's/.*mount namespace of process \([0-9]*\).*/\1/p' "$out" | head -n 1)"
  if [ -n "$holder" ]; then
    [ ! -e "/proc/$holder" ] || fail "demo: the disk's namespace holder $holder is still running"
    ok "$steady demo --exit-after 5s: exit 0; the 64 MiB disk (namespace of $holder), the directory and the console are gone"
  else
    expect_in "demo" "$(cat "$out")" 'is not really full in this demo'
    ok "$steady demo --exit-after 5s: exit 0 (no private disk here: $(grep -o 'is not really full in this demo: [^.]*' "$out"))"
  fi
}

test_tarball() {
  local tarball="${1:-$(ls "$here"/target/dist/steady-*-linux-x64.tar.gz 2>/dev/null | head -n 1)}"
  [ -f "$tarball" ] || fail "no tarball (run ./build dist first)"
  tar -C "$tmp" -xzf "$tarball"
  local app="$tmp/steady-$version" steady out status
  steady="$app/bin/steady"
  [ -x "$steady" ] || fail "$tarball has no steady-$version/bin/steady"
  # No JDK in reach: JAVA_HOME and the first java on PATH fail loudly if anything uses them.
  mkdir -p "$tmp/nojdk/bin" "$tmp/home"
  printf '#!/bin/sh\necho "this java must not be used" >&2\nexit 97\n' >"$tmp/nojdk/bin/java"
  chmod +x "$tmp/nojdk/bin/java"
  local clean=(PATH="$tmp/nojdk/bin:/usr/bin:/bin" HOME="$tmp/home" JAVA_HOME="$tmp/nojdk")
  run() { env -i "${clean[@]}" "$steady" "$@"; }

  out="$(run --version)" || fail "bin/steady --version: exit $?: $out"
  expect_in "--version" "$out" "^steady $version \(commit [^)]+\)\$"
  expect_in "--version" "$out" "^Java [0-9.+A-Za-z-]+ \($app/lib/runtime\)\$"
  ok "bin/steady --version with no JDK in reach: $(tr '\n' ' ' <<<"$out")"

  # Two embedded hosts, started from the release's own jar on its own runtime.
  local fleet="$tmp/fleet"
  mkfifo "$tmp/fleet.in"
  env -i "${clean[@]}" "$app/lib/runtime/bin/java" -cp "$app/lib/app/steady.jar" dev.steady.fleet.FleetMain \
    --kind embedded --count 2 --prefix host- --dir "$fleet" <"$tmp/fleet.in" >"$tmp/fleet.out" 2>&1 &
  pids+=($!)
  exec 6>"$tmp/fleet.in" # FleetMain runs until its stdin closes
  await_line "$tmp/fleet.out" 90 '^READY 2$'
  local global=(--inventory "$fleet/inventory.yaml" --known-hosts "$fleet/known_hosts" --store "$tmp/steady.db")

  out="$(run "${global[@]}" exec all -- hostname 2>&1)" || fail "bin/steady exec all -- hostname: exit $?:"$'\n'"$out"
  expect_in "exec" "$out" '^host-001$'
  expect_in "exec" "$out" '^host-002$'
  expect_in "exec" "$out" '2 hosts: 2 ok'
  ok "bin/steady exec all -- hostname: both hosts answered over SSH, identity checked"
  local jsa
  jsa="$(ls "$tmp"/home/.cache/steady/steady-*.jsa 2>/dev/null | head -n 1)"
  [ -n "$jsa" ] || fail "no AppCDS archive recorded in $tmp/home/.cache/steady after exec"
  out="$(run "${global[@]}" --json exec all -- true 2>"$tmp/exec.err")" || fail "exec with the AppCDS archive: exit $?: $out"
  [ "$(grep -c '"state":"ok"' <<<"$out")" = 2 ] || fail "exec --json with the AppCDS archive: expected 2 ok lines, got:"$'\n'"$out"
  ok "AppCDS archive recorded by the first SSH command ($(du -h "$jsa" | cut -f1)), used by the next; --json output clean"

  # A cleanup, planned and applied over SSH: GNU find, SQLite, the Perl agent, on the bundled runtime.
  local logs="$fleet/host-001/root/logs" plan id token
  mkdir -p "$logs"
  for i in 1 2 3; do head -c 4096 /dev/zero >"$logs/old-$i.log"; echo keep >"$logs/keep-$i.txt"; done
  plan="$(run "${global[@]}" --json cleanup plan host-001 --path "$logs" --name 'old-*.log' --expect-count 3)" \
    || fail "cleanup plan: exit $?:"$'\n'"$plan"
  id="$(grep -o '"id" *: *"[0-9a-f]*"' <<<"$plan" | head -n 1 | sed 's/.*"\([0-9a-f]*\)"$/\1/')"
  token="$(grep -o '"confirm_token" *: *"[^"]*"' <<<"$plan" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')"
  [ -n "$id" ] && [ -n "$token" ] || fail "cleanup plan --json: no id or confirm_token in:"$'\n'"$plan"
  out="$(run "${global[@]}" apply "$id" --confirm "$token" 2>&1)" || fail "apply: exit $?:"$'\n'"$out"
  [ "$(ls "$logs")" = "$(printf 'keep-1.txt\nkeep-2.txt\nkeep-3.txt')" ] || fail "apply: left $(ls "$logs" | tr '\n' ' ')"
  ok "cleanup plan + apply over SSH: the 3 planned files deleted, the others kept"

  if [ -n "${STEADY_TEST_POSTGRES_URL:-}" ] && command -v psql >/dev/null; then
    check_postgres run "${global[@]:0:4}"
  else
    echo "test-dist: skip a PostgreSQL store: STEADY_TEST_POSTGRES_URL is unset or psql is missing"
  fi

  # The console.
  env -i "${clean[@]}" "$steady" "${global[@]}" serve --port 0 >"$tmp/serve.out" 2>&1 &
  local serve=$!
  pids+=("$serve")
  await_line "$tmp/serve.out" 60 'steady console: http://127\.0\.0\.1:[0-9]+/'
  local port
  port="$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/serve.out" | head -n 1)"
  [ "$(http_status "$port" /login)" = 200 ] || fail "serve: GET /login is not 200"
  [ "$(http_status "$port" /static/console.css)" = 200 ] || fail "serve: GET /static/console.css is not 200"
  kill "$serve"
  wait "$serve" 2>/dev/null || true
  ok "bin/steady serve: the login page and its stylesheet are served"

  exec 6>&- # stop the fleet
  check_demo "$steady" "${clean[@]}"
}

# exec against a fresh PostgreSQL database: the JDBC driver, SCRAM and migrations on the bundled runtime.
check_postgres() { # $1 the run function, then --inventory FILE --known-hosts FILE
  local runner="$1"; shift
  local url="$STEADY_TEST_POSTGRES_URL" db="steady_dist_$$" hostport user password out
  hostport="$(sed -n 's|^jdbc:postgresql://\([^/]*\)/.*|\1|p' <<<"$url")"
  user="$(sed -n 's/.*[?&]user=\([^&]*\).*/\1/p' <<<"$url")"
  password="$(sed -n 's/.*[?&]password=\([^&]*\).*/\1/p' <<<"$url")"
  psql_admin() { PGPASSWORD="$password" psql -h "${hostport%:*}" -p "${hostport##*:}" -U "$user" -d postgres -qAt -c "$1"; }
  psql_admin "CREATE DATABASE $db" || fail "cannot create database $db on $hostport"
  out="$("$runner" "$@" --store "jdbc:postgresql://$hostport/$db?user=$user&password=$password" exec all -- true 2>&1)" \
    || { psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"; fail "exec with a PostgreSQL store: exit $?:"$'\n'"$out"; }
  psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  ok "exec with a PostgreSQL store on $hostport: migrated, audited"
}

test_deb() {
  local deb="${1:-$(ls "$here"/target/dist/steady_*.deb 2>/dev/null | head -n 1)}" out
  [ -f "$deb" ] || fail "no .deb (run ./build dist on a machine with fakeroot and dpkg-dev)"
  [ "$(id -u)" = 0 ] || fail "installing the .deb needs root"
  if dpkg -s steady >/dev/null 2>&1; then
    fail "a steady package is already installed here; this test would replace and then remove it: 'apt-get remove steady' first"
  fi
  cp "$deb" "$tmp/"
  (cd "$tmp" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$(basename "$deb")" >"$tmp/apt.log" 2>&1) \
    || fail "apt-get install ./$(basename "$deb"):"$'\n'"$(cat "$tmp/apt.log")"
  trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq --purge steady >/dev/null 2>&1 || true; cleanup' EXIT
  local clean=(PATH=/usr/bin:/bin HOME="$tmp/home")
  mkdir -p "$tmp/home"
  [ "$(env -i "${clean[@]}" sh -c 'command -v steady')" = /usr/bin/steady ] || fail "no steady on PATH after installing"
  out="$(env -i "${clean[@]}" steady --version)" || fail "steady --version: exit $?: $out"
  expect_in "--version" "$out" "^steady $version \(commit [^)]+\)\$"
  expect_in "--version" "$out" '\(/usr/lib/steady/lib/runtime\)$'
  ok "installed: /usr/bin/steady --version: $(tr '\n' ' ' <<<"$out")"
  dpkg-deb -c "$deb" >"$tmp/contents"
  for file in /usr/share/man/man1/steady.1.gz /usr/share/bash-completion/completions/steady; do
    if grep -q " \.$file\$" "$tmp/contents"; then
      [ -f "$file" ] || fail "the package lists $file but it is not installed"
      ok "installed: $file"
    else
      echo "test-dist: note: the package has no $file (not in this build)"
    fi
  done
  check_demo steady "${clean[@]}"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq --purge steady >"$tmp/apt.log" 2>&1 \
    || fail "apt-get remove steady:"$'\n'"$(cat "$tmp/apt.log")"
  [ ! -e /usr/bin/steady ] && [ ! -e /usr/lib/steady ] || fail "files left after removing the package"
  ok "removed: /usr/bin/steady and /usr/lib/steady are gone"
}

case "${1:-}" in
  tarball) shift; test_tarball "$@" ;;
  deb) shift; test_deb "$@" ;;
  *) echo "usage: $0 tarball [TARBALL] | deb [DEB]" >&2; exit 2 ;;
esac
