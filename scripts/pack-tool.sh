#!/usr/bin/env bash
# Packs shepherd as a dotnet tool into ${1:-artifacts/tool}: the pointer package (dotnet pack), the NativeAOT package
# for this machine's RID, and the framework-dependent fallback ("any") for every other platform.
# Install:  dotnet tool install -g shepherd --add-source <dir>
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/tool}"
mkdir -p "$out"
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)"
dotnet pack src/Shepherd.Cli -c Release -o "$out" -nologo -v quiet
if [ "$rid" = linux-x64 ]; then
  dotnet pack src/Shepherd.Cli -c Release -r "$rid" -o "$out" -nologo -v quiet
fi
dotnet pack src/Shepherd.Cli -c Release -r any -p:PublishAot=false -o "$out" -nologo -v quiet
ls "$out"/*.nupkg
