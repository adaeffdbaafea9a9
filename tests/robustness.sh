#!/usr/bin/env bash
# Runs the long robustness suite: a 3-node cluster of real processes under load while faults are
# injected, then checks the history. Prints where the report is; exits non-zero on a violation.
set -euo pipefail

usage() {
  cat <<USAGE
usage: tests/robustness.sh [--duration SECONDS] [--seed N] [--faults LIST] [--clients N] [--out DIR]

  --duration SECONDS  how long load and faults last (default 300)
  --seed N            makes the fault schedule reproducible (default: the current time)
  --faults LIST       comma-separated KIND-TARGET, KIND one of kill, pause, partition, disk,
                      drop (client connections), member (a node added and removed)
                      and TARGET leader or random (default: every kind; member-leader and member-random are the same)
  --clients N         concurrent clients (default 6)
  --out DIR           report directory (default target/robustness-SEED under tests/)
USAGE
}

# The whole script is one function, read before it runs: bash reads a script as it goes, so an edit
# made during a long run (a checkout, a rebase) would otherwise change what runs after Maven.
main() {
duration=300 seed=$(date +%s) clients=6 out=
faults=kill-leader,kill-random,pause-leader,pause-random,partition-leader,partition-random,disk-leader,disk-random,drop-leader,drop-random,member-random
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --faults) faults=${2:?}; shift 2 ;;
    --clients) clients=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "robustness.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$duration" "$seed" "$clients"; do
  case "$n" in ''|*[!0-9]*) echo "robustness.sh: not a whole number: '$n'" >&2; exit 2 ;; esac
done
if [ "$duration" -lt 1 ] || [ "$clients" -lt 1 ]; then
  echo "robustness.sh: --duration and --clients must be at least 1" >&2; exit 2
fi
# Refused here rather than after a build; the runner's list of kinds is Faults.KINDS.
IFS=, read -ra fault_names <<< "$faults"
for f in "${fault_names[@]}"; do
  case "$f" in
    '') ;;
    kill-leader|kill-random|pause-leader|pause-random|partition-leader|partition-random) ;;
    disk-leader|disk-random|drop-leader|drop-random|member-leader|member-random) ;;
    *) echo "robustness.sh: unknown fault '$f' (--faults takes KIND-TARGET names, see --help)" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
out=${out:-$root/tests/target/robustness-$seed}
case "$out" in /*) ;; *) out=$PWD/$out ;; esac
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "robustness.sh: $out is not empty; choose another --out" >&2; exit 2
fi

echo "robustness run: seed $seed, $duration s, faults $faults, $clients clients; report in $out"
cd "$root"
status=0
mvn -B -q -Probustness -pl tests -am verify -Dtest=RobustnessLongRunTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcairn.robustness.out="$out" -Dcairn.robustness.seed="$seed" \
  -Dcairn.robustness.duration="$duration" -Dcairn.robustness.faults="$faults" \
  -Dcairn.robustness.clients="$clients" || status=$?
if [ -f "$out/report.md" ]; then
  echo "verdict: $(cat "$out/verdict.txt" 2>/dev/null || echo none); report: $out/report.md"
else
  echo "no report was written (the run failed before checking); see the Maven output above" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
}

main "$@"
