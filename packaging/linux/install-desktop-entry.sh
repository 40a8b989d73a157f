#!/bin/sh
# Put fttool in your application menu (for the tar.gz: the .deb does this itself).
# Run it from the unpacked folder: ./install-desktop-entry.sh   (undo: ./install-desktop-entry.sh --remove)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/fttool.desktop" "$icons/fttool.png"
    echo "Removed fttool from the application menu."
    exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/fttool.png" "$icons/fttool.png"
sed -e "s|^Exec=.*|Exec=\"$here/fttool-app\" %F|" -e "s|^TryExec=.*|TryExec=$here/fttool-app|" \
    -e "s|^Icon=.*|Icon=$icons/fttool.png|" "$here/fttool.desktop" > "$apps/fttool.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "fttool is in your application menu ($apps/fttool.desktop)."
