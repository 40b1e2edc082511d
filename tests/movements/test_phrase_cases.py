"""Phrase matching on 200+ short texts written for this test: casual vs movement "me too"."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from groundswell.movements import MatchRule, PostFields, load_movement, match_post

CASES = Path(__file__).with_name("phrase_cases.csv")
CALL = "919659438700670976"  # the call to action of the metoo preset (Alyssa Milano)


def _post(text: str, context: str) -> PostFields:
    return PostFields(
        id="case",
        kind={"reply-to-call": "reply", "quote-of-call": "quote"}.get(context, "original"),
        text=text,
        reply_to_id=CALL if context == "reply-to-call" else None,
        quoted_id=CALL if context == "quote-of-call" else None,
    )


def test_phrase_precision_and_recall() -> None:
    metoo = load_movement("metoo")
    with CASES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 200
    outcome: Counter[str] = Counter()
    wrong: list[str] = []
    for row in rows:
        expected = row["expected"] == "true"
        found = match_post(metoo, _post(row["text"], row["context"]))
        assert found is None or found.rule is MatchRule.PHRASE
        got = found is not None
        outcome[("t" if got == expected else "f") + ("p" if got else "n")] += 1
        if got != expected:
            wrong.append(f"  {row['category']:>22} expected={expected}: {row['text']}")
    precision = outcome["tp"] / (outcome["tp"] + outcome["fp"])
    recall = outcome["tp"] / (outcome["tp"] + outcome["fn"])
    print(
        f"\nphrase cases: {len(rows)}  precision={precision:.3f}  recall={recall:.3f}  {dict(outcome)}"
    )
    print("\n".join(wrong))
    assert precision >= 0.95
    assert recall >= 0.8


def test_casual_agreement_never_matches() -> None:
    metoo = load_movement("metoo")
    with CASES.open(encoding="utf-8", newline="") as handle:
        casual = [r for r in csv.DictReader(handle) if r["category"].startswith("casual")]
    assert len(casual) >= 60
    assert [r["text"] for r in casual if match_post(metoo, _post(r["text"], r["context"]))] == []
