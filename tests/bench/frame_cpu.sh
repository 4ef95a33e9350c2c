#!/bin/bash
# Benchmark (not a test): the UI thread's CPU time per frame on every screen at 1920x1080 (SPEC §10: < 2 ms),
# along the journey script the layout test uses (tests/e2e/scripts/layout_tour.txt).
# Usage: tests/bench/frame_cpu.sh [build-dir]
set -euo pipefail
BUILD=${1:-build}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/kiosk.conf" <<'CONF'
[ui]
window_width = 1920
window_height = 1080
[office]
hours = sun-sat 00:00-24:00
CONF
# The tour the layout test takes (every screen and overlay), in English, without screenshots or toggles.
HERE=$(cd "$(dirname "$0")" && pwd)
TAKE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ticket.take"])' "$HERE/../../assets/i18n/en.json")
sed -e '/^%SHOT%/d' -e '/^%MODES%$/d' -e 's/%LANG%/en/g' -e "s/%TAKE%/$TAKE/g" \
  "$HERE/../e2e/scripts/layout_tour.txt" > "$WORK/visit.txt"
cd "$WORK"
ANJUNGAN_FRAME_STATS=1 "$OLDPWD/$BUILD/bin/kiosk" --headless --config kiosk.conf --data-dir data --script visit.txt 2>&1 |
  grep frame-cpu
