"""The hand-labelled evaluation set: labels live in the repo, texts are read from ../shared/data by row key.

`eval_labels.csv` has columns source_file (relative to shared/data), row_key, text_sha256, label.
Row keys: for the two CSV files, the 1-based record number after the header (as `csv` reads
records, so quoted line breaks do not shift it); for the JSONL stream, the 1-based line number
(not the status id: ids of real posts stay out of the repository).
The third-party texts are "testing only": they are never copied into the repository.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

LABELS_CSV = Path(__file__).with_name("eval_labels.csv")

TIMELINES = "text/metoo-2017-timelines-unlabeled.csv"
SEMICOLON = "csv/metoo-2019-03-semicolon.csv"
STREAM = "platforms/twitter-v1/metoo-stream-2017-10-20.jsonl"


@dataclass(frozen=True)
class EvalPost:
    """One labelled real post."""

    source_file: str
    row_key: str
    text: str
    label: str


def sha256(text: str) -> str:
    """The hex SHA-256 of the text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_texts(shared_data: Path, source_file: str) -> dict[str, str]:
    """Every text of one shared file, keyed by row key."""
    path = shared_data / source_file
    if source_file == TIMELINES:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            return {str(i): row[1] for i, row in enumerate(reader, 1)}
    if source_file == SEMICOLON:
        with path.open(newline="", encoding="utf-8") as f:
            rows = csv.DictReader(f, delimiter=";")
            return {str(i): row["tweet_full"] for i, row in enumerate(rows, 1)}
    if source_file == STREAM:
        out = {}
        with path.open(encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                status = json.loads(line)
                extended = status.get("extended_tweet") or {}
                out[str(number)] = (
                    extended.get("full_text") or status.get("full_text") or status["text"]
                )
        return out
    raise ValueError(f"unknown source file {source_file!r} in {LABELS_CSV}")


def read_label_refs(path: Path = LABELS_CSV) -> list[dict[str, str]]:
    """The label rows (no texts)."""
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_eval_set(shared_data: Path, path: Path = LABELS_CSV) -> list[EvalPost]:
    """Join the labels to their texts; raise if a text is missing or its hash changed."""
    refs = read_label_refs(path)
    texts: dict[str, dict[str, str]] = {}
    posts = []
    for n, ref in enumerate(refs, 2):
        source = ref["source_file"]
        if source not in texts:
            texts[source] = source_texts(shared_data, source)
        text = texts[source].get(ref["row_key"])
        if text is None:
            raise LookupError(f"{path}, line {n}: no row {ref['row_key']} in {source}")
        if sha256(text) != ref["text_sha256"]:
            raise LookupError(
                f"{path}, line {n}: the text of {source} row {ref['row_key']} changed (hash differs)"
            )
        posts.append(EvalPost(source, ref["row_key"], text, ref["label"]))
    return posts
