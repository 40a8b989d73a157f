#!/usr/bin/env bash
# Install the named Debian packages when they are missing, if we can: as root with apt-get.
# On a developer's laptop (not root, or not Debian) it only says what is missing and goes on.
set -euo pipefail
missing=()
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "note: not a Debian system; make sure the equivalents of these are installed: ${missing[*]}" >&2
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "note: missing Debian packages (run as root or with sudo to install): ${missing[*]}" >&2
    echo "      sudo apt-get install -y ${missing[*]}" >&2
    exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
