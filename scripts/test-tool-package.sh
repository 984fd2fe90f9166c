#!/usr/bin/env bash
# The dotnet tool package, as a user gets it: pack it (scripts/pack-tool.sh), install it into a temporary tool path
# from that directory alone (no other package source), run `shepherd --version` and `shepherd list` from there.
# Writes its result as one xunit-format test into ${1:-test-results}/ToolPackage.xml.
set -uo pipefail
cd "$(dirname "$0")/.."
results="${1:-test-results}"
mkdir -p "$results"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
name="The_dotnet_tool_package_installs_into_a_tool_path_and_runs_shepherd"
start=$(date +%s)
log="$work/log"
ok=0
{
  scripts/pack-tool.sh "$work/packages" &&
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' \
    "$work/packages" > "$work/nuget.config" &&
  version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' src/Shepherd.Cli/Shepherd.Cli.csproj)" &&
  dotnet tool install shepherd --tool-path "$work/tools" --configfile "$work/nuget.config" --version "$version" &&
  out="$("$work/tools/shepherd" --version)" && echo "$out" &&
  [[ "$out" =~ ^shepherd\ $version\ \(commit\ [0-9a-f]{12}\)$ ]] &&
  SHEPHERD_HOME="$work/home" "$work/tools/shepherd" list | grep -qx 'no tasks' &&
  if [ "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" = linux-x64 ]; then
    # NativeAOT: the installed command is the native binary itself, not a managed dll run by dotnet.
    [ "$(head -c 4 "$work/tools/shepherd" | tail -c 3)" = ELF ] && [ ! -e "$(dirname "$(readlink -f "$work/tools/shepherd")")/shepherd.dll" ]
  fi
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
