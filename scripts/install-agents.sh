#!/usr/bin/env bash
# Installs the pinned coding-agent CLIs into <repo>/.agents (git-ignored).
# Idempotent: packages whose installed version already matches are skipped.
# Usage: scripts/install-agents.sh        (then: export PATH=<repo>/.agents/node_modules/.bin:$PATH)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repo_root/.agents"

packages=(
  "@openai/codex@0.169.0"
  "@anthropic-ai/claude-code@2.1.197"
  "opencode-ai@1.18.33"
  "@mariozechner/pi-coding-agent@0.73.1"
  "@google/gemini-cli@0.61.0"
  "@qwen-code/qwen-code@0.24.4"
  "@github/copilot@1.0.102"  # proprietary licence: installed from npm like a user does, never redistributed
)

installed_version() {
  local manifest="$prefix/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || return 0
  node -e 'try { process.stdout.write(String(require(process.argv[1]).version || "")) } catch { }' "$manifest"
}

missing=()
for spec in "${packages[@]}"; do
  name="${spec%@*}"
  want="${spec##*@}"
  have="$(installed_version "$name")"
  if [[ "$have" == "$want" ]]; then
    echo "install-agents: $name@$want already installed"
  else
    echo "install-agents: $name needs $want (installed: ${have:-none})"
    missing+=("$spec")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-agents: all agents up to date in $prefix"
  exit 0
fi

mkdir -p "$prefix"
# Install every pinned package together so the resulting package.json lists all of them.
CI=true npm install --prefix "$prefix" --save-exact --no-audit --no-fund \
  --no-progress --loglevel=warn "${packages[@]}" </dev/null

for spec in "${packages[@]}"; do
  name="${spec%@*}"
  want="${spec##*@}"
  have="$(installed_version "$name")"
  if [[ "$have" != "$want" ]]; then
    echo "install-agents: ERROR: $name is '${have:-missing}' after install, expected $want" >&2
    exit 1
  fi
done
echo "install-agents: installed ${missing[*]} into $prefix"
