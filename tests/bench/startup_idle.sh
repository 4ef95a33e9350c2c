#!/bin/bash
# Benchmark (not a test): start-to-first-frame time, resident memory (PSS) and idle CPU of `kiosk --headless`
# on the attract screen. Usage: tests/bench/startup_idle.sh [build-dir] [idle-seconds]
set -euo pipefail
BUILD=${1:-build}
IDLE_S=${2:-10}
KIOSK="$BUILD/bin/kiosk"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Start-up: five runs, the first frame time as the kiosk logs it.
for i in 1 2 3 4 5; do
  "$KIOSK" --headless --data-dir "$WORK/data" --script <(echo "expect start") 2>&1 | sed -n 's/.*first frame \([0-9]*\) ms.*/\1/p'
done | sort -n | awk '{a[NR]=$1} END {printf "first frame: min %d ms, median %d ms, max %d ms (5 runs)\n", a[1], a[3], a[5]}'

# Idle: no script, attract screen, measure CPU ticks and context switches over IDLE_S seconds.
"$KIOSK" --headless --data-dir "$WORK/data" 2>/dev/null &
PID=$!
sleep 2
HZ=$(getconf CLK_TCK)
T0=$(ticks $PID)
CS0=$(awk '/voluntary_ctxt_switches/ {s += $2} END {print s}' /proc/$PID/task/*/status)
sleep "$IDLE_S"
T1=$(ticks $PID)
CS1=$(awk '/voluntary_ctxt_switches/ {s += $2} END {print s}' /proc/$PID/task/*/status)
PSS=$(awk '/^Pss:/ {print $2}' /proc/$PID/smaps_rollup)
RSS=$(awk '/^Rss:/ {print $2}' /proc/$PID/smaps_rollup)
kill $PID; wait $PID 2>/dev/null || true
awk -v t=$((T1 - T0)) -v hz="$HZ" -v s="$IDLE_S" 'BEGIN {printf "idle CPU: %.2f %% of one core over %d s\n", 100 * t / hz / s, s}'
awk -v c=$((CS1 - CS0)) -v s="$IDLE_S" 'BEGIN {printf "idle wake-ups (voluntary context switches, all threads): %.1f per second\n", c / s}'
echo "memory: PSS $((PSS / 1024)) MiB, RSS $((RSS / 1024)) MiB"
