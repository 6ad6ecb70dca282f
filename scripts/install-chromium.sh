#!/usr/bin/env bash
# Installs Debian's chromium for the reporter tests that open conformance.html in a real browser.
# Playwright's own browser download cannot reach its CDN here, so the tests drive this binary via
# executablePath. Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: /usr/bin/chromium already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
echo "install-chromium: installed /usr/bin/chromium"
