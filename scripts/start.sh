#!/usr/bin/env bash
# Sets up everything, then starts the portal: the frontend on
# http://localhost:3000 and the backend on http://localhost:7007.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ACK_ONE_ROOT/scripts/setup.sh"
cd "$ACK_ONE_ROOT"
exec node "$ACK_ONE_ROOT/.yarn/releases/yarn-4.13.0.cjs" start "$@"
