#!/usr/bin/env bash
# The dotnet tool package, as a user gets it: pack it (scripts/pack-tool.sh), install it into a temporary tool path
# from that directory alone (no other package source), run `shepherd --version`, `shepherd list`, `shepherd mcp`
# (an MCP handshake and tools/list) and `shepherd web` (its URL, and 401 without the token) from there. The same for the framework-dependent fallback package (shepherd.any,
# what other platforms get), installed by its own id.
# Writes its result as one xunit-format test into ${1:-test-results}/ToolPackage.xml.
set -uo pipefail
cd "$(dirname "$0")/.."
results="${1:-test-results}"
mkdir -p "$results"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
name="The_dotnet_tool_package_installs_into_a_tool_path_and_runs_shepherd_and_its_mcp_server"
start=$(date +%s)
log="$work/log"
ok=0
# `$1 mcp` answers an MCP client on stdin/stdout: initialize, then tools/list names start_task. Waits for the answer
# (30 s at most), then closes the server's stdin, which ends it.
mcp_lists_its_tools() {
  local reply="" line pid to from
  rm -f "$work/mcp.in" "$work/mcp.out" && mkfifo "$work/mcp.in" "$work/mcp.out" || return 1
  SHEPHERD_HOME="$work/home" timeout 60 "$1" mcp <"$work/mcp.in" >"$work/mcp.out" &
  pid=$!
  exec {to}>"$work/mcp.in" {from}<"$work/mcp.out"
  # In a subshell: a server that died already must not take this script down with SIGPIPE.
  (printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"tool-test","version":"1"}}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' >&"$to")
  while IFS= read -r -t 30 line <&"$from"; do
    if [[ "$line" == *'"id":2'* ]]; then reply="$line"; break; fi
  done
  exec {to}>&-
  wait "$pid"
  exec {from}<&-
  echo "$1 mcp: ${reply:0:200}"
  [[ "$reply" == *'"start_task"'* ]]
}
# `$1 web --port 0` prints its URL first; without the token the server answers 401. The server is ended by its pid.
web_prints_its_url() {
  local url="" pid code
  rm -f "$work/web.out" && mkfifo "$work/web.out" || return 1
  SHEPHERD_HOME="$work/home" timeout 60 "$1" web --port 0 >"$work/web.out" &
  pid=$!
  IFS= read -r -t 30 url <"$work/web.out"
  code=$(curl -s -o /dev/null -w '%{http_code}' "${url%%/\?*}/api/tasks")
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  echo "$1 web: $url -> $code without the token"
  [[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+/\?token=[A-Za-z0-9_-]+$ ]] && [ "$code" = 401 ]
}
{
  scripts/pack-tool.sh "$work/packages" &&
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' \
    "$work/packages" > "$work/nuget.config" &&
  version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' src/Shepherd.Cli/Shepherd.Cli.csproj)" &&
  dotnet tool install shepherd --tool-path "$work/tools" --configfile "$work/nuget.config" --version "$version" &&
  out="$("$work/tools/shepherd" --version)" && echo "$out" &&
  [[ "$out" =~ ^shepherd\ $version\ \(commit\ [0-9a-f]{12}\)$ ]] &&
  SHEPHERD_HOME="$work/home" "$work/tools/shepherd" list | grep -qx 'no tasks' &&
  mcp_lists_its_tools "$work/tools/shepherd" &&
  web_prints_its_url "$work/tools/shepherd" &&
  if [ "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" = linux-x64 ]; then
    # NativeAOT: the installed commands are native binaries, not managed dlls run by dotnet.
    installed="$(dirname "$(readlink -f "$work/tools/shepherd")")" &&
    [ "$(head -c 4 "$work/tools/shepherd" | tail -c 3)" = ELF ] && [ ! -e "$installed/shepherd.dll" ] &&
    [ "$(head -c 4 "$installed/shepherd-mcp" | tail -c 3)" = ELF ] && [ ! -e "$installed/shepherd-mcp.dll" ] &&
    [ "$(head -c 4 "$installed/shepherd-web" | tail -c 3)" = ELF ] && [ ! -e "$installed/shepherd-web.dll" ]
  fi &&
  dotnet tool install shepherd.any --tool-path "$work/any" --configfile "$work/nuget.config" --version "$version" &&
  SHEPHERD_HOME="$work/home" "$work/any/shepherd" list | grep -qx 'no tasks' &&
  mcp_lists_its_tools "$work/any/shepherd" &&
  web_prints_its_url "$work/any/shepherd"
} >"$log" 2>&1 && ok=1
secs=$(( $(date +%s) - start ))
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' "$1" | tr -cd '\11\12\15\40-\176'; }
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo "<assemblies><assembly name=\"ToolPackage\" total=\"1\" passed=\"$ok\" failed=\"$((1 - ok))\" skipped=\"0\"><collection name=\"ToolPackage\">"
  if [ $ok = 1 ]; then
    echo "<test name=\"ToolPackage.$name\" type=\"ToolPackage\" method=\"$name\" time=\"$secs\" result=\"Pass\" />"
  else
    echo "<test name=\"ToolPackage.$name\" type=\"ToolPackage\" method=\"$name\" time=\"$secs\" result=\"Fail\"><failure><message>$(esc "$log")</message></failure></test>"
  fi
  echo "</collection></assembly></assemblies>"
} > "$results/ToolPackage.xml"
echo "ToolPackage: $([ $ok = 1 ] && echo passed || { echo failed; tail -20 "$log"; }) (${secs}s)"
[ $ok = 1 ]
