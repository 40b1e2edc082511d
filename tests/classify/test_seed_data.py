"""The shipped seed training set: enough texts per category and language, no duplicates, no shared texts."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources
from pathlib import Path

from groundswell.classify import CATEGORIES, load_seed_labels, text_sha256
from tests.classify.eval_set import load_eval_set


def _langs() -> list[tuple[str, str]]:
    ref = resources.files("groundswell.classify").joinpath("data", "seed_labels.csv")
    with resources.as_file(ref) as path, path.open(newline="", encoding="utf-8") as f:
        return [(row["label"], row["lang"]) for row in csv.DictReader(f)]


def test_at_least_150_texts_per_category_in_english_spanish_and_french() -> None:
    rows = load_seed_labels()
    counts = Counter(r.label for r in rows)
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 150, counts
    per_lang = Counter(_langs())
    for label in CATEGORIES:
        for lang in ("en", "es", "fr"):
            assert per_lang[(label, lang)] >= 25, (label, lang, per_lang[(label, lang)])


def test_no_duplicate_texts() -> None:
    texts = [r.text for r in load_seed_labels()]
    assert len(texts) == len(set(texts))


def test_no_seed_text_is_a_shared_evaluation_text(shared_data: Path) -> None:
    """The seed texts were written for groundswell: none may be copied from the evaluation data.

    Only the bare tag itself (`#metoo`, `# metoo`, `me too #metoo`) occurs in both, as it must.
    """
    seed = {text_sha256(r.text.strip().lower()) for r in load_seed_labels()}
    shared = {text_sha256(p.text.strip().lower()) for p in load_eval_set(shared_data)}
    bare = {text_sha256(t) for t in ("#metoo", "# metoo", "me too #metoo")}
    assert seed & shared <= bare
