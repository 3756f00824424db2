#!/usr/bin/env bash
# Takes the README's picture of the face-ID window: runs the "gui" test FaceIdWindowScreenshotTest under Xvfb. It
# opens the real window on photos of one Yale person (synthetic faces when the Yale folder is absent), adds the other
# photos as references, presses Verify and captures the window with java.awt.Robot.
#
# Usage: siamese-app/scripts/screenshot.sh [MODEL_ZIP] [OUTPUT_PNG]
#   MODEL_ZIP   a trained model file; without one the window runs on random weights and its title says so
#   OUTPUT_PNG  default: docs/app-window.png
# Needs xvfb-run (Debian/Ubuntu: apt-get install -y xvfb) and the model and data modules installed
# (mvn -pl siamese-model,siamese-data install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-}"
out="${2:-$root/docs/app-window.png}"
if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run is missing: apt-get install -y xvfb" >&2
  exit 2
fi
[ -z "$model" ] || model="$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
cd "$root"
# A window manager draws the title bar (openbox when installed: apt-get install -y openbox); without one the
# screenshot shows the window's content only.
xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
  if command -v openbox >/dev/null; then openbox >/dev/null 2>&1 & sleep 1; fi
  exec "$@"' screenshot \
  mvn -q -B -pl siamese-app test -Dgroups=gui -DexcludedGroups= -Dtest.headless=false \
    -Dtest=FaceIdWindowScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsiamese.screenshot.out="$out" ${model:+-Dsiamese.screenshot.model="$model"}
echo "screenshot: $out"
