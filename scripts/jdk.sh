#!/usr/bin/env bash
# Ensure a JDK 17+ and Maven are installed (Debian's openjdk-17-jdk-headless and maven when missing).
set -euo pipefail
if command -v mvn >/dev/null && command -v java >/dev/null; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "jdk.sh: installing openjdk-17-jdk-headless and maven" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
