#!/usr/bin/env bash
# Installs the Debian packages a test needs (e.g. rsyslog, redis-server) when they are missing.
# The build calls this so that `mvn -B verify` on a fresh machine brings its own test servers.
# Usage: ensure-debian-packages.sh PACKAGE...
set -euo pipefail

missing=()
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo_cmd=(sudo -n)
    else
        echo "ensure-debian-packages: missing ${missing[*]}; install them with: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

echo "ensure-debian-packages: installing ${missing[*]}"
# Lock waits keep two builds running at once from failing on dpkg's lock.
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
