#!/usr/bin/env bash
# Sets up everything: a supported Node (see env.sh), the Yarn workspace and,
# with --test-tools, the Debian packages the tests drive (kubectl, chromium).
# Idempotent: a second run changes nothing and takes seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ACK_ONE_ROOT"

if [ "${1:-}" = "--test-tools" ]; then
  missing=()
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} from Debian's packages ..."
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

echo "setup: node $(node -v), yarn $(yarn --version)"
yarn install --immutable
