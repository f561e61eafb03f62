#!/usr/bin/env bash
# Cleanup benchmark: `steady cleanup plan` and `steady apply` against GNU find over ssh, on one real
# OpenSSH host (FleetMain --kind openssh: sshd in its own namespaces, its private tree at /srv/app)
# holding FILES small files, half of them matching, in one run.
#
#   bench/cleanup.sh [FILES]        default: 1000000 (1000 directories of 1000 files)
#
# Targets (cleanup issue): planning within 1.5x the wall time of `ssh host find ... -printf`
# producing the same listing; applying, with the per-file checks, at >= 80% of the files/s of
# `ssh host find ... -delete` on an identical tree; controller heap under 256 MB throughout.
#
# Environment:
#   RUNS=3          timed listing pairs (find -printf, steady plan), interleaved, after one warm-up each
#   WORK=DIR        where the snapshot, the fleet (and so the tree) and logs go (default: a fresh
#                   mktemp dir under /tmp, removed at the end unless KEEP=1). The tree lives on
#                   WORK's file system: on /tmp here that is ext4, as on a real server.
#   NO_BUILD=1      use the existing cli/target/steady.jar instead of running ./build package
#   STEADY_JAVA_OPTS  passed through to the launcher for the timed runs, as in normal use
#   TREE_FS=tmpfs   (default) the host's directory (and so the tree) is a fresh tmpfs mounted for
#                   the run; TREE_FS=work keeps it on WORK's file system. On this machine's ext4,
#                   creating a file costs 0.1-0.8 ms of kernel time (10+ minutes per million-file
#                   tree), while deleting one costs about the same as on tmpfs. tmpfs is also the
#                   strictest setting for the apply ratio: the kernel's share of find -delete is
#                   the smallest there, so the agent's per-file overhead weighs the most.
#
# The criteria: --older-than 14d, i.e. find's `! -newermt @(now - 14 days)`. The tree
# (bench/make-tree.pl) has even-numbered files 3 KiB and 30 days old, odd ones 100 B and 1 day old.
#
# Each tree is built from this machine straight into the host's private directory, then `sync`ed,
# then walked once by find (so every timed command finds the same warm dentry and inode caches).
# Apply: each tool gets its own freshly built, identical tree; steady's plan is made beforehand
# (not timed), as an operator reviews before applying. The heap run repeats plan and apply with
# -Xmx256m and a GC log, on a third tree, and must succeed.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
FILES="${1:-1000000}"
RUNS="${RUNS:-3}"
[[ "$FILES" =~ ^[1-9][0-9]*$ ]] && [ $((FILES % 2)) = 0 ] || { echo "cleanup: FILES must be a positive even integer, got '$FILES'" >&2; exit 2; }
for tool in /usr/sbin/sshd unshare ssh perl find /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "cleanup: $tool is missing" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "cleanup: needs root (sshd in namespaces)" >&2; exit 2; }

. "$root/scripts/find-jdk.sh"
steady_find_jdk
JAVA="$STEADY_JAVA_HOME/bin/java"

own_work=0
if [ -z "${WORK:-}" ]; then
  WORK="$(mktemp -d /tmp/steady-cleanup.XXXXXX)"
  [ "${KEEP:-0}" = 1 ] || own_work=1
fi
mkdir -p "$WORK/logs"
log() { echo "cleanup: $*" >&2; }

# --- a frozen copy of steady: launcher + scripts + jar ---------------------------------------------
if [ "${NO_BUILD:-0}" != 1 ]; then
  log "building cli/target/steady.jar"
  "$root/build" package -o >&2
fi
[ -f "$root/cli/target/steady.jar" ] || { echo "cleanup: $root/cli/target/steady.jar is missing" >&2; exit 1; }
app="$WORK/app"
rm -rf "$app"
mkdir -p "$app/cli/target" "$app/scripts"
cp "$root/steady" "$app/steady"
cp "$root/scripts/find-jdk.sh" "$app/scripts/"
cp "$root/cli/target/steady.jar" "$app/cli/target/steady.jar"
STEADY="$app/steady"
NO_COLOR=1 "$STEADY" --version >/dev/null 2>&1 || true

# --- the host ---------------------------------------------------------------------------------------
fleet="$WORK/fleet"
HOST=host-001
fleet_pid=""
fleet_mounted=0
start_host() {
  local waited=0
  rm -rf "$fleet" "$fleet.in"; mkdir -p "$fleet"
  if [ "${TREE_FS:-tmpfs}" = tmpfs ]; then
    mount -t tmpfs -o size=90%,nr_inodes=0,mode=0755 steady-bench "$fleet"
    fleet_mounted=1
  fi
  mkfifo "$fleet.in"
  "$JAVA" -cp "$app/cli/target/steady.jar" dev.steady.fleet.FleetMain --kind openssh --count 1 \
    --prefix host- --dir "$fleet" <"$fleet.in" >"$fleet.out" 2>"$fleet.err" &
  fleet_pid=$!
  exec 7>"$fleet.in"
  until grep -q '^READY 1$' "$fleet.out" 2>/dev/null; do
    kill -0 "$fleet_pid" 2>/dev/null || { echo "cleanup: the host died before READY:" >&2; cat "$fleet.out" "$fleet.err" >&2; exit 1; }
    sleep 0.2; waited=$((waited + 1))
    [ "$waited" -lt 600 ] || { echo "cleanup: the host was not READY after 120 s" >&2; exit 1; }
  done
  sshd_pid=$(pgrep -f "sshd -D -e -f $fleet/" | head -n1)
}
stop_host() {
  [ -n "$fleet_pid" ] || return 0
  exec 7>&- || true
  for _ in $(seq 1 100); do kill -0 "$fleet_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$fleet_pid" 2>/dev/null && kill "$fleet_pid" 2>/dev/null || true
  wait "$fleet_pid" 2>/dev/null || true
  fleet_pid=""
}
cleanup_all() {
  stop_host
  if [ "$fleet_mounted" = 1 ]; then umount "$fleet" && fleet_mounted=0; fi
  if [ "$own_work" = 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM

log "starting one OpenSSH host in $fleet"
start_host
PORT=$(sed -n "s/.*$HOST: {address: 127.0.0.1, port: \([0-9]*\).*/\1/p" "$fleet/inventory.yaml")
KEY=$(sed -n 's/.*identity_file: \([^,}]*\).*/\1/p' "$fleet/inventory.yaml" | tr -d "'\"")
HOST_ROOT="$fleet/$HOST/root" # /srv/app inside the host
TREE=/srv/app/tree
TREE_FS_TYPE=$(df -T "$HOST_ROOT" | awk 'NR == 2 { print $2 }')
[ -n "$PORT" ] && [ -f "$KEY" ] && [ -d "$HOST_ROOT" ] || { echo "cleanup: cannot read port/key/root of $HOST from $fleet" >&2; exit 1; }
on_host() {
  ssh -i "$KEY" -o UserKnownHostsFile="$fleet/known_hosts" -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes \
    -o IdentitiesOnly=yes -o BatchMode=yes -o GSSAPIAuthentication=no -o ControlMaster=no -o ControlPath=none \
    -p "$PORT" root@127.0.0.1 "$@"
}
[ "$(on_host hostname)" = "$HOST" ] || { echo "cleanup: ssh to $HOST failed" >&2; exit 1; }
steady() {
  NO_COLOR=1 "$STEADY" --inventory "$fleet/inventory.yaml" --known-hosts "$fleet/known_hosts" "$@"
}
host_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$sshd_pid/stat"; } # sshd and its reaped sessions, 1/100 s

# find's equivalent of --older-than 14d, with the host's clock (as steady's FindCommand does)
CUTOFF='$(( $(date +%s) - 14 * 86400 ))'
FIND_PRINTF="find $TREE -type f ! -newermt @$CUTOFF -printf '%s %T@ %i %D %p\\0'"
FIND_DELETE="find $TREE -type f ! -newermt @$CUTOFF -delete"

new_tree() { # a fresh tree of FILES files, synced and walked once
  rm -rf "$HOST_ROOT/tree"
  local t0; t0=$(date +%s%N)
  perl "$root/bench/make-tree.pl" "$HOST_ROOT/tree" "$FILES"
  sync
  on_host "find $TREE >/dev/null"
  log "tree of $FILES files built in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
}
count_files() { on_host "find $TREE -type f | wc -l"; }

# timed NAME OUT CMD...: runs CMD with stdout to OUT, appends "NAME wall_ms client_cpu_ms host_cpu_ms" to WORK/times
timed() {
  local name="$1" out="$2" t0 t1 h0 h1 rc=0; shift 2
  h0=$(host_ticks); t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$WORK/logs/$name.cpu" bash -c '"$@"' _ "$@" >"$out" 2>"$WORK/logs/$name.err" || rc=$?
  t1=$(date +%s%N); sleep 0.2; h1=$(host_ticks) # the session is reaped just after the client exits
  if [ "$rc" != 0 ]; then
    echo "cleanup: $name exited $rc; see $WORK/logs/$name.err" >&2; tail -n 20 "$WORK/logs/$name.err" >&2; exit 1
  fi
  local cpu; cpu=$(awk 'NF == 2 { printf "%d", ($1 + $2) * 1000 }' "$WORK/logs/$name.cpu")
  echo "$name $(( (t1 - t0) / 1000000 )) $cpu $(( (h1 - h0) * 10 ))" >>"$WORK/times"
  log "$name: $(( (t1 - t0) / 1000000 )) ms wall, client CPU $cpu ms, host CPU $(( (h1 - h0) * 10 )) ms, load $(cut -d' ' -f1 /proc/loadavg)"
}
json_field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p" "$2" | head -n1; }

plan() { # plan STORE [java opts]: steady cleanup plan with STEADY_JAVA_OPTS=$2 (default: the caller's)
  STEADY_JAVA_OPTS="${2-${STEADY_JAVA_OPTS:-}}" steady --store "$1" cleanup plan "$HOST" --path "$TREE" --older-than 14d --json
}
apply() { # apply STORE PLAN_JSON [java opts]
  STEADY_JAVA_OPTS="${3-${STEADY_JAVA_OPTS:-}}" steady --store "$1" apply "$(json_field id "$2")" \
    --confirm "$(json_field confirm_token "$2")" --json
}
check_plan() { # the plan has exactly the matching half
  local n; n=$(json_field count "$1")
  [ "$n" = $((FILES / 2)) ] || { echo "cleanup: the plan in $1 has $n files, expected $((FILES / 2))" >&2; exit 1; }
}
check_applied() { # $1 = what did it; half the files are left, and (for steady) it reports every planned file deleted
  local left; left=$(count_files)
  [ "$left" = $((FILES / 2)) ] || { echo "cleanup: after $1, $left files are left, expected $((FILES / 2))" >&2; exit 1; }
}
max_heap() { # GC log -> "max_after_MB max_before_MB collections"
  perl -ne '$n++, $a = $2 > $a ? $2 : $a, $b = $1 > $b ? $1 : $b if /(\d+)M->(\d+)M\(\d+M\)/;
    END { printf "%d %d %d\n", $a, $b, $n }' "$1"
}
export KEY PORT fleet STEADY HOST TREE
export -f on_host steady plan apply json_field # for `timed`, which runs them under /usr/bin/time
: >"$WORK/times"

# --- 1. listing: find -printf vs steady cleanup plan -----------------------------------------------
new_tree
timed warm-find /dev/null on_host "$FIND_PRINTF"
timed warm-plan "$WORK/plan-warm.json" plan "$WORK/plan-warm.db"
check_plan "$WORK/plan-warm.json"
: >"$WORK/times"
for r in $(seq 1 "$RUNS"); do
  if [ $((r % 2)) = 1 ]; then
    timed find-printf /dev/null on_host "$FIND_PRINTF"
    timed steady-plan "$WORK/plan-$r.json" plan "$WORK/plan-$r.db"
  else
    timed steady-plan "$WORK/plan-$r.json" plan "$WORK/plan-$r.db"
    timed find-printf /dev/null on_host "$FIND_PRINTF"
  fi
  check_plan "$WORK/plan-$r.json"
done
on_host "$FIND_PRINTF" | tr '\0' '\n' | wc -l | { read -r n; [ "$n" = $((FILES / 2)) ] || { echo "cleanup: find -printf listed $n files" >&2; exit 1; }; }

# --- 2. apply: steady apply (planned on this tree, run 1) vs find -delete on a rebuilt one ----------
timed steady-apply "$WORK/apply.json" apply "$WORK/plan-1.db" "$WORK/plan-1.json"
[ "$(json_field deleted "$WORK/apply.json")" = $((FILES / 2)) ] || { echo "cleanup: steady apply did not delete every planned file: $(cat "$WORK/apply.json")" >&2; exit 1; }
check_applied "steady apply"
new_tree
timed find-delete /dev/null on_host "$FIND_DELETE"
check_applied "find -delete"

# --- 3. the controller's heap: plan and apply again with -Xmx256m and a GC log ----------------------
new_tree
heap_opts="-Xmx256m ${STEADY_JAVA_OPTS:-}"
timed heap-plan "$WORK/plan-heap.json" plan "$WORK/plan-heap.db" "$heap_opts -Xlog:gc:file=$WORK/logs/gc-plan.log"
check_plan "$WORK/plan-heap.json"
timed heap-apply "$WORK/apply-heap.json" apply "$WORK/plan-heap.db" "$WORK/plan-heap.json" "$heap_opts -Xlog:gc:file=$WORK/logs/gc-apply.log"
[ "$(json_field deleted "$WORK/apply-heap.json")" = $((FILES / 2)) ] || { echo "cleanup: the heap-capped apply did not delete every planned file" >&2; exit 1; }
check_applied "steady apply -Xmx256m"
stop_host

# --- report -------------------------------------------------------------------------------------------
col() { awk -v t="$2" -v c="$3" '$1 == t { print $c }' "$1" | sort -n | awk '
  { v[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f\n", m / 1000 }'; }
mm() { awk -v t="$2" '$1 == t { print $2 }' "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f–%.2f", v[1] / 1000, v[NR] / 1000 }'; }
T="$WORK/times"
half=$((FILES / 2))
fp=$(col "$T" find-printf 2) sp=$(col "$T" steady-plan 2) fd=$(col "$T" find-delete 2) sa=$(col "$T" steady-apply 2)
hp=$(col "$T" heap-plan 2) ha=$(col "$T" heap-apply 2)
read -r pa pb pn <<<"$(max_heap "$WORK/logs/gc-plan.log")"
read -r aa ab an <<<"$(max_heap "$WORK/logs/gc-apply.log")"
rate() { awk -v n="$half" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
{
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM;" \
    "$("$JAVA" -version 2>&1 | head -n1); $(ssh -V 2>&1 | cut -d, -f1); $(find --version | head -n1); perl $(perl -e 'print $^V');" \
    "tree on $TREE_FS_TYPE; STEADY_JAVA_OPTS='${STEADY_JAVA_OPTS:-}'"
  echo
  echo "### $FILES files, $half matching ($RUNS listing runs each, interleaved, after one warm-up; medians)"
  echo
  echo "| step | tool | wall s | client CPU s | host CPU s | result |"
  echo "| --- | --- | ---: | ---: | ---: | --- |"
  echo "| list | \`ssh host $FIND_PRINTF\` | $fp ($(mm "$T" find-printf)) | $(col "$T" find-printf 3) | $(col "$T" find-printf 4) | $half records |"
  echo "| list | \`steady cleanup plan $HOST --path $TREE --older-than 14d --json\` | $sp ($(mm "$T" steady-plan)) | $(col "$T" steady-plan 3) | $(col "$T" steady-plan 4) | plan of $half files |"
  echo "| delete | \`ssh host $FIND_DELETE\` | $fd | $(col "$T" find-delete 3) | $(col "$T" find-delete 4) | $(rate "$fd") files/s |"
  echo "| delete | \`steady apply PLAN --confirm TOKEN --json\` | $sa | $(col "$T" steady-apply 3) | $(col "$T" steady-apply 4) | $(rate "$sa") files/s |"
  echo "| heap | plan with -Xmx256m | $hp | $(col "$T" heap-plan 3) | $(col "$T" heap-plan 4) | max heap after GC $pa MB (before GC $pb MB, $pn GCs) |"
  echo "| heap | apply with -Xmx256m | $ha | $(col "$T" heap-apply 3) | $(col "$T" heap-apply 4) | max heap after GC $aa MB (before GC $ab MB, $an GCs), $(rate "$ha") files/s |"
  echo
  awk -v sp="$sp" -v fp="$fp" -v sa="$sa" -v fd="$fd" -v pa="$pa" -v aa="$aa" 'BEGIN {
    r1 = sp / fp; r2 = fd / sa; h = (pa > aa ? pa : aa)
    printf "plan ÷ find -printf = %.2f (target ≤ 1.5: %s); apply files/s ÷ find -delete files/s = %.2f (target ≥ 0.80: %s); ", r1, (r1 <= 1.5 ? "met" : "MISSED"), r2, (r2 >= 0.8 ? "met" : "MISSED")
    printf "heap: both runs completed with -Xmx256m, max after GC %d MB (target < 256 MB: met)\n", h }'
} | tee "$WORK/report.md"
