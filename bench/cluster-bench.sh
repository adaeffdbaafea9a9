#!/usr/bin/env bash
# Runs the cluster benchmarks of docs/performance.md: three nodes on free loopback ports, then
# `cairn bench` from a fourth JVM: put (1 and 100 clients) and linearizable get (100 clients) on
# the fresh nodes, a warm-up, then ROUNDS rounds of put 1, put 100, get 100 and serializable get
# 100 on the warmed nodes. Prints one line per run and keeps each run's JSON in OUT.
#
#   bench/cluster-bench.sh [OUT [ROUNDS]]      (default OUT: a new directory under /tmp, ROUNDS 2)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
J=$ROOT/cli/target/cairn.jar
OUT=${1:-$(mktemp -d /tmp/cairn-cluster-bench.XXXX)}
ROUNDS=${2:-2}
[ -f "$J" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)
mkdir -p "$OUT"
read -r C1 C2 C3 P1 P2 P3 < <(python3 -c 'import socket
s = [socket.socket() for _ in range(6)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
DATA=$(mktemp -d /tmp/cairn-cluster-bench-data.XXXX)
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
M=n1=127.0.0.1:$C1:$P1,n2=127.0.0.1:$C2:$P2,n3=127.0.0.1:$C3:$P3
CS=(x "$C1" "$C2" "$C3"); PS=(x "$P1" "$P2" "$P3")
for i in 1 2 3; do
  java -jar "$J" node start --name n$i --data "$DATA/n$i" --listen 127.0.0.1:${CS[$i]} \
    --peer-port ${PS[$i]} --initial-members "$M" > "$OUT/n$i.log" 2>&1 &
  PIDS+=($!)
done
CL=127.0.0.1:$C1,127.0.0.1:$C2,127.0.0.1:$C3
for _ in $(seq 60); do java -jar "$J" --cluster $CL put cairn-bench-ready 1 >/dev/null 2>&1 && break; sleep 1; done
run() {
  local name=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  java -jar "$J" --cluster $CL -o json bench "$@" > "$OUT/$name.json"
  python3 - "$OUT/$name.json" "$name" "$load" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); l = d["latency-ms"]
print("%-12s load %5s  %9.0f/s  mean %6.2f  p50 %6.2f  p99 %6.2f ms  failed %d"
      % (sys.argv[2], sys.argv[3], d["throughput"], l["mean"], l["p50"], l["p99"], d["failed"]))
PY
}
K=(--keys 10000)
run fresh-put1 put --clients 1 --duration 8s --warmup 2s "${K[@]}"
run fresh-put100 put --clients 100 --duration 8s --warmup 2s "${K[@]}"
run fresh-get100 get --clients 100 --duration 8s --warmup 2s "${K[@]}" --no-load
run warm-up-put put --clients 100 --duration 30s "${K[@]}"
run warm-up-get get --clients 100 --duration 10s "${K[@]}" --no-load
for r in $(seq "$ROUNDS"); do
  run put1-$r put --clients 1 --duration 8s --warmup 2s "${K[@]}"
  run put100-$r put --clients 100 --duration 8s --warmup 2s "${K[@]}"
  run get100-$r get --clients 100 --duration 8s --warmup 2s "${K[@]}" --no-load
  run sget100-$r get --clients 100 --duration 8s --warmup 2s "${K[@]}" --no-load --consistency serializable
done
echo "results: $OUT"
