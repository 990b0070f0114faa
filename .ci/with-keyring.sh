#!/usr/bin/env bash
# Runs its arguments inside a private D-Bus session bus with an unlocked gnome-keyring: a real
# Secret Service on a headless machine, for the keyring tests (ignored by a bare `cargo test`;
# run them with `--include-ignored`). Needs the Debian packages dbus, gnome-keyring,
# libsecret-tools.
#   bash .ci/with-keyring.sh cargo test -- --include-ignored
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring.sh: $tool not found (apt-get install dbus gnome-keyring libsecret-tools)" >&2
        exit 1
    fi
done

# The keyring files go to a throwaway dir (never the user's own login keyring), unlocked with a
# throwaway password.
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
export COGTUI_KEYRING_FILES="$keyrings"
# For tests still written the old way (skip unless required); the ignored ones need no flag.
export COGTUI_REQUIRE_KEYRING=1

status=0
dbus-run-session -- bash -c '
    set -e
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d " \n")
    printf %s "$password" |
        XDG_DATA_HOME="$COGTUI_KEYRING_FILES" gnome-keyring-daemon --unlock --components=secrets >/dev/null
    unset password COGTUI_KEYRING_FILES
    # The daemon claims its bus name after it forks: wait for it, or the first client would
    # have the bus start a second, locked one.
    for _ in $(seq 100); do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
            grep -q "boolean true"; then
            break
        fi
        sleep 0.05
    done
    "$@"
' with-keyring "$@" || status=$?
exit "$status"
