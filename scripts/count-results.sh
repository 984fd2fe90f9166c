#!/usr/bin/env bash
# Prints "N passed, N failed, N skipped" from xunit v2-format XML results (the test runners do not).
set -euo pipefail
dir="${1:-test-results}"
python3 - "$dir" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.xml")
for f in files:
    for t in ET.parse(f).getroot().iter("test"):
        r = t.get("result")
        if r == "Pass": passed += 1
        elif r == "Skip": skipped += 1
        else: failed += 1
if not files: failed = 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
