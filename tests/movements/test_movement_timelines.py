"""Matching scraper-damaged text ("# metoo") over the real 2017 timelines file; report, not judged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from groundswell.movements import MatchRule, PostFields, load_movement, match_post

REPO = Path(__file__).resolve().parents[2]


def test_split_hashtag_matching_report(shared_data: Path) -> None:
    path = shared_data / "text/metoo-2017-timelines-unlabeled.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) == {"user", "tweet"}
    metoo = load_movement("metoo")
    matched: list[dict[str, str]] = []
    unmatched: list[dict[str, str]] = []
    for number, row in enumerate(rows, start=1):
        post = PostFields(id=str(number), text=row["tweet"], author=row["user"])
        found = match_post(metoo, post, split_hashtags=True)
        if found is None:
            unmatched.append({"line": str(number), "text": row["tweet"]})
        else:
            assert found.movement == "metoo" and found.rule in set(MatchRule) and found.detail
            matched.append(
                {
                    "line": str(number),
                    "rule": found.rule,
                    "detail": found.detail,
                    "text": row["tweet"],
                }
            )
    without_flag = sum(
        match_post(metoo, PostFields(id="x", text=r["tweet"])) is not None for r in rows
    )
    share = len(matched) / len(rows)
    print(
        f"\ntimelines: {len(rows)} texts, {len(matched)} matched ({share:.1%}); without the split flag {without_flag}"
    )
    rules: dict[str, int] = {}
    for m in matched:
        rules[m["rule"]] = rules.get(m["rule"], 0) + 1
    print(f"by rule: {rules}")
    assert len(matched) >= without_flag  # the flag only adds matches
    out = REPO / "test-artifacts" / "movements"
    out.mkdir(parents=True, exist_ok=True)
    step_m, step_u = max(1, len(matched) // 50), max(1, len(unmatched) // 50)
    report = {
        "file": str(path),
        "texts": len(rows),
        "matched": len(matched),
        "matched_without_split_flag": without_flag,
        "by_rule": rules,
        "sample_matches": matched[::step_m][:50],
        "sample_non_matches": unmatched[::step_u][:50],
    }
    (out / "timelines-matching.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
