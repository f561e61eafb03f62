#!/usr/bin/env bash
# Store benchmark (issue 6): how fast the store takes a run's bookkeeping, on SQLite and on
# PostgreSQL, through the same Store API the engine uses (bench/src/main/java/.../StoreBench.java).
#
#   bench/store.sh
#
# Measures, per store, RUNS times each (the report gives median, min and max):
#   transitions      a 1,000-host restart run: per row the 5 durable transitions of a restart row
#                    (CONNECTING IDENTIFIED ACTING VERIFYING DONE), 1 thread and 20 threads
#   row_bookkeeping  rows/s when each row also makes the 4 audit appends a restart row makes
#                    (identity, run.action, run.result, run.verify): all the store work of a host
#   audit_appends    8 writer processes appending 1,000 entries each to one store; then
#                    `audit verify` must pass with all 8,000 entries there
#
# Environment:
#   RUNS=3                      measured runs per measure and store
#   HOSTS=1000 THREADS="1 20"   the run's size and the writer threads
#   WRITERS=8 EACH=1000         audit writer processes and entries per writer
#   STEADY_BENCH_POSTGRES_URL   a PostgreSQL role that may create databases (default
#                               $STEADY_TEST_POSTGRES_URL); the bench creates its own database per
#                               run and drops it. Without either, only SQLite is measured.
#   WORK, KEEP, NO_BUILD        as in bench/restart.sh (SQLite files live in WORK)
set -euo pipefail

BENCH=store
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
RUNS="${RUNS:-3}"
HOSTS="${HOSTS:-1000}"
THREADS="${THREADS:-1 20}"
WRITERS="${WRITERS:-8}"
EACH="${EACH:-1000}"
PG_ADMIN="${STEADY_BENCH_POSTGRES_URL:-${STEADY_TEST_POSTGRES_URL:-}}"

. "$bench_root/scripts/find-jdk.sh"
steady_find_jdk
JAVA="$STEADY_JAVA_HOME/bin/java"
own_work=0
if [ -z "${WORK:-}" ]; then
  WORK="$(mktemp -d /tmp/steady-store.XXXXXX)"
  [ "${KEEP:-0}" = 1 ] || own_work=1
fi
mkdir -p "$WORK"
trap '[ "$own_work" = 0 ] || rm -rf "$WORK"' EXIT
if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building cli/target/steady.jar and the bench jar"
  "$bench_root/build" -q -o -DskipTests package >&2
fi
bench_jar=$(ls "$bench_root"/bench/target/steady-bench-*.jar 2>/dev/null | grep -v sources | head -n1)
[ -f "$bench_root/cli/target/steady.jar" ] && [ -n "$bench_jar" ] || die "build the jars first (./build package)"
CP="$bench_root/cli/target/steady.jar:$bench_jar"
bench() { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" dev.steady.bench.StoreBench "$@"; }

results="$WORK/results.txt" # "STORE MEASURE THREADS VALUE" lines
: >"$results"
value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p"; }

measure_store() { # $1 = store name, $2 = a function that prints a fresh store URL, $3 = cleanup function
  local name="$1" fresh="$2" done_with="$3" url line r t
  for r in $(seq 1 "$RUNS"); do
    for t in $THREADS; do
      url=$("$fresh")
      bench rows "$url" "$HOSTS" "$t" | while read -r line; do
        log "$name run $r: $line"
        case "$(value measure <<<"$line")" in
          transitions) echo "$name transitions $t $(value transitions_per_s <<<"$line")" >>"$results" ;;
          row_bookkeeping) echo "$name row_bookkeeping $t $(value rows_per_s <<<"$line")" >>"$results" ;;
        esac
      done
      "$done_with" "$url"
    done
    url=$("$fresh")
    line=$(bench audit "$url" "$WRITERS" "$EACH")
    log "$name run $r: $line"
    [ "$(value entries <<<"$line")" = $((WRITERS * EACH)) ] || die "$name: entries lost: $line"
    grep -q 'verify_ok=true' <<<"$line" || die "$name: audit verify failed: $line"
    echo "$name audit_appends $WRITERS $(value appends_per_s <<<"$line")" >>"$results"
    "$done_with" "$url"
  done
}

n=0
sqlite_fresh() { n=$((n + 1)); echo "$WORK/store-$n.db"; }
sqlite_done() { rm -f "$1" "$1-wal" "$1-shm"; }
pg_fresh() { bench pg-create "$PG_ADMIN"; }
pg_done() { bench pg-drop "$1" "$PG_ADMIN"; }

measure_store sqlite sqlite_fresh sqlite_done
if [ -n "$PG_ADMIN" ]; then
  measure_store postgresql pg_fresh pg_done
else
  log "no STEADY_BENCH_POSTGRES_URL: PostgreSQL skipped"
fi

median() { # $1 store, $2 measure, $3 threads: "median min max"
  awk -v s="$1" -v m="$2" -v t="$3" '$1 == s && $2 == m && $3 == t { print $4 }' "$results" | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
      printf "%d %d %d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR] }'
}
{
  echo "| measure | threads / writers | SQLite median (min–max) | PostgreSQL median (min–max) |"
  echo "| --- | ---: | ---: | ---: |"
  for t in $THREADS; do
    read -r a b c <<<"$(median sqlite transitions "$t")"; read -r d e f <<<"$(median postgresql transitions "$t")"
    echo "| row transitions/s, $HOSTS-host restart run × 5 transitions | $t | $a ($b–$c) | $d ($e–$f) |"
  done
  for t in $THREADS; do
    read -r a b c <<<"$(median sqlite row_bookkeeping "$t")"; read -r d e f <<<"$(median postgresql row_bookkeeping "$t")"
    echo "| rows/s, all of a row's store work (5 transitions + 4 audit appends) | $t | $a ($b–$c) | $d ($e–$f) |"
  done
  read -r a b c <<<"$(median sqlite audit_appends "$WRITERS")"; read -r d e f <<<"$(median postgresql audit_appends "$WRITERS")"
  echo "| audit appends/s, $WRITERS processes × $EACH | $WRITERS | $a ($b–$c) | $d ($e–$f) |"
  echo
  echo "$RUNS runs each; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -n1)"
}
