#!/usr/bin/env bash
# Takes the README's pictures of the face-ID window: runs the "gui" tests FaceIdWindowScreenshotTest under Xvfb. They
# open the real window on photos of one Yale person (synthetic faces when the Yale folder is absent): once with the
# person's other photos as references, pressing Verify; once with three people enrolled in a gallery, naming the face
# over three frames. Each captures the window with java.awt.Robot.
#
# Usage: siamese-app/scripts/screenshot.sh [MODEL_ZIP] [OUTPUT_PNG] [PEOPLE_PNG]
#   MODEL_ZIP   a trained model file; without one the window runs on random weights and its title says so
#   OUTPUT_PNG  default: docs/app-window.png
#   PEOPLE_PNG  default: docs/app-people.png
# Needs xvfb-run (Debian/Ubuntu: apt-get install -y xvfb) and the model and data modules installed
# (mvn -pl siamese-model,siamese-data install -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-}"
out="${2:-$root/docs/app-window.png}"
people="${3:-$root/docs/app-people.png}"
if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run is missing: apt-get install -y xvfb" >&2
  exit 2
fi
[ -z "$model" ] || model="$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
mkdir -p "$(dirname "$people")"
people="$(cd "$(dirname "$people")" && pwd)/$(basename "$people")"
cd "$root"
# A window manager draws the title bar (openbox when installed: apt-get install -y openbox); without one the
# screenshot shows the window's content only.
xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
  if command -v openbox >/dev/null; then openbox >/dev/null 2>&1 & sleep 1; fi
  exec "$@"' screenshot \
  mvn -q -B -pl siamese-app test -Dgroups=gui -DexcludedGroups= -Dtest.headless=false \
    -Dtest=FaceIdWindowScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsiamese.screenshot.out="$out" -Dsiamese.screenshot.people.out="$people" ${model:+-Dsiamese.screenshot.model="$model"}
echo "screenshots: $out $people"
