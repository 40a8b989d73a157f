#!/usr/bin/env bash
# macOS: the .app (built by packaging/fttool.spec's BUNDLE step) into a compressed .dmg with an
# Applications link. Run on a Mac after `python packaging/build.py --no-installers`:
#     bash packaging/macos/make_dmg.sh
# Output: build/package/fttool-<version>-macos-<arch>.dmg
# Signing: ad hoc by default (runs on the machine that built it and, after right-click > Open, elsewhere).
# With a Developer ID, set CODESIGN_IDENTITY="Developer ID Application: ..." (and then notarize:
#     xcrun notarytool submit <dmg> --keychain-profile <profile> --wait && xcrun stapler staple <dmg>).
set -euo pipefail
cd "$(dirname "$0")/../.."
app=build/package/dist/fttool.app
test -d "$app" || { echo "no $app: run python packaging/build.py --no-installers first" >&2; exit 1; }
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
arch=$(uname -m)
identity="${CODESIGN_IDENTITY:--}"
codesign --force --deep --options runtime --timestamp=none --sign "$identity" "$app"
codesign --verify --deep --strict "$app"
# the command-line tool inside the app: make it easy to link (`ln -s .../fttool /usr/local/bin/fttool`)
test -x "$app/Contents/MacOS/fttool"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/fttool.app"
ln -s /Applications "$stage/Applications"
cat > "$stage/Command line tool.txt" <<TXT
fttool also has a command-line tool. After dragging fttool to Applications, run in Terminal:
    sudo ln -sf /Applications/fttool.app/Contents/MacOS/fttool /usr/local/bin/fttool
TXT
out="build/package/fttool-${version}-macos-${arch}.dmg"
rm -f "$out"
hdiutil create -volname "fttool ${version}" -srcfolder "$stage" -fs HFS+ -format UDZO -imagekey zlib-level=9 -ov "$out"
hdiutil verify "$out"
echo "$out"
