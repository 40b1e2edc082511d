"""Overlap tables: reading a researcher's CSV, clear errors, and the JSON the CLI renders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from groundswell.errors import EstimationError
from groundswell.methods.overlap_table import estimate_overlap_table, read_overlap_table


def _darroch(shared_data: Path) -> list[int]:
    cases = json.loads((shared_data / "reference" / "capture-recapture-papers.json").read_text())[
        "cases"
    ]
    return next(case for case in cases if case["name"] == "darroch1993_c1c2_c2c3")["counts"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overlap.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_table_in_any_row_order_and_fits(shared_data: Path, tmp_path: Path) -> None:
    counts = _darroch(shared_data)
    patterns = ["111", "110", "101", "100", "011", "010", "001"]
    rows = [f"{p[0]},{p[1]},{p[2]},{c}" for p, c in zip(patterns, counts, strict=True)][::-1]
    path = _write(
        tmp_path,
        "count_is_last_here,x,y,count\n".replace("count_is_last_here", "w")
        + "\n".join(rows)
        + "\n",
    )
    table = read_overlap_table(path)
    assert table.names == ("w", "x", "y")
    assert list(table.counts) == counts
    result = estimate_overlap_table(path, specs=["w:x+x:y"])
    document = json.loads(json.dumps(result.to_json_dict()))
    model = document["models"][0]
    assert set(model) >= {"terms", "N", "se", "ci", "deviance", "df", "aic"}
    assert model["terms"] == ["w:x", "x:y"]
    assert round(model["N"]) == 850 and round(model["se"]) == 186  # Darroch 1993 via METHODS.md


def test_default_models_and_warnings(shared_data: Path, tmp_path: Path) -> None:
    counts = _darroch(shared_data)
    patterns = ["111", "110", "101", "100", "011", "010", "001"]
    body = "\n".join(f"{','.join(p)},{c}" for p, c in zip(patterns, counts, strict=True))
    result = estimate_overlap_table(_write(tmp_path, "a,b,c,count\n" + body + "\n"))
    document = result.to_json_dict()
    assert len(document["models"]) == 5
    assert document["assumption_warnings"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b,c\n1,0,0\n", "line 1: no 'count' column"),
        ("a,count\n1,5\n", "at least 2 list columns"),
        ("a,b,count\n1,0,5\n1,2,3\n", "line 3, column 'b'"),
        ("a,b,count\n1,0,5\n0,1,x\n", "line 3, column 'count'"),
        ("a,b,count\n1,0,5\n1,0,3\n", "already given on line 2"),
        ("a,b,count\n0,0,5\n1,1,3\n", "all-zero pattern"),
        ("a,b,count\n1,0\n", "line 2: 2 fields"),
        ("", "empty"),
    ],
)
def test_errors_name_file_line_and_fix(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(EstimationError, match=message) as info:
        read_overlap_table(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EstimationError, match="check the path"):
        read_overlap_table(tmp_path / "nope.csv")
