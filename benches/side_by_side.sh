#!/usr/bin/env bash
# One command for every figure in docs/performance.md's SRP and sign-in tables, in one run:
# the SRP maths (criterion), the same client proof with GMP (gmpy2), and the sign-in load
# against the local pool and fakecloud side by side. Reports how idle the machine was before
# and after each part (only runs on an idle machine count).
#
#   bash benches/side_by_side.sh            # COGTUI_FAKECLOUD=/path/to/fakecloud if not on PATH
#   COGTUI_LOAD_SECONDS=20 COGTUI_LOAD_SCALE=100000 bash benches/side_by_side.sh
set -euo pipefail
cd "$(dirname "$0")/.."

idle() { # percentage of CPU idle over 3 s, from /proc/stat
  read -r _ a b c d e f g h _ < /proc/stat
  sleep 3
  read -r _ A B C D E F G H _ < /proc/stat
  local busy=$(( (A+B+C+F+G+H) - (a+b+c+f+g+h) )) total=$(( (A+B+C+D+E+F+G+H) - (a+b+c+d+e+f+g+h) ))
  echo "machine idle: $(( 100 - 100 * busy / (total > 0 ? total : 1) )) % ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
}

echo "== $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
cargo bench --no-run --bench srp --bench signin_load 2>&1 | tail -n 1
idle
echo "== SRP maths (benches/srp.rs)"
cargo bench --bench srp 2>&1 | grep -E '^[a-z].*|time:' | grep -B1 'time:'
idle
echo "== GMP client proof (benches/gmp_srp.py)"
python3 benches/gmp_srp.py "${COGTUI_GMP_SECONDS:-5}"
idle
echo "== sign-in load (benches/signin_load.rs)"
cargo bench --bench signin_load
idle
