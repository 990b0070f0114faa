#!/usr/bin/env bash
# CLI start-up, measured as a user meets it: wall time of the release binary's
# `cogtui creds process` with cached credentials (keyring and file store) and `cogtui totp code`
# with the secret in the keyring, beside `aws --version` in the same run. Medians of N runs
# (default 20). For the keyring cases run it inside a real Secret Service:
#   cargo build --release --bin cogtui
#   bash .ci/with-keyring.sh bash benches/cli_startup.sh        # keyring + file store
#   bash benches/cli_startup.sh                                  # file store only
# Uses hyperfine when installed, else a loop timed with `date +%s%N`.
# COGTUI_BIN_BEFORE=PATH (an older build) adds a before/after row pair for each keyring case:
# the two binaries run alternately, run after run, so both see the same load.
set -euo pipefail

runs=${RUNS:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${COGTUI_BIN:-$root/target/release/cogtui}
[ -x "$bin" ] || { echo "no $bin: cargo build --release --bin cogtui" >&2; exit 1; }
work=$(mktemp -d)
pool_pid=
cleanup() { [ -n "$pool_pid" ] && kill "$pool_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export COGTUI_CONFIG=$work/config.toml COGTUI_DATA_DIR=$work/data
unset COGTUI_PROFILE COGTUI_LOG AWS_PROFILE || true

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" local serve --bind "127.0.0.1:$port" --data-dir "$work/pool" >"$work/pool.log" 2>&1 &
pool_pid=$!
for _ in $(seq 100); do grep -q '^\[profiles.local\]' "$COGTUI_CONFIG" 2>/dev/null && break; sleep 0.1; done
endpoint=http://127.0.0.1:$port
pw='Bench-Passw0rd!'

# median_ms LABEL CMD...: prints "LABEL median_ms min_ms max_ms"
median_ms() {
    local label=$1; shift
    "$@" >/dev/null 2>&1 || { echo "$label: the command failed: $*" >&2; "$@" >&2 || true; exit 1; }
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/h.json" "$(printf '%q ' "$@")" >/dev/null
        python3 - "$label" "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"][0]
print(f"{sys.argv[1]:<44} {r['median']*1e3:8.2f} {r['min']*1e3:8.2f} {r['max']*1e3:8.2f}")
PY
        return
    fi
    local times=() t0 t1
    for _ in 1 2; do "$@" >/dev/null 2>&1; done
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | python3 -c '
import sys, statistics
v = [int(x) / 1000 for x in sys.stdin.read().split()]
print(f"{sys.argv[1]:<44} {statistics.median(v):8.2f} {min(v):8.2f} {max(v):8.2f}")' "$label"
}

# ab_ms LABEL ARGS...: the keyring case with COGTUI_BIN_BEFORE and with $bin, alternately.
ab_ms() {
    local label=$1; shift
    local before=$COGTUI_BIN_BEFORE
    "$before" "$@" >/dev/null 2>&1 || { echo "$label: the older binary failed: $before $*" >&2; exit 1; }
    local t0 t1 b=() a=()
    for _ in 1 2; do "$before" "$@" >/dev/null 2>&1; "$bin" "$@" >/dev/null 2>&1; done
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N); "$before" "$@" >/dev/null 2>&1; t1=$(date +%s%N); b+=($(( (t1 - t0) / 1000 )))
        t0=$(date +%s%N); "$bin" "$@" >/dev/null 2>&1; t1=$(date +%s%N); a+=($(( (t1 - t0) / 1000 )))
    done
    python3 -c '
import sys, statistics
label, b, a = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
for tag, v in (("before", b), ("after", a)):
    v = [int(x) / 1000 for x in v]
    name = label + " (" + tag + ")"
    print(f"{name:<44} {statistics.median(v):8.2f} {min(v):8.2f} {max(v):8.2f}")' \
        "$label" "${b[*]}" "${a[*]}"
}

signed_in() { # STORE USER: a confirmed user signed in with that store, credentials cached
    local store=$1 user=$2
    "$bin" --local --session-store "$store" signup "$user" --email "$user@example.com" --password-stdin <<<"$pw" >/dev/null
    local code
    code=$(curl -fsS "$endpoint/_local/outbox?username=$user" | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["code"])')
    "$bin" --local confirm "$user" "$code" >/dev/null
    "$bin" --local --session-store "$store" login "$user" --password-stdin <<<"$pw" >/dev/null 2>&1
    "$bin" --local --session-store "$store" --user "$user" creds process >/dev/null 2>&1
}

echo "cogtui $("$bin" --version | cut -d' ' -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each"
printf '%-44s %8s %8s %8s\n' "what" "median" "min" "max"
signed_in file benchfile
median_ms "creds process, file store (cached)" "$bin" --local --session-store file --user benchfile creds process
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    signed_in keyring benchkey
    median_ms "creds process, keyring (cached)" "$bin" --local --session-store keyring --user benchkey creds process
    # A kept TOTP secret (`mfa setup --keep-secret` computes the first code when stdin is
    # not a terminal).
    "$bin" --local --session-store keyring --user benchkey mfa setup --keep-secret </dev/null >/dev/null 2>&1
    median_ms "totp code, keyring" "$bin" --local --session-store keyring --user benchkey totp code
    if [ -n "${COGTUI_BIN_BEFORE:-}" ]; then
        ab_ms "creds process, keyring (cached)" --local --session-store keyring --user benchkey creds process
        ab_ms "totp code, keyring" --local --session-store keyring --user benchkey totp code
    fi
else
    echo "(no D-Bus session: keyring cases skipped; run under .ci/with-keyring.sh)" >&2
fi
if command -v aws >/dev/null; then
    median_ms "aws --version" aws --version
else
    echo "(aws not found: pip install awscli, or bash tests/interop/install.sh)" >&2
fi
