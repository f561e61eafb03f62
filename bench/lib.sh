# Shell functions shared by the fleet benchmarks (sourced, not run). The same fleet start/stop,
# lean host homes, frozen steady snapshot and pinned-key ssh options as bench/fleet-exec.sh.
#
# The caller sets BENCH (its name, for messages), then calls, in this order:
#   bench_init            root check, JDK, ulimit, WORK (fresh mktemp dir unless WORK is set)
#   bench_snapshot        ./build package (unless NO_BUILD=1), then WORK/app: launcher + scripts + jar
#   start_fleet N DIR     N OpenSSH hosts (FleetMain --kind openssh), READY, lean /root per host
#   stop_fleet
# and may use: log, die, sshd_ticks, ssh_opts DIR, stats FILE TOOL [COLUMN], ratio A B, machine_facts.
# bench_init installs the EXIT trap: it stops the fleet and removes an own WORK unless KEEP=1.

PREFIX="${PREFIX:-host-}"
bench_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

log() { echo "$BENCH: $*" >&2; }
die() { echo "$BENCH: $*" >&2; exit 1; }

bench_need() { # tools that must be on PATH
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$BENCH: $tool is missing (apt-get install pssh ansible openssh-server)" >&2; exit 2; }
  done
}

bench_init() {
  [ "$(id -u)" = 0 ] || { echo "$BENCH: needs root (sshd in namespaces)" >&2; exit 2; }
  . "$bench_root/scripts/find-jdk.sh"
  steady_find_jdk
  JAVA="$STEADY_JAVA_HOME/bin/java"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  own_work=0
  if [ -z "${WORK:-}" ]; then
    WORK="$(mktemp -d "/tmp/steady-$BENCH.XXXXXX")"
    [ "${KEEP:-0}" = 1 ] || own_work=1
  fi
  mkdir -p "$WORK"
  fleet_pid=""
  trap 'stop_fleet; [ "$own_work" = 0 ] || rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
}

# A frozen copy of steady (launcher, scripts, jar) in WORK/app, so that nobody editing the source
# tree can trigger a rebuild in the middle of a measurement. Sets STEADY and STEADY_JAR.
bench_snapshot() {
  if [ "${NO_BUILD:-0}" != 1 ]; then
    log "building cli/target/steady.jar"
    "$bench_root/build" -q -o -DskipTests package >&2
  fi
  [ -f "$bench_root/cli/target/steady.jar" ] || die "$bench_root/cli/target/steady.jar is missing"
  app="$WORK/app"
  rm -rf "$app"
  mkdir -p "$app/cli/target" "$app/scripts"
  cp "$bench_root/steady" "$app/steady"
  cp "$bench_root/scripts/find-jdk.sh" "$app/scripts/"
  cp "$bench_root/cli/target/steady.jar" "$app/cli/target/steady.jar"
  STEADY="$app/steady"
  STEADY_JAR="$app/cli/target/steady.jar"
  # The first launch caches the JDK; the first SSH-talking run (a warm-up) records the class-data archive.
  NO_COLOR=1 "$STEADY" --version >/dev/null 2>&1 || true
}

start_fleet() { # $1 = count, $2 = dir; sets fleet_pid and sshd_pids
  local n="$1" dir="$2" waited=0 p
  rm -rf "$dir" "$dir.in"; mkdir -p "$dir"
  mkfifo "$dir.in"
  "$JAVA" -cp "$STEADY_JAR" dev.steady.fleet.FleetMain --kind openssh --count "$n" \
    --prefix "$PREFIX" --dir "$dir" <"$dir.in" >"$dir.out" 2>"$dir.err" &
  fleet_pid=$!
  exec 7>"$dir.in"
  until grep -q "^READY $n\$" "$dir.out" 2>/dev/null; do
    if ! kill -0 "$fleet_pid" 2>/dev/null; then
      echo "$BENCH: the fleet of $n died before READY:" >&2; cat "$dir.out" "$dir.err" >&2; exit 1
    fi
    sleep 0.2; waited=$((waited + 1))
    [ "$waited" -lt 900 ] || { echo "$BENCH: the fleet of $n was not READY after 180 s" >&2; stop_fleet; exit 1; }
  done
  sshd_pids=$(pgrep -f "sshd -D -e -f $dir/" | tr '\n' ' ')
  [ "$(wc -w <<<"$sshd_pids")" -ge "$n" ] || die "expected $n sshd daemons, found: $sshd_pids"
  if [ "${HOST_HOME:-lean}" = lean ]; then
    # A stock Debian /root inside each host's mount namespace only (see RESULTS.md, finding 1).
    mkdir -p "$WORK/lean-home"
    cp /usr/share/base-files/dot.bashrc "$WORK/lean-home/.bashrc" 2>/dev/null || : >"$WORK/lean-home/.bashrc"
    cp /usr/share/base-files/dot.profile "$WORK/lean-home/.profile" 2>/dev/null || : >"$WORK/lean-home/.profile"
    for p in $sshd_pids; do nsenter --mount --target "$p" mount --bind "$WORK/lean-home" /root; done
  fi
}

stop_fleet() {
  [ -n "${fleet_pid:-}" ] || return 0
  exec 7>&- || true # EOF on FleetMain's stdin: it stops every sshd and exits
  for _ in $(seq 1 100); do kill -0 "$fleet_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$fleet_pid" 2>/dev/null && kill "$fleet_pid" 2>/dev/null || true
  wait "$fleet_pid" 2>/dev/null || true
  fleet_pid=""
}

sshd_ticks() { # CPU (1/100 s) used so far by the fleet's sshd daemons and their reaped sessions
  local p
  for p in $sshd_pids; do cat "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $14 + $15 + $16 + $17 } END { print s + 0 }'
}

ssh_opts() { # $1 = fleet dir: the same key, pinned known_hosts, strict checking, no reuse, for every tool
  echo "-o UserKnownHostsFile=$1/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes" \
    "-o IdentitiesOnly=yes -o BatchMode=yes -o GSSAPIAuthentication=no -o ControlMaster=no -o ControlPath=none"
}

stats() { # $1 = times file ("TOOL V2 V3 ..." lines), $2 = tool, $3 = column (default 2): "median min max" of V/1000
  awk -v t="$2" -v c="${3:-2}" '$1 == t { print $c }' "$1" | sort -n | awk '
    { v[NR] = $1 } END {
      if (NR == 0) { print "- - -"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.3f %.3f %.3f\n", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

machine_facts() {
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
    "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM); $("$JAVA" -version 2>&1 | head -n1);" \
    "$(ansible --version 2>/dev/null | head -n1); $(ssh -V 2>&1 | cut -d, -f1);" \
    "STEADY_JAVA_OPTS='${STEADY_JAVA_OPTS:-}'; HOST_HOME=${HOST_HOME:-lean}"
}
