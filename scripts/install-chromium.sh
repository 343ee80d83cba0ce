#!/usr/bin/env bash
# Installs Chromium for the browser check (tests/tests/browser.rs) on Debian/Ubuntu.
# Does nothing when it is already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
