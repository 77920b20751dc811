#!/usr/bin/env python3
"""Score `disclosure-worker parse` against the corpus annotations (field precision and recall).

Usage: scripts/score_corpus.py [BINARY] [--corpus DIR] [--misses] [--only PATTERN] [--finance] [--pdf]

For every annotated document of the corpus (seed, real, synthetic; whole/ reported separately) it runs
`BINARY parse FILE`, reads the record and compares it with the annotation's flat `expected` map:

- paths are dotted; `a[key]` picks the array element whose name/label/title is `key` (`duties[i]` by index);
- money, percentages and other numeric strings compare as exact decimals (`"0.00" == 0`);
- an explicit `null` means the record must say null; a missing key is not scored.

Precision = correct emitted values / emitted (non-null) values on scored paths.
Recall    = correct emitted values / expected non-null values.
"Money" paths are the finance blocks (income, expenditure, appropriation, governmentFund, carryover,
threePublic, operatingFunds, procurement, performance).
"""

import argparse
import json
import os
import re
import subprocess
import sys
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MONEY_PREFIXES = (
    "income.",
    "expenditure.",
    "appropriation.",
    "governmentFund.",
    "carryover.",
    "threePublic.",
    "operatingFunds.",
    "procurement.",
    "performance.",
)
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
SEGMENT = re.compile(r"([^.\[]+)|\[([^\]]*)\]")


def documents(corpus, pdf=False):
    """Yields (group, name, document path, annotation path); with `pdf`, a whole document's PDF where it has one."""
    for group in ("seed", "real", "synthetic", "whole"):
        folder = os.path.join(corpus, group)
        if not os.path.isdir(folder):
            continue
        for entry in sorted(os.listdir(folder)):
            if not entry.endswith(".json"):
                continue
            stem = entry[: -len(".json")]
            for ext in ((".pdf",) if pdf and group == "whole" else ()) + (".txt", ".html", ".htm"):
                candidate = os.path.join(folder, stem + ext)
                if os.path.exists(candidate):
                    yield group, f"{group}/{stem}{ext}", candidate, os.path.join(folder, entry)
                    break


def split_path(path):
    """`a.b[key].c` → ['a', 'b', ('key',), 'c'] (bracket segments as 1-tuples)."""
    parts = []
    for name, key in SEGMENT.findall(path):
        parts.append(name if name else (key,))
    return parts


def resolve(record, path):
    """The value at a path, or None where any step is missing."""
    node = record
    for part in split_path(path):
        if isinstance(part, tuple):
            key = part[0]
            if not isinstance(node, list):
                return None
            found = None
            if re.fullmatch(r"\d+", key) and (not node or not isinstance(node[0], dict)):
                index = int(key)
                found = node[index] if index < len(node) else None
            else:
                for element in node:
                    if isinstance(element, dict) and key in (
                        element.get("name"),
                        element.get("label"),
                        element.get("title"),
                    ):
                        found = element
                        break
            node = found
        else:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        if node is None:
            return None
    return node


def as_decimal(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str) and NUMBER.match(value):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def equal(expected, actual):
    left, right = as_decimal(expected), as_decimal(actual)
    if left is not None and right is not None:
        return left == right
    return expected == actual


class Tally:
    def __init__(self):
        self.correct = 0
        self.emitted = 0
        self.expected = 0

    def add(self, other):
        self.correct += other.correct
        self.emitted += other.emitted
        self.expected += other.expected

    def precision(self):
        return self.correct / self.emitted if self.emitted else 1.0

    def recall(self):
        return self.correct / self.expected if self.expected else 1.0

    def line(self):
        return (
            f"P {self.precision():.4f} ({self.correct}/{self.emitted})  "
            f"R {self.recall():.4f} ({self.correct}/{self.expected})"
        )


def score(record, expected, finance_only):
    """Returns (all tally, money tally, misses)."""
    overall, money = Tally(), Tally()
    misses = []
    for path, want in expected.items():
        is_money = path.startswith(MONEY_PREFIXES)
        if finance_only and not is_money:
            continue
        got = resolve(record, path)
        tallies = [overall] + ([money] if is_money else [])
        for tally in tallies:
            if want is not None:
                tally.expected += 1
            if got is not None:
                tally.emitted += 1
            if want is not None and got is not None and equal(want, got):
                tally.correct += 1
        if want is None and got is not None:
            misses.append(("invented", path, want, got))
        elif want is not None and got is None:
            misses.append(("missing", path, want, got))
        elif want is not None and not equal(want, got):
            misses.append(("wrong", path, want, got))
    return overall, money, misses


def run(binary, document):
    result = subprocess.run([binary, "parse", document], capture_output=True)
    if result.returncode != 0 or not result.stdout.strip():
        return None, result.stderr.decode("utf-8", "replace").strip()
    line = result.stdout.decode("utf-8").splitlines()[0]
    return json.loads(line, parse_float=Decimal)["record"], None


def short(value):
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, Decimal) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", default=os.path.join(ROOT, ".build/debug/disclosure-worker"))
    parser.add_argument("--corpus", default=os.path.join(ROOT, "../shared/corpus"))
    parser.add_argument("--misses", action="store_true", help="print each wrong, missing or invented path")
    parser.add_argument("--only", help="score only documents whose name contains this")
    parser.add_argument("--finance", action="store_true", help="score only money paths")
    parser.add_argument("--quiet", action="store_true", help="no per-document lines")
    parser.add_argument("--pdf", action="store_true", help="score whole/ documents from their PDF where present")
    args = parser.parse_args()

    if not os.path.isdir(args.corpus):
        print(f"corpus not found: {args.corpus}")
        return 0
    totals = {"dev": (Tally(), Tally()), "whole": (Tally(), Tally())}
    failures = 0
    for group, name, document, annotation in documents(args.corpus, args.pdf):
        if args.only and args.only not in name:
            continue
        expected = json.load(open(annotation, encoding="utf-8")).get("expected", {})
        record, error = run(args.binary, document)
        if record is None:
            failures += 1
            print(f"{name}: FAILED: {error}")
            record = {}
        overall, money, misses = score(record, expected, args.finance)
        bucket = totals["whole" if group == "whole" else "dev"]
        bucket[0].add(overall)
        bucket[1].add(money)
        if not args.quiet or (args.misses and misses):
            print(f"{name:60s} all {overall.line()}   money {money.line()}")
        if args.misses:
            for kind, path, want, got in misses:
                print(f"    {kind:8s} {path}: expected {short(want)}, got {short(got)}")
    print()
    for label, key in (("seed+real+synthetic", "dev"), ("whole", "whole")):
        overall, money = totals[key]
        print(f"{label:20s} all   {overall.line()}")
        print(f"{label:20s} money {money.line()}")
    if failures:
        print(f"{failures} document(s) failed to parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
