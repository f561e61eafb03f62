#!/usr/bin/env bash
# Restart benchmark: `steady restart` with a trivial start and verify against the same done with
# `ansible-playbook` (serial + forks, a start task and a verify task with retries/until) on the
# same real OpenSSH fleet (one sshd per host, each in its own UTS+mount namespace on 127.0.0.1,
# each with a private /srv/app), in one run. Target (restart issue): steady's wall time at most a
# tenth of Ansible's at the same concurrency.
#
#   bench/restart.sh [COUNT...]        default: 50 200
#
# Per COUNT and per concurrency C in CONCURRENCY plus COUNT itself (C <= COUNT), it times:
#   steady         steady restart all --start 'touch /srv/app/running'
#                    --verify 'cmd:test -f /srv/app/running' --concurrency C --json
#   steady_batch   the same with --batch C: batches with a barrier, exactly Ansible's `serial`
#                  semantics (only when C < COUNT; without --batch steady keeps C hosts busy)
#   ansible        ansible-playbook -f C, a play with serial: C, gather_facts: false, tasks
#                    command: touch /srv/app/running
#                    command: test -f /srv/app/running   (register, until rc == 0, retries 60, delay 2)
# The verify deadline is the same for both: 2 minutes, retried every 2 s (steady's defaults).
#
# Environment:
#   RUNS=3          measured runs per tool and (COUNT, C), after one warm-up run each, order rotated
#   CONCURRENCY=50  concurrencies besides COUNT (space-separated); those above COUNT are dropped
#   ANSIBLE_REUSE=run  (default) Ansible multiplexes its ssh connections within a run
#                   (ControlMaster=auto, ControlPersist=3s, a fresh ControlPath directory per run,
#                   and the next run waits until every master has exited): the start and verify
#                   tasks share one handshake per host, as steady's steps share one connection.
#                   ANSIBLE_REUSE=none: a new ssh connection per task, as in fleet-exec.sh.
#   WORK, KEEP, NO_BUILD, STEADY_JAVA_OPTS, HOST_HOME  as in bench/fleet-exec.sh
#
# Fairness: the same client key, the same pinned known_hosts with strict checking, GSSAPI off,
# for both. Ansible gets its best case: pipelining, a fixed /usr/bin/python3 (no interpreter
# discovery), no fact gathering, an empty ansible.cfg. Before every run the marker is removed from
# every host's private tree (and checked gone); after every run the marker must exist on all COUNT
# hosts, and the tool must report every host DONE (steady: all_clear and COUNT rows DONE in --json)
# or ok=2 failed=0 unreachable=0 (Ansible's recap), else the script fails loudly.
set -euo pipefail

BENCH=restart
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
RUNS="${RUNS:-3}"
ANSIBLE_REUSE="${ANSIBLE_REUSE:-run}"
if [ "$#" -gt 0 ]; then counts=("$@"); else counts=(50 200); fi
for c in "${counts[@]}" ${CONCURRENCY:-50}; do
  [[ "$c" =~ ^[1-9][0-9]*$ ]] || { echo "restart: COUNT and CONCURRENCY must be positive integers, got '$c'" >&2; exit 2; }
done
[[ "$ANSIBLE_REUSE" =~ ^(run|none)$ ]] || { echo "restart: ANSIBLE_REUSE must be run or none" >&2; exit 2; }
bench_need ansible-playbook python3 /usr/sbin/sshd unshare nsenter
bench_init
bench_snapshot
: >"$WORK/ansible.cfg" # an empty config: Ansible's defaults, not whatever lies in ~ or /etc

START='touch /srv/app/running'
VERIFY='test -f /srv/app/running'
cat >"$WORK/restart.yml" <<EOF
- name: restart
  hosts: all
  gather_facts: false
  serial: "{{ batch }}"
  tasks:
    - name: start
      command: $START
    - name: verify
      command: $VERIFY
      register: verify
      until: verify.rc == 0
      retries: 60
      delay: 2
      changed_when: false
EOF

# --- the tools: run_TOOL DIR COUNT C ---------------------------------------------------------------
run_steady() {
  NO_COLOR=1 "$STEADY" --inventory "$1/inventory.yaml" --known-hosts "$1/known_hosts" --store "$1/steady.db" --json \
    restart all --start "$START" --verify "cmd:$VERIFY" --concurrency "$3"
}
run_steady_batch() {
  NO_COLOR=1 "$STEADY" --inventory "$1/inventory.yaml" --known-hosts "$1/known_hosts" --store "$1/steady.db" --json \
    restart all --start "$START" --verify "cmd:$VERIFY" --concurrency "$3" --batch "$3"
}
ansible_cp="" # this run's ControlPath directory (ANSIBLE_REUSE=run)
run_ansible() {
  local args
  args="$(ssh_opts "$1")"
  if [ "$ANSIBLE_REUSE" = run ]; then
    args="${args/-o ControlMaster=no -o ControlPath=none/-o ControlMaster=auto -o ControlPersist=3s -o ControlPath=$ansible_cp/%C}"
  fi
  (cd "$1" && ANSIBLE_CONFIG="$WORK/ansible.cfg" ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_ARGS="$args" \
    ANSIBLE_PIPELINING=True ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1 \
    ANSIBLE_LOCAL_TEMP="$1/ansible-tmp" ANSIBLE_SSH_RETRIES=0 \
    ansible-playbook -i "$1/ansible-hosts.ini" -f "$3" -e "batch=$3" "$WORK/restart.yml")
}

markers() { find "$1" -mindepth 3 -maxdepth 3 -path "$1/${PREFIX}*/root/running" | wc -l; }
self_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; } # CPU of this shell's reaped children

# Every host DONE / ok, else exit 1.
check_steady() { # $1 = stdout, $2 = count
  python3 - "$1" "$2" "$PREFIX" <<'EOF'
import json, sys
out, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
doc = json.loads(open(out).read())
hosts = sorted(r["host"] for r in doc["rows"] if r["state"] == "DONE")
want = ["%s%03d" % (prefix, i) for i in range(1, n + 1)]
bad = [r for r in doc["rows"] if r["state"] != "DONE"]
if not doc["all_clear"] or hosts != want or len(doc["rows"]) != n:
    sys.exit("not every host DONE: all_clear=%s, %d rows, %d DONE, first others: %s"
             % (doc["all_clear"], len(doc["rows"]), len(hosts), bad[:3]))
EOF
}
check_ansible() { # $1 = stdout, $2 = count
  local got
  got=$(grep -E "^${PREFIX}[0-9]+ +: ok=2 +changed=1 +unreachable=0 +failed=0 " "$1" | awk '{ print $1 }' | sort | tr '\n' ' ')
  [ "$got" = "$(seq -f "${PREFIX}%03g" 1 "$2" | tr '\n' ' ')" ] || {
    echo "not every host ok=2 changed=1 failed=0 unreachable=0 in the recap ($(grep -cE "^${PREFIX}[0-9]+ +: ok=2 " "$1") good lines)"
    return 1
  }
}

# measure TOOL DIR COUNT C TAG: one timed run; appends "TOOL WALL_MS SSHD_CPU_MS CTL_CPU_MS" to DIR.C.times.
measure() {
  local tool="$1" dir="$2" n="$3" c="$4" tag="$5" out rc=0 t0 t1 c0 c1 k0 k1 why
  out="$dir.logs/$tool.c$c.$tag"
  rm -f "$dir"/"${PREFIX}"*/root/running
  [ "$(markers "$dir")" = 0 ] || die "the marker is still on some host before $tool ($tag)"
  if [ "$tool" = ansible ] && [ "$ANSIBLE_REUSE" = run ]; then
    ansible_cp="$dir.cp.$tool.c$c.$tag"; rm -rf "$ansible_cp"; mkdir -p "$ansible_cp"
  fi
  c0=$(sshd_ticks); k0=$(self_ticks)
  t0=$(date +%s%N)
  "run_$tool" "$dir" "$n" "$c" >"$out.out" 2>"$out.err" || rc=$?
  t1=$(date +%s%N)
  k1=$(self_ticks)
  if [ "$tool" = ansible ] && [ "$ANSIBLE_REUSE" = run ]; then
    # No master may survive into the next run; and sshd's per-connection processes are counted only
    # once reaped, i.e. after the masters closed their connections (ControlPersist=3s).
    for _ in $(seq 1 100); do [ -z "$(ls -A "$ansible_cp")" ] && break; sleep 0.1; done
    [ -z "$(ls -A "$ansible_cp")" ] || die "ssh control masters still alive in $ansible_cp after 10 s"
    sleep 0.2
  fi
  c1=$(sshd_ticks)
  if [ "$rc" != 0 ]; then
    echo "restart: $tool ($tag, $n hosts, C=$c) exited $rc; see $out.out / $out.err" >&2
    tail -n 20 "$out.out" "$out.err" >&2; exit 1
  fi
  case "$tool" in steady*) why=$(check_steady "$out.out" "$n" 2>&1) || rc=1 ;; ansible) why=$(check_ansible "$out.out" "$n") || rc=1 ;; esac
  if [ "$rc" != 0 ]; then
    echo "restart: $tool ($tag, $n hosts, C=$c): $why; see $out.out / $out.err" >&2; exit 1
  fi
  [ "$(markers "$dir")" = "$n" ] || die "$tool ($tag) exited 0 but only $(markers "$dir") of $n hosts have the marker"
  echo "$tool $(( (t1 - t0) / 1000000 )) $(( (c1 - c0) * 10 )) $(( (k1 - k0) * 10 ))" >>"$dir.c$c.times"
  log "$n hosts C=$c $tag  $tool  $(( (t1 - t0) / 1000000 )) ms, sshd CPU $(( (c1 - c0) * 10 )) ms," \
    "controller CPU $(( (k1 - k0) * 10 )) ms, load $(cut -d' ' -f1 /proc/loadavg)"
}

# --- the run ---------------------------------------------------------------------------------------
report="$WORK/report.md"
: >"$report"
for n in "${counts[@]}"; do
  concs=$( (for c in ${CONCURRENCY:-50} "$n"; do [ "$c" -le "$n" ] && echo "$c"; done) | sort -n -u | tr '\n' ' ')
  dir="$WORK/fleet-$n"
  log "starting $n OpenSSH hosts in $dir"
  start_fleet "$n" "$dir"
  mkdir -p "$dir.logs"
  for c in $concs; do
    tools=(steady ansible)
    [ "$c" -lt "$n" ] && tools+=(steady_batch)
    : >"$dir.c$c.times"
    for tool in "${tools[@]}"; do measure "$tool" "$dir" "$n" "$c" warmup; done
    : >"$dir.c$c.times"
    for r in $(seq 1 "$RUNS"); do
      for k in $(seq 0 $(( ${#tools[@]} - 1 ))); do # rotate the order so no tool always goes first
        measure "${tools[$(( (r + k) % ${#tools[@]} ))]}" "$dir" "$n" "$c" "run$r"
      done
    done
    t="$dir.c$c.times"
    read -r sm smin smax <<<"$(stats "$t" steady)"
    read -r am amin amax <<<"$(stats "$t" ansible)"
    {
      echo "### $n hosts, concurrency $c ($RUNS runs each, interleaved, after one warm-up)"
      echo
      echo "| tool | median s | min s | max s | steady ÷ Ansible (median) | sshd CPU s | controller CPU s |"
      echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
      echo "| steady restart --concurrency $c | $sm | $smin | $smax | **$(ratio "$sm" "$am")** |" \
        "$(stats "$t" steady 3 | cut -d' ' -f1) | $(stats "$t" steady 4 | cut -d' ' -f1) |"
      if [ "$c" -lt "$n" ]; then
        read -r bm bmin bmax <<<"$(stats "$t" steady_batch)"
        echo "| steady restart --concurrency $c --batch $c | $bm | $bmin | $bmax | $(ratio "$bm" "$am") |" \
          "$(stats "$t" steady_batch 3 | cut -d' ' -f1) | $(stats "$t" steady_batch 4 | cut -d' ' -f1) |"
      fi
      echo "| ansible-playbook -f $c, serial: $c | $am | $amin | $amax | 1.00 |" \
        "$(stats "$t" ansible 3 | cut -d' ' -f1) | $(stats "$t" ansible 4 | cut -d' ' -f1) |"
      echo
      awk -v s="$sm" -v a="$am" 'BEGIN { printf "steady/ansible = %.2f (target ≤ 0.10: %s)\n\n", s / a, (s / a <= 0.1 ? "met" : "MISSED") }'
    } >>"$report"
  done
  stop_fleet
done

{
  machine_facts
  echo "RUNS=$RUNS ANSIBLE_REUSE=$ANSIBLE_REUSE; sshd CPU = the fleet's sshd daemons and their sessions;" \
    "controller CPU = the tool's process tree, user+sys (Ansible's ssh control masters detach and are not in it)"
  echo
  cat "$report"
}
