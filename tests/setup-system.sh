#!/usr/bin/env bash
# Installs what the browser and checker tests need, only when it is missing:
# Debian's Chromium (Playwright cannot download a browser here) and the npm
# packages vnu-jar (Nu HTML checker), axe-core and sitemap (for its XSD); LibreOffice
# Calc (headless) for the spreadsheet-formula test.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null
fi
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi
if ! command -v soffice >/dev/null 2>&1; then  # opens our CSV as a reader's spreadsheet does
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
if [ ! -d node_modules/vnu-jar ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/sitemap ]; then
  npm ci --no-audit --no-fund --silent
fi
