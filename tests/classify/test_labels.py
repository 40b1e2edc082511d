"""Label CSVs: round trip, and errors that name the file, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from groundswell.classify import CATEGORIES, LabelledText, read_labels, write_labels
from groundswell.errors import InputError


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    rows = [
        LabelledText("Hello, world\nsecond line", "unrelated", id="1", platform="twitter"),
        LabelledText("#MeToo", "disclosure", id="2", platform=None),
    ]
    path = tmp_path / "labels.csv"
    write_labels(path, rows)
    back = read_labels(path, CATEGORIES)
    assert [(r.text, r.label, r.id, r.platform) for r in back] == [
        (r.text, r.label, r.id, r.platform) for r in rows
    ]
    assert back[0].line == 3  # the quoted line break is inside record 1


def test_only_text_and_label_are_required(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("label,text,extra\nnews,Hearing today,x\n\n")
    rows = read_labels(path)
    assert rows == [LabelledText("Hearing today", "news", line=2)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("text,category\na,b\n", r"line 1: missing column\(s\) label"),
        ("text,label\nsome post,\n", "line 2: empty label"),
        ("text,label\nsome post,support\nother,suport\n", "line 3: unknown label 'suport'"),
        ("text,label\n", "no labelled rows"),
        ("text,label,id\nonly two,news\n", "line 2: 2 fields"),
    ],
)
def test_errors_name_file_line_and_fix(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_labels(path, CATEGORIES)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open labels file"):
        read_labels(tmp_path / "nope.csv")
