#!/usr/bin/env bash
# Installs Shepherd: tmux (apt-get, when missing and run as root), then the NativeAOT `shepherd` binary, the
# MCP server `shepherd-mcp` that `shepherd mcp` runs, the dashboard `shepherd-web` that `shepherd web` runs, and the
# demo's fake agent into $PREFIX/lib/shepherd;
# only `shepherd` is linked from $PREFIX/bin. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
PREFIX="${PREFIX:-$HOME/.local}"

say() { printf 'install: %s\n' "$*"; }

if ! command -v tmux >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing tmux with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
  else
    say "tmux is missing: install it first (Debian/Ubuntu: sudo apt-get install tmux; macOS: brew install tmux)"
    exit 1
  fi
fi
if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET 10 SDK (dotnet) is needed to build Shepherd: https://dot.net"
  exit 1
fi

lib="$PREFIX/lib/shepherd"
mkdir -p "$lib" "$PREFIX/bin"
say "building shepherd, shepherd-mcp and shepherd-web (NativeAOT) into $lib"
dotnet publish src/Shepherd.Cli -c Release -o "$lib" -nologo -v quiet
dotnet publish src/Shepherd.McpServer -c Release -o "$lib" -nologo -v quiet
dotnet publish src/Shepherd.Web -c Release -o "$lib" -nologo -v quiet
dotnet publish tests/Shepherd.FakeAgent -c Release -o "$lib" -nologo -v quiet
rm -f "$lib"/*.dbg "$lib"/*.pdb
ln -sfn "$lib/shepherd" "$PREFIX/bin/shepherd"
say "installed $PREFIX/bin/shepherd ($("$PREFIX/bin/shepherd" --version 2>/dev/null || echo '?'))"

case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *)
    if [ -w /usr/local/bin ] && case ":$PATH:" in *":/usr/local/bin:"*) true ;; *) false ;; esac; then
      ln -sfn "$lib/shepherd" /usr/local/bin/shepherd
      say "$PREFIX/bin is not on PATH; also linked /usr/local/bin/shepherd"
    else
      say "$PREFIX/bin is not on your PATH: add  export PATH=\"$PREFIX/bin:\$PATH\"  to your shell profile"
    fi
    ;;
esac
say "done. Try: shepherd demo"
