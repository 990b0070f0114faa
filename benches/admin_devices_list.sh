#!/usr/bin/env bash
# issue 12: `admin devices list` for a user with 50 devices, whole process, median of 20 (docs/performance.md, Admin).
# Run from the repository after `cargo build` (uses target/debug/cogtui; set B= for another binary).
set -u
export HOME=$(mktemp -d)
B=${B:-$PWD/target/debug/cogtui}
cd $HOME
$B local seed --users 1 --prefix ff > users.json 2>/dev/null
P=$(python3 -c 'import json;print(json.load(open("users.json"))[0]["password"])')
$B local serve > serve.log 2>&1 & SP=$!; sleep 3
for i in $(seq 1 50); do
  D=$HOME/d$i; mkdir -p $D
  cp $HOME/.config/cogtui/config.toml $D/ 2>/dev/null
  echo "$P" | COGTUI_DATA_DIR=$D $B --session-store file --local login ff-000001 --password-stdin --remember-device yes >/dev/null 2>&1 || echo "login $i failed"
done
$B --local admin devices list ff-000001 --output json | python3 -c 'import json,sys;print(len(json.load(sys.stdin)["devices"]),"devices")'
for i in $(seq 1 20); do s=$(date +%s%N); $B --local admin devices list ff-000001 >/dev/null; e=$(date +%s%N); echo $(( (e-s)/1000 )); done | sort -n | awk '{a[NR]=$1} END {print "median us:", (a[10]+a[11])/2, "min:", a[1], "max:", a[NR]}'
kill $SP
