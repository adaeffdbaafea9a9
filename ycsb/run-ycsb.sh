#!/usr/bin/env bash
# Runs the YCSB core workloads against Cairn and prints YCSB's own report for each run.
#
# By default it starts a local 3-node cluster on free loopback ports (each node a `cairn node start`
# process with its data under a temporary directory), loads the records once, then runs each
# workload at each thread count. With --embedded, YCSB opens an embedded database in its own
# process instead. Everything it started is stopped, and its temporary directory removed, on exit
# (Ctrl-C included) unless --keep.
#
#   ycsb/run-ycsb.sh                                   # workloads a b c e, 1 and 32 threads, 15 s each
#   ycsb/run-ycsb.sh --threads "1 32 100" --seconds 10 --records 100000
#   ycsb/run-ycsb.sh --embedded --workloads "a c"
#   ycsb/run-ycsb.sh --connections 4 -- -p readallfields=false   # after --, extra YCSB arguments
#
# Needs a JDK 17 and Maven; builds cli/target/cairn.jar and ycsb/target/cairn-ycsb.jar when they
# are missing or older than the sources. Reports also go to DIR/<target>-<workload>-<threads>.txt
# with --out DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cairn_jar="$root/cli/target/cairn.jar"
ycsb_jar="$root/ycsb/target/cairn-ycsb.jar"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  echo "options: --embedded | --nodes 3, --workloads \"a b c e\", --threads \"1 32\", --records N (default 100000)," >&2
  echo "         --seconds S per run (default 15), --ops N per run (default 10 x records; a run ends at
         whichever comes first; workload E's key chooser slows down as ops grows past records)," >&2
  echo "         --connections N (cluster; default 1), --consistency linearizable|serializable," >&2
  echo "         --backend leveldb|memory, --out DIR, --keep, --build" >&2
  exit 2
}

embedded=false; nodes=3; workloads="a b c e"; threads="1 32"; records=100000; seconds=15; ops=""
connections=1; consistency=linearizable; backend=leveldb; out=""; keep=false; build=false; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --embedded) embedded=true ;;
    --nodes) nodes="$2"; shift ;;
    --workloads) workloads="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --records) records="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --ops) ops="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --consistency) consistency="$2"; shift ;;
    --backend) backend="$2"; shift ;;
    --out) out="$2"; shift ;;
    --keep) keep=true ;;
    --build) build=true ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "run-ycsb: unknown option '$1'" >&2; usage ;;
  esac
  shift
done
for w in $workloads; do
  [ -f "$root/ycsb/workloads/workload$w" ] || { echo "run-ycsb: no workload '$w' (ycsb/workloads/workload$w)" >&2; exit 2; }
done
# YCSB sizes workload E's key space for every insert the run might make (about ops / 10) and redraws
# start keys that were not inserted yet; an unbounded operation count would spin the client's CPU.
ops=${ops:-$((records * 10))}
for n in "$records" "$seconds" "$ops" "$connections" "$nodes" $threads; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run-ycsb: '$n' is not a positive number" >&2; exit 2; }
done

# Build when a jar is missing or older than the sources of a module it holds.
stale() {
  [ -f "$1" ] || return 0
  [ -n "$(find "$root" \( -name target -o -name test -o -name .git -o -path "$root/bench" -o -path "$root/tests" \) \
      -prune -o -newer "$1" \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -print -quit)" ]
}
if $build || stale "$cairn_jar" || stale "$ycsb_jar"; then
  echo "run-ycsb: building cli/target/cairn.jar and ycsb/target/cairn-ycsb.jar..." >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl cli,ycsb -am) >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-ycsb.XXXXXX")"
pids=(); running=""
cleanup() {
  local code=$?
  [ -n "$running" ] && { kill -KILL "$running" 2>/dev/null || true; }
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if $keep; then echo "run-ycsb: kept $work" >&2; else rm -rf "$work"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on, not handed out before; the OS may still give it away before it is
# bound, which only makes a node fail to start (reported below).
used=" "
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    case "$used" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then used="$used$p "; echo "$p"; return; fi
  done
}

if $embedded; then
  target="embedded"
  props=(-p "cairn.dir=$work/data" -p "cairn.backend=$backend")
else
  target="cluster$nodes"
  members=(); addrs=()
  for i in $(seq "$nodes"); do
    p=$(free_port); r=$(free_port)
    members+=("n$i=127.0.0.1:$p:$r"); addrs+=("127.0.0.1:$p")
  done
  m=$(IFS=,; echo "${members[*]}"); cluster=$(IFS=,; echo "${addrs[*]}")
  for i in $(seq "$nodes"); do
    java ${JAVA_OPTS:-} -jar "$cairn_jar" node start --name "n$i" --data "$work/n$i" --cluster-name ycsb \
        --node-backend "$backend" --initial-members "$m" >"$work/n$i.log" 2>&1 &
    pids+=("$!")
  done
  echo "run-ycsb: started $nodes nodes at $cluster (logs in $work)" >&2
  # Ready once a linearizable read is answered (exit 1 is "no such key"); 5 is unavailable.
  for attempt in $(seq 60); do
    code=0; java -jar "$cairn_jar" --cluster "$cluster" --timeout 5s get ycsb-run-ready >/dev/null 2>&1 || code=$?
    [ "$code" -le 1 ] && break
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "run-ycsb: a node exited while starting:" >&2; tail -n 20 "$work"/n*.log >&2; exit 1; }
    done
    [ "$attempt" -eq 60 ] && { echo "run-ycsb: the cluster did not answer within about 60 s" >&2; exit 1; }
    sleep 1
  done
  props=(-p "cairn.cluster=$cluster" -p "cairn.consistency=$consistency" -p "cairn.connections=$connections")
fi

ycsb() {
  exec java ${JAVA_OPTS:-} -jar "$ycsb_jar" "$@" -db io.cairn.ycsb.CairnClient "${props[@]}" \
      -p "recordcount=$records" "${extra[@]}"
}

# Runs YCSB in the background (so that Ctrl-C and SIGTERM stop it at once), then prints its report
# under a title; fails when YCSB failed or counted a failed operation. YCSB's log goes to $2.
report() {
  local name="$1" log="$2"; shift 2
  local file="$work/$name.txt" code=0
  [ -n "$out" ] && { mkdir -p "$out"; file="$out/$name.txt"; }
  "$@" >"$file" 2>"$log" &
  running=$!
  wait "$running" || code=$?
  running=""
  echo "=== $name ==="
  cat "$file"
  [ "$code" -eq 0 ] && ! grep -q -e 'Return=ERROR' -e 'Return=NOT_FOUND' -e '-FAILED\]' "$file"
}

first=${workloads%% *}
load_threads=$(( records < 16 ? 1 : 16 ))
echo "run-ycsb: loading $records records ($target, $load_threads threads)..." >&2
report "$target-load" "$work/load.err" ycsb -load -P "$root/ycsb/workloads/workload$first" \
    -threads "$load_threads" -p "operationcount=$records" \
  || { echo "run-ycsb: the load failed:" >&2; cat "$work/load.err" >&2; exit 1; }
failed=0
for w in $workloads; do
  for t in $threads; do
    echo "run-ycsb: workload $w, $t threads, ${seconds}s ($target)..." >&2
    report "$target-$w-$t" "$work/run.err" ycsb -t -P "$root/ycsb/workloads/workload$w" -threads "$t" \
        -p "operationcount=$ops" -p "maxexecutiontime=$seconds" \
      || { echo "run-ycsb: workload $w at $t threads failed:" >&2; cat "$work/run.err" >&2; failed=1; }
  done
done
exit "$failed"
