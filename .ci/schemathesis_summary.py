"""How far the fuzzer got: the operations it called and those that answered at least one 2xx.

Usage: schemathesis_summary.py REPORT_DIR (the NDJSON reports of every pass under it).
"""

import collections
import json
import pathlib
import sys

statuses = collections.defaultdict(collections.Counter)
for report in pathlib.Path(sys.argv[1]).glob("*/*.ndjson"):
    for line in report.open(encoding="utf-8"):
        if '"ScenarioFinished"' not in line:
            continue
        recorder = json.loads(line)["ScenarioFinished"]["recorder"]
        for interaction in (recorder.get("interactions") or {}).values():
            if interaction.get("response"):
                statuses[recorder["label"]][interaction["response"]["status_code"]] += 1
reached = {label for label, seen in statuses.items() if any(200 <= s < 300 for s in seen)}
print(f"schemathesis: {len(statuses)} operations called, {len(reached)} answered a 2xx")
for label in sorted(set(statuses) - reached):
    common = ", ".join(f"{status}: {n}" for status, n in statuses[label].most_common(3))
    print(f"  never 2xx: {label} ({common})")
