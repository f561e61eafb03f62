#!/usr/bin/env bash
# Console benchmark (issue 5), two parts, one run:
#
#   bench/console.sh [FILES] [HOSTS]        default: 1000000 200
#
# 1. Plan page. A plan of FILES files on one host is stored the way the planner stores it
#    (bench SeedPlan: streamed in batches, id over every file), `steady serve` is started on
#    127.0.0.1 over that store, and curl, logged in, times to first byte (loopback: the server's
#    time plus microseconds): the plan page with its first page of files (cold, then RUNS warm),
#    the next page (keyset), and two searches that must scan every file name (a match at the very
#    end, and no match). Target: first page under 300 ms.
# 2. Live checklist load. HOSTS real OpenSSH hosts (as in restart.sh); `steady restart all` with a
#    trivial start and verify, timed RUNS times without anyone watching and RUNS times with
#    CLIENTS (default 50) browser-less SSE clients (curl -N) following the run's page feed in a
#    console on the same store, interleaved. Target: at most 5% slower with the clients.
#
# Environment: RUNS=5, CLIENTS=50, WORK, KEEP, NO_BUILD, STEADY_JAVA_OPTS, HOST_HOME as in restart.sh.
set -euo pipefail

BENCH=console
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
FILES="${1:-1000000}"
HOSTS="${2:-200}"
RUNS="${RUNS:-5}"
CLIENTS="${CLIENTS:-50}"
for v in "$FILES" "$HOSTS" "$RUNS" "$CLIENTS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "FILES, HOSTS, RUNS and CLIENTS must be positive integers, got '$v'"
done
bench_need curl python3 /usr/sbin/sshd unshare nsenter
bench_init
bench_snapshot
log "compiling the bench module (SeedPlan)"
"$bench_root/build" -q -o -pl bench compile >&2
BENCH_CP="$bench_root/bench/target/classes:$STEADY_JAR"
PASSWORD="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
serve_pid=""
stop_serve() { [ -z "$serve_pid" ] || { kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; serve_pid=""; }; }
trap 'stop_serve; stop_fleet; [ "$own_work" = 0 ] || rm -rf "$WORK"' EXIT

# start_serve INVENTORY KNOWN_HOSTS STORE: sets URL and logs in (cookie jar $WORK/cookies)
start_serve() {
  NO_COLOR=1 "$STEADY" --inventory "$1" --known-hosts "$2" --store "$3" --json serve --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
  serve_pid=$!
  for _ in $(seq 1 300); do grep -q '"url"' "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"].rstrip("/"))' "$WORK/serve.out")" \
    || { cat "$WORK/serve.err" >&2; die "steady serve did not start"; }
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/cookies" --data-urlencode "name=bench" --data-urlencode "password=$PASSWORD" "$URL/login")"
  [ "$code" = 303 ] || die "login to the console failed (HTTP $code)"
}
ttfb() { curl -s -o "$WORK/page.html" -w '%{http_code} %{time_starttransfer}\n' -b "$WORK/cookies" "$URL$1"; }
ms() { awk '{ printf "%.1f", $1 * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- 1. the plan page ---------------------------------------------------------------------------------
log "storing a plan of $FILES files"
store="$WORK/plan.db"
plan="$(SEED_USER="bench:$PASSWORD" "$JAVA" -cp "$BENCH_CP" dev.steady.bench.SeedPlan "$store" "$FILES" host-001 2>/dev/null | awk '/^PLAN/ { print $2 }')"
[ -n "$plan" ] || die "SeedPlan stored no plan"
printf 'hosts:\n  host-001: {address: 127.0.0.1, port: 9, user: bench}\n' >"$WORK/one.yaml"
: >"$WORK/none_known"
start_serve "$WORK/one.yaml" "$WORK/none_known" "$store"
read -r code cold <<<"$(ttfb "/plans/$plan")"
[ "$code" = 200 ] && grep -q 'app-0000099.log' "$WORK/page.html" || die "the plan page did not show the first page of files (HTTP $code)"
first=(); next=(); hit=(); miss=()
for _ in $(seq 1 "$RUNS"); do
  first+=("$(ttfb "/plans/$plan" | cut -d' ' -f2)")
  next+=("$(ttfb "/plans/$plan?host=host-001&after=99" | cut -d' ' -f2)")
  grep -q 'app-0000199.log' "$WORK/page.html" || die "the next page did not show files 100-199"
  hit+=("$(ttfb "/plans/$plan?host=host-001&q=app-$(printf %07d $((FILES - 1)))" | cut -d' ' -f2)")
  grep -q "app-$(printf %07d $((FILES - 1))).log" "$WORK/page.html" || die "the search did not find the last file"
  miss+=("$(ttfb "/plans/$plan?host=host-001&q=no-such-file" | cut -d' ' -f2)")
done
stop_serve
fm="$(printf '%s\n' "${first[@]}" | median | ms)"; fx="$(printf '%s\n' "${first[@]}" | sort -n | tail -n1 | ms)"
nm="$(printf '%s\n' "${next[@]}" | median | ms)"; hm="$(printf '%s\n' "${hit[@]}" | median | ms)"; mm="$(printf '%s\n' "${miss[@]}" | median | ms)"

# --- 2. the live checklist under 50 SSE clients -----------------------------------------------------
dir="$WORK/fleet-$HOSTS"
log "starting $HOSTS OpenSSH hosts"
start_fleet "$HOSTS" "$dir"
rstore="$dir/steady.db"
SEED_USER="bench:$PASSWORD" "$JAVA" -cp "$BENCH_CP" dev.steady.bench.SeedPlan "$rstore" 1 host-001 >/dev/null 2>&1
start_serve "$dir/inventory.yaml" "$dir/known_hosts" "$rstore"
restart() {
  NO_COLOR=1 "$STEADY" --inventory "$dir/inventory.yaml" --known-hosts "$dir/known_hosts" --store "$rstore" \
    restart all --start 'touch /srv/app/running' --verify 'cmd:test -f /srv/app/running' --concurrency 50 --json >"$WORK/restart.json" 2>"$WORK/restart.err"
}
# The newest run id, read from the SQLite store by one small process (not a JVM per poll).
latest_run() { python3 - "$rstore" "${1:-}" <<'PY'
import sqlite3, sys, time
store, before = sys.argv[1], sys.argv[2]
deadline = time.time() + 60
while time.time() < deadline:
    try:
        c = sqlite3.connect("file:" + store + "?mode=ro", uri=True, timeout=5)
        row = c.execute("SELECT id FROM runs ORDER BY started_at DESC, seq DESC LIMIT 1").fetchone()
        c.close()
    except sqlite3.Error:
        row = None
    run = row[0] if row else ""
    if not before or run != before:
        print(run)
        sys.exit(0)
    time.sleep(0.02)
sys.exit(1)
PY
}
# The session cookie from curl's jar, as NAME=VALUE.
cookie() { awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 { print $6 "=" $7 }' "$WORK/cookies" | tail -n 1; }
# CPU (1/100 s) used so far by the console process (the launcher execs the JVM, so its pid is it).
console_ticks() { awk '{ print $14 + $15 }' "/proc/$serve_pid/stat"; }
# CLIENTS browser-less SSE clients in one process (so that the clients' own start-up does not
# compete with the run for the same 2 CPUs the way 50 curl processes would): each follows the
# run's feed and counts the hosts it saw DONE; on SIGTERM they are written, one line a client.
cat >"$WORK/sse.py" <<'PY'
import http.client, re, signal, sys, threading, time, urllib.parse
url, cookie, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
u = urllib.parse.urlsplit(url)
done = [set() for _ in range(n)]
pattern = re.compile(r'"host":"([^"]*)","step":"restart","state":"DONE"')
def follow(i):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    c.request("GET", u.path, headers={"Accept": "text/event-stream", "Cookie": cookie})
    r = c.getresponse()
    while True:
        line = r.fp.readline()
        if not line:
            return
        done[i].update(pattern.findall(line.decode("utf-8", "replace")))
def stop(*_):
    with open(out, "w") as f:
        f.writelines("%d\n" % len(d) for d in done)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
for i in range(n):
    threading.Thread(target=follow, args=(i,), daemon=True).start()
while True:
    time.sleep(0.1)
PY
measure() { # $1 = alone|watched: the same steps, but only "watched" starts the SSE clients
  local before t0 t1 c0 c1 run sse_pid fed
  for p in $sshd_pids; do nsenter --mount --target "$p" rm -f /srv/app/running; done
  before="$(latest_run)"
  c0="$(console_ticks)"
  t0=$(date +%s%N)
  restart &
  local rpid=$!
  run="$(latest_run "${before:--}")"
  if [ "$1" = watched ]; then
    python3 "$WORK/sse.py" "$URL/runs/$run/events" "$(cookie)" "$CLIENTS" "$WORK/sse.counts" &
    sse_pid=$!
  fi
  wait "$rpid" || true
  t1=$(date +%s%N)
  c1="$(console_ticks)"
  # the feed reads the store every 500 ms: give the clients three reads to get the last rows
  if [ "$1" = watched ]; then sleep 1.5; kill "$sse_pid"; wait "$sse_pid" 2>/dev/null || true; fi
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["all_clear"] and len(d["rows"]) == int(sys.argv[2]) else 1)' \
    "$WORK/restart.json" "$HOSTS" || { cat "$WORK/restart.err" >&2; die "the restart was not all-clear"; }
  if [ "$1" = watched ]; then
    fed="$(awk -v n="$HOSTS" '$1 == n { k++ } END { print k + 0 }' "$WORK/sse.counts")"
    [ "$fed" = "$CLIENTS" ] || die "only $fed of $CLIENTS SSE clients saw every one of the $HOSTS rows DONE"
  fi
  echo "$1 $(( (t1 - t0) / 1000000 )) $(( (c1 - c0) * 10 ))" >>"$WORK/sse.times"
  log "$HOSTS hosts, $1: $(( (t1 - t0) / 1000000 )) ms, console CPU $(( (c1 - c0) * 10 )) ms"
}
measure alone; measure watched # warm-up
: >"$WORK/sse.times"
for _ in $(seq 1 "$RUNS"); do measure alone; measure watched; done
stop_serve
stop_fleet
am="$(awk '$1 == "alone" { print $2 }' "$WORK/sse.times" | median)"
wm="$(awk '$1 == "watched" { print $2 }' "$WORK/sse.times" | median)"
acpu="$(awk '$1 == "alone" { print $3 }' "$WORK/sse.times" | median)"
wcpu="$(awk '$1 == "watched" { print $3 }' "$WORK/sse.times" | median)"

machine_facts
echo
echo "### Plan page, $FILES files (time to first byte on 127.0.0.1, $RUNS warm requests each)"
echo
echo "| request | median ms | max ms |"
echo "| --- | ---: | ---: |"
echo "| /plans/ID, first page of files (cold: $(echo "$cold" | ms) ms) | $fm | $fx |"
echo "| next page (keyset, after=99) | $nm | |"
echo "| search matching only the last file (scans all names) | $hm | |"
echo "| search matching nothing (scans all names) | $mm | |"
echo
awk -v f="$fm" -v x="$fx" 'BEGIN { printf "first page %s ms median, %s ms max (target < 300 ms: %s)\n\n", f, x, (x + 0 < 300 ? "met" : "MISSED") }'
echo "### $HOSTS-host restart, alone and followed by $CLIENTS SSE clients ($RUNS runs each, interleaved)"
echo
awk -v a="$am" -v w="$wm" -v c="$CLIENTS" -v ac="$acpu" -v wc="$wcpu" 'BEGIN { printf "| | alone | %d SSE clients | difference |\n| --- | ---: | ---: | ---: |\n| restart wall time (median) | %.3f s | %.3f s | %+.1f%% |\n| console CPU during the run (median) | %.2f s | %.2f s | %+.2f s |\n\n", c, a / 1000, w / 1000, (w - a) * 100 / a, ac / 1000, wc / 1000, (wc - ac) / 1000;
  printf "target ≤ 5%%: %s\n", ((w - a) * 100 / a <= 5 ? "met" : "MISSED") }'
