#!/usr/bin/env bash
# Runs every test: unit, integration (real tmux on private sockets, real processes, real SQLite) and the
# end-to-end suite with the real agent CLIs (installed into .agents/ when missing) against the project's
# fake model server. Writes test-results/*.xml and prints "N passed, N failed, N skipped".
# Tests marked [Trait("Category","KnownBug")] (failing tests of reported bugs) are left out; run them with
#   artifacts/bin/Shepherd.Chaos/debug/Shepherd.Chaos -trait Category=KnownBug (and the same for Shepherd.Tests)
# ./test.sh --chaos [MINUTES] runs the long chaos profile instead: random seeds of the fault-injection harness for
# MINUTES (default 30), each seed a pass or a fail in the counts line (a failing seed prints how to replay it).
set -uo pipefail
chaos_minutes=""
if [ "${1:-}" = "--chaos" ]; then chaos_minutes="${2:-30}"; export SHEPHERD_SKIP_AGENTS=1; fi
cd "$(dirname "$0")"
unset TMUX TMUX_PANE
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -x scripts/install-agents.sh ] && [ "${SHEPHERD_SKIP_AGENTS:-}" != 1 ]; then
  scripts/install-agents.sh || echo "test.sh: could not install the agent CLIs; their end-to-end tests will fail"
fi
if [ -x scripts/install-openclaw.sh ] && [ "${SHEPHERD_SKIP_AGENTS:-}" != 1 ]; then
  scripts/install-openclaw.sh || echo "test.sh: could not install OpenClaw; its notifier tests will fail"
fi

dotnet build Shepherd.slnx -nologo -v quiet || exit 1
# The integration tests drive the NativeAOT binaries that install.sh ships (set SHEPHERD_TEST_BIN to test another
# shepherd; `shepherd mcp` and `shepherd web` run the shepherd-mcp and shepherd-web in its directory).
if [ -z "${SHEPHERD_TEST_BIN:-}" ]; then
  dotnet publish src/Shepherd.Cli -c Release -o artifacts/aot -nologo -v quiet || exit 1
  dotnet publish src/Shepherd.McpServer -c Release -o artifacts/aot -nologo -v quiet || exit 1
  dotnet publish src/Shepherd.Web -c Release -o artifacts/aot -nologo -v quiet || exit 1
  export SHEPHERD_TEST_BIN="$PWD/artifacts/aot/shepherd"
fi
if [ -n "$chaos_minutes" ]; then
  exec artifacts/bin/Shepherd.Chaos/debug/Shepherd.Chaos run --profile long --minutes "$chaos_minutes"
fi
rm -rf test-results && mkdir -p test-results
status=0
for project in tests/*/; do
  name=$(basename "$project")
  exe="artifacts/bin/$name/debug/$name"
  [ -f "$project/$name.csproj" ] && grep -q 'xunit.v3' "$project/$name.csproj" || continue
  echo "== $name"
  "$exe" -result-xml "$PWD/test-results/$name.xml" -trait- "Category=KnownBug" || status=1
done
echo "== dotnet tool package"
scripts/test-tool-package.sh test-results || status=1
scripts/count-results.sh test-results
exit $status
