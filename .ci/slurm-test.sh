#!/usr/bin/env bash
# One-node SLURM cluster test of the documented job-array script (docs/cluster.md).
#
# Starts munged, slurmctld and slurmd on localhost (as root, Debian's slurm-wlm and munge packages;
# installed when missing), submits the array script that docs/cluster.md shows -- extracted from the
# page, so the documentation is what is tested -- as a 3-task array on a small real sweep
# (.ci/slurm-sweep.yaml), waits, merges the task folders with `grokmeter merge`, and checks that the
# result equals a single-process run of the same sweep: every runs.csv column but `seconds`, and
# every curves file. Stops the daemons it started (by PID) and removes its temporary folder.
#
# Environment: GROKMETER (launcher, default ./grokmeter), SLURM_TEST_SWEEP (sweep file),
# SLURM_TEST_KEEP=1 keeps the work folder for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
say() { echo "slurm-test: $*" >&2; }

if [[ "$(id -u)" -ne 0 || ! -f /etc/debian_version ]]; then
  say "skipped: needs root on Debian to install and start slurm-wlm and munge (this is $(id -un) on $(uname -s))"
  exit 0
fi
start_time=$SECONDS

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q slurm-wlm munge >/dev/null; }
fi

grokmeter="${GROKMETER:-$repo/grokmeter}"
sweep="$(realpath "${SLURM_TEST_SWEEP:-$repo/.ci/slurm-sweep.yaml}")"
if [[ ! -f "$repo/cli/target/grokmeter.jar" && "$grokmeter" == "$repo/grokmeter" ]]; then
  say "building the CLI"
  ./mvnw -B -q -DskipTests package -pl cli -am
fi

work="$(mktemp -d /tmp/grokmeter-slurm.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/logs" "$work/results"
chmod 711 "$work/munge"
pids=()
cleanup() {
  local rc=$?
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  if [[ $rc -ne 0 ]]; then
    say "FAILED; daemon logs:"
    tail -n 20 "$work"/slurmctld.log "$work"/slurmd.log "$work"/logs/* 2>/dev/null >&2 || true
  fi
  if [[ "${SLURM_TEST_KEEP:-0}" == 1 ]]; then say "kept $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT

# munge: a fresh key for this test cluster only, our own socket, pid and log files
head -c 1024 /dev/urandom > "$work/munge/munge.key"
chmod 600 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --foreground --force --socket="$socket" --key-file="$work/munge/munge.key" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munged.seed" >"$work/munge/out.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S "$socket" ]] && break; sleep 0.1; done
[[ -S "$socket" ]] || { say "munged did not start"; cat "$work/munge/out.log" >&2; exit 1; }

# two free TCP ports for slurmctld and slurmd
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    if ! ss -ltnH 2>/dev/null | awk '{print $4}' | grep -q ":$p\$"; then echo "$p"; return; fi
  done
}
ctld_port="$(free_port)"
slurmd_port="$(free_port)"
while [[ "$slurmd_port" == "$ctld_port" ]]; do slurmd_port="$(free_port)"; done
host="$(hostname -s)"
cat >"$work/slurm.conf" <<CONF
ClusterName=grokmeter-ci
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
PlugStackConfig=/dev/null
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -c -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  [[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] && break
  sleep 0.1
done
[[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] || { say "the node did not become idle"; sinfo >&2 || true; exit 1; }
say "cluster up on $host (slurmctld :$ctld_port, slurmd :$slurmd_port) after $((SECONDS - start_time)) s"

# the documented array script, verbatim from docs/cluster.md
awk '/<!-- slurm-array-script/ {f = 1; next} f && /^```bash/ {g = 1; next} g && /^```/ {exit} g {print}' \
  docs/cluster.md >"$work/grokmeter-array.sbatch"
grep -q '^#SBATCH --array' "$work/grokmeter-array.sbatch" || { say "no array script found in docs/cluster.md"; exit 1; }

# command-line options override the script's #SBATCH lines: 3 tasks of 1 CPU on this small node
job="$(sbatch --parsable --array=0-2 --cpus-per-task=1 --mem-per-cpu=0 --time=00:10:00 --chdir="$repo" \
  --output="$work/logs/task-%A_%a.log" \
  --export="ALL,SWEEP=$sweep,OUT=$work/results,GROKMETER=$grokmeter" "$work/grokmeter-array.sbatch")"
say "submitted array job $job (3 tasks)"

# meanwhile, the same sweep in one process
"$grokmeter" --quiet sweep "$sweep" --out "$work/single" --threads 1

deadline=$((SECONDS + 240))
while [[ -n "$(squeue -h -j "$job" 2>/dev/null)" ]]; do
  if ((SECONDS > deadline)); then say "array job did not finish in 240 s"; squeue >&2; exit 1; fi
  sleep 0.5
done
states="$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr -s ' ' | xargs)"
say "array job finished: $states"
ls -d "$work"/results/shard-* >/dev/null 2>&1 || { say "no shard folders were written"; exit 1; }

"$grokmeter" merge --out "$work/results/all" "$work"/results/shard-0 "$work"/results/shard-1 "$work"/results/shard-2

without_seconds() {
  awk -F, -v OFS=, 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "seconds") c = i} {if (c) $c = ""; print}' "$1"
}
if ! diff <(without_seconds "$work/single/runs.csv") <(without_seconds "$work/results/all/runs.csv") >&2; then
  say "FAILED: merged runs.csv differs from the single-process run"
  exit 1
fi
if ! diff -r "$work/single/curves" "$work/results/all/curves" >&2; then
  say "FAILED: merged curves differ from the single-process run"
  exit 1
fi
rows=$(($(wc -l <"$work/results/all/runs.csv") - 1))
say "OK: $rows runs from 3 SLURM array tasks merged equal the single-process run ($((SECONDS - start_time)) s in all)"
