#!/usr/bin/env bash
# Measures Shepherd against its baselines in one run and prints the table (docs/benchmarks.md keeps the latest):
# idle daemon CPU, recovery after `tmux kill-server`, pass-through of 1 GB (long writes, then text lines), `list`, crash → resume, runner RSS, `start`,
# `shepherd web` (idle CPU; a change reaching 10 open pages).
# Builds what it needs: the NativeAOT binary (artifacts/aot/shepherd, as install.sh ships it) unless a binary is
# given, the fake agent (NativeAOT, artifacts/bench/fake-agent) and the bench program.
#   ./bench.sh                      everything, against artifacts/aot/shepherd (takes about 7 min)
#   ./bench.sh --quick              shorter windows, fewer runs, 200 MB of output (about 3 min)
#   ./bench.sh --only list,crash    some figures: daemon, kill-server, output, lines, list, crash, rss, start, web
#   ./bench.sh --no-build [...]     use what is already built
#   ./bench.sh [...] /path/to/shepherd   another binary (not rebuilt)
#   ./bench.sh [...] --out FILE     also write the table to FILE
# Everything runs in private directories with private tmux sockets, TMUX unset; nothing is left running.
# The table goes to stdout, progress and build output to stderr.
# Exit code: 0 when every selected figure was measured (whether or not it meets its goal), 1 otherwise, 2 bad usage.
set -uo pipefail
here=$PWD
abs() { case "$1" in /*) echo "$1" ;; "") echo "" ;; *) echo "$here/$1" ;; esac; }
cd "$(dirname "$0")"
unset TMUX TMUX_PANE
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

build=1
binary=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --only) args+=("$1" "${2:-}"); shift ;;
    --out | --fake) args+=("$1" "$(abs "${2:-}")"); shift ;;
    -h | --help) args+=("$1") ;;
    -*) args+=("$1") ;;
    *) binary=$(abs "$1"); args+=("$binary") ;;
  esac
  shift
done

step() { echo "bench.sh: $*" >&2; }
if [ "$build" = 1 ]; then
  if [ -z "$binary" ]; then
    step "publishing the NativeAOT binaries (artifacts/aot/shepherd, shepherd-web)"
    dotnet publish src/Shepherd.Cli -c Release -o artifacts/aot -nologo -v quiet >&2 || exit 1
    dotnet publish src/Shepherd.Web -c Release -o artifacts/aot -nologo -v quiet >&2 || exit 1
  fi
  step "publishing the fake agent (artifacts/bench/fake-agent)"
  dotnet publish tests/Shepherd.FakeAgent -c Release -o artifacts/bench/fake-agent -nologo -v quiet >&2 || exit 1
  step "building the bench"
  dotnet build bench/Shepherd.Bench -c Release -nologo -v quiet >&2 || exit 1
fi
exe=artifacts/bin/Shepherd.Bench/release/Shepherd.Bench
[ -x "$exe" ] || { echo "bench.sh: $exe is missing; run without --no-build" >&2; exit 1; }
exec "$exe" "${args[@]}"
