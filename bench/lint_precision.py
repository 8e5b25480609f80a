"""Lint precision per rule from a sample of beta-corpus findings judged by reading the pages.

    python bench/lint_precision.py [SAMPLE_JSON]

The sample (bench/lint_precision_sample.json) holds findings drawn with a fixed seed, up to
``per_rule`` per rule, each with a verdict (``true``: a real docs defect) and one line why.
Prints, per rule, the sampled count and precision, then errors and warnings overall.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "lint_precision_sample.json"


def main() -> None:
    """Print the precision table of the judged sample."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    sample = json.loads(path.read_text(encoding="utf-8"))
    by_rule: dict[str, list[bool]] = defaultdict(list)
    by_severity: dict[str, list[bool]] = defaultdict(list)
    for finding in sample["findings"]:
        by_rule[finding["rule"]].append(bool(finding["true"]))
        by_severity[finding["severity"]].append(bool(finding["true"]))
    print(f"{'rule':40} sampled  true  precision")
    for rule, verdicts in sorted(by_rule.items()):
        print(f"{rule:40} {len(verdicts):7} {sum(verdicts):5}  {sum(verdicts) / len(verdicts):.0%}")
    for severity, verdicts in sorted(by_severity.items()):
        share = sum(verdicts) / len(verdicts)
        print(f"{severity + 's overall':40} {len(verdicts):7} {sum(verdicts):5}  {share:.0%}")


if __name__ == "__main__":
    main()
