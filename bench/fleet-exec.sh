#!/usr/bin/env bash
# Fleet-scale benchmark: `steady exec all -- hostname` (identity-checked) against
# `parallel-ssh -i hostname` and `ansible all -m command -a hostname` on the same real OpenSSH
# fleet (one sshd per host, each in its own UTS+mount namespace on 127.0.0.1), in one run.
#
#   bench/fleet-exec.sh [COUNT...]        default: 50 200
#
# Environment:
#   RUNS=5          measured runs per tool and count (after one warm-up run each), order rotated
#   WORK=DIR        where the snapshot, fleets and logs go (default: a fresh mktemp dir, removed
#                   at the end unless KEEP=1)
#   NO_BUILD=1      use the existing cli/target/steady.jar instead of running ./build package
#   STEADY_JAVA_OPTS  passed through to the launcher, as in normal use
#   HOST_HOME=lean  (default) each host's /root is a stock Debian one (bind-mounted inside that
#                   host's mount namespace only); HOST_HOME=shared keeps this machine's /root,
#                   whose .bashrc may run slow things (pyenv init here: +110 ms CPU per command)
#
# Besides the three tools it measures `steady --version` (the JVM-start floor) and steady with the
# JVM's default flags and no class-data archive ("steady, JVM defaults"), to show what the
# launcher's flags are worth. Per tool it also reports the CPU the fleet's sshd processes used.
#
# Fairness: all three tools use the same client key, the same pinned known_hosts with strict
# checking, and concurrency = COUNT (pssh -p, ansible -f, steady --concurrency). pssh and Ansible
# get their best case: no connection reuse for anyone (Ansible's ControlPersist is off, else runs
# after the first would skip the SSH handshake), Ansible with pipelining and a fixed Python
# interpreter (no discovery round trip), GSSAPI off. Each sshd serves one client at a time, so
# MaxStartups never throttles; ulimit -n is raised to the hard limit.
#
# steady runs through its real launcher from a snapshot (WORK/app: launcher, scripts, the jar) so
# that nobody editing the source tree can trigger a rebuild in the middle of a measurement.
set -euo pipefail

BENCH=fleet-exec
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
RUNS="${RUNS:-5}"
if [ "$#" -gt 0 ]; then counts=("$@"); else counts=(50 200); fi
for c in "${counts[@]}"; do
  [[ "$c" =~ ^[1-9][0-9]*$ ]] || { echo "fleet-exec: COUNT must be a positive integer, got '$c'" >&2; exit 2; }
done
bench_need parallel-ssh ansible /usr/sbin/sshd unshare nsenter
bench_init
bench_snapshot
: >"$WORK/ansible.cfg" # an empty config: Ansible's defaults, not whatever lies in ~ or /etc

# --- the three tools -------------------------------------------------------------------------------
# run_TOOL DIR COUNT: runs the tool once; stdout and stderr go where the caller redirects them.
run_steady() {
  NO_COLOR=1 "$STEADY" --inventory "$1/inventory.yaml" --known-hosts "$1/known_hosts" --store "$1/steady.db" \
    exec all --concurrency "$2" -- hostname
}
ssh_opts() { # $1 = fleet dir
  echo "-o UserKnownHostsFile=$1/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes" \
    "-o IdentitiesOnly=yes -o BatchMode=yes -o GSSAPIAuthentication=no -o ControlMaster=no -o ControlPath=none"
}
run_pssh() {
  parallel-ssh -h "$1/pssh-hosts" -p "$2" -i -x "$(ssh_opts "$1") -i $1/client/id_ed25519" hostname
}
run_ansible() {
  (cd "$1" && ANSIBLE_CONFIG="$WORK/ansible.cfg" ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_ARGS="$(ssh_opts "$1")" \
    ANSIBLE_PIPELINING=True ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1 \
    ANSIBLE_LOCAL_TEMP="$1/ansible-tmp" ANSIBLE_SSH_RETRIES=0 \
    ansible all -i "$1/ansible-hosts.ini" -m command -a hostname -f "$2")
}
run_floor() { NO_COLOR=1 "$STEADY" --version; }
run_steady_plain() {
  STEADY_CDS=0 STEADY_JAVA_OPTS="-XX:TieredStopAtLevel=4 -XX:-UseSerialGC ${STEADY_JAVA_OPTS:-}" run_steady "$@"
}

# measure TOOL DIR COUNT TAG: one timed run; appends "TOOL SECONDS" to DIR.times; fails loudly
# unless the tool exited 0 and printed each of the COUNT hostnames exactly once.
measure() {
  local tool="$1" dir="$2" n="$3" tag="$4" out rc=0 t0 t1 got c0 c1
  out="$dir.logs/$tool.$tag"
  c0=$(sshd_ticks)
  t0=$(date +%s%N)
  "run_$tool" "$dir" "$n" >"$out.out" 2>"$out.err" || rc=$?
  t1=$(date +%s%N)
  c1=$(sshd_ticks)
  if [ "$rc" != 0 ]; then
    echo "fleet-exec: $tool ($tag, $n hosts) exited $rc; see $out.out / $out.err" >&2
    tail -n 20 "$out.out" "$out.err" >&2; exit 1
  fi
  if [ "$tool" != floor ]; then
    got=$(grep -xE "${PREFIX}[0-9]+" "$out.out" | sort | tr '\n' ' ')
    if [ "$got" != "$(seq -f "${PREFIX}%03g" 1 "$n" | tr '\n' ' ')" ]; then
      echo "fleet-exec: $tool ($tag) did not print the $n hostnames exactly once each" \
        "(got $(grep -cxE "${PREFIX}[0-9]+" "$out.out") lines); see $out.out" >&2
      tail -n 20 "$out.out" "$out.err" >&2; exit 1
    fi
  fi
  echo "$tool $(( (t1 - t0) / 1000000 )) $(( (c1 - c0) * 10 ))" >>"$dir.times"
  log "$n hosts  $tag  $tool  $(( (t1 - t0) / 1000000 )) ms, sshd CPU $(( (c1 - c0) * 10 )) ms, load $(cut -d' ' -f1 /proc/loadavg)"
}

# --- the run ---------------------------------------------------------------------------------------
tools=(steady pssh ansible steady_plain)
report="$WORK/report.md"
: >"$report"
for n in "${counts[@]}"; do
  dir="$WORK/fleet-$n"
  log "starting $n OpenSSH hosts in $dir"
  start_fleet "$n" "$dir"
  mkdir -p "$dir.logs"; : >"$dir.times"
  for tool in "${tools[@]}"; do measure "$tool" "$dir" "$n" warmup; done
  : >"$dir.times"
  for r in $(seq 1 "$RUNS"); do
    for k in 0 1 2 3; do # rotate the order so no tool always goes first
      measure "${tools[$(( (r + k) % 4 ))]}" "$dir" "$n" "run$r"
    done
    measure floor "$dir" "$n" "run$r"
  done
  stop_fleet
  read -r sm smin smax <<<"$(stats "$dir.times" steady)"
  read -r pm pmin pmax <<<"$(stats "$dir.times" pssh)"
  read -r am amin amax <<<"$(stats "$dir.times" ansible)"
  read -r fm fmin fmax <<<"$(stats "$dir.times" floor)"
  read -r xm xmin xmax <<<"$(stats "$dir.times" steady_plain)"
  read -r sc _ _ <<<"$(stats "$dir.times" steady 3)"
  read -r pc _ _ <<<"$(stats "$dir.times" pssh 3)"
  read -r ac _ _ <<<"$(stats "$dir.times" ansible 3)"
  read -r xc _ _ <<<"$(stats "$dir.times" steady_plain 3)"
  {
    echo "### $n hosts ($RUNS runs each, interleaved, after one warm-up)"
    echo
    echo "| tool | median s | min s | max s | steady ÷ tool (median) | sshd CPU s (median) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    echo "| steady exec all --concurrency $n -- hostname | $sm | $smin | $smax | 1.00 | $sc |"
    echo "| parallel-ssh -p $n -i hostname | $pm | $pmin | $pmax | $(awk -v a="$sm" -v b="$pm" 'BEGIN { printf "%.2f", a / b }') | $pc |"
    echo "| ansible all -m command -a hostname -f $n | $am | $amin | $amax | $(awk -v a="$sm" -v b="$am" 'BEGIN { printf "%.2f", a / b }') | $ac |"
    echo "| steady, JVM defaults (no CDS, C2, G1) | $xm | $xmin | $xmax | $(awk -v a="$sm" -v b="$xm" 'BEGIN { printf "%.2f", a / b }') | $xc |"
    echo "| steady --version (JVM-start floor) | $fm | $fmin | $fmax | | |"
    echo
    awk -v s="$sm" -v p="$pm" -v a="$am" -v n="$n" 'BEGIN {
      printf "steady/pssh = %.2f (target ≤ 0.50: %s), steady/ansible = %.2f (target ≤ 0.10: %s)\n\n",
        s / p, (s / p <= 0.5 ? "met" : "MISSED"), s / a, (s / a <= 0.1 ? "met" : "MISSED") }'
  } >>"$report"
done

{
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
    "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $("$JAVA" -version 2>&1 | head -n1);" \
    "parallel-ssh $(parallel-ssh --version 2>&1); $(ansible --version | head -n1);" \
    "$(ssh -V 2>&1 | cut -d, -f1); STEADY_JAVA_OPTS='${STEADY_JAVA_OPTS:-}'; HOST_HOME=${HOST_HOME:-lean}"
  echo
  cat "$report"
}
