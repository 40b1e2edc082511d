"""Training a post classifier from labels (recording its cross-validated errors) and scoring it honestly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundswell.classify import (
    Classifier,
    Evaluation,
    LabelledText,
    cross_validate,
    evaluate,
    load_seed_labels,
    read_labels,
    text_sha256,
    train,
)
from groundswell.errors import InputError

__all__ = [
    "LabelScores",
    "load_classifier",
    "score_on_labels",
    "train_from_labels",
    "training_hashes",
]

_HASH_CHARS = 16
MIN_CV = 10
"""Fewer labelled posts than this are not cross-validated."""


def load_classifier(path: Path | None) -> tuple[Classifier, str]:
    """The model in `path` (or the shipped baseline) and the name to record it under."""
    if path is None:
        return Classifier.load_default(), "baseline"
    return Classifier.load(path), path.stem


def training_hashes(classifier: Classifier) -> set[str]:
    """Short SHA-256s of the texts a model was trained on (the seed texts for the baseline)."""
    recorded = classifier.meta.get("training_sha256")
    if isinstance(recorded, list):
        return {str(h) for h in recorded}
    if str(classifier.meta.get("data", "")).endswith("seed_labels.csv"):
        return {text_sha256(r.text)[:_HASH_CHARS] for r in load_seed_labels()}
    return set()


def _folds(labels: Sequence[str], wanted: int) -> int:
    return max(2, min(wanted, len(labels)))


def train_from_labels(
    labels: Sequence[LabelledText],
    *,
    with_seed: bool = True,
    seed: int = 0,
    folds: int = 5,
) -> Classifier:
    """Train on `labels` (plus the shipped seed texts) and record in `meta` its k-fold CV errors.

    The cross-validation repeats the same training with each fold of `labels` held out (the seed
    texts always in training) and scores only the held-out labelled posts: `meta["cross_validation"]`
    is what `category_shares` falls back on when no labels the model never saw are available.
    """
    texts, names = [r.text for r in labels], [r.label for r in labels]
    extra = load_seed_labels() if with_seed else []
    extra_texts, extra_labels = [r.text for r in extra], [r.label for r in extra]
    model = train([*texts, *extra_texts], [*names, *extra_labels], seed)
    model.meta["data"] = "labels" + (" + groundswell seed texts" if with_seed else "")
    model.meta["training_sha256"] = sorted(
        {text_sha256(t)[:_HASH_CHARS] for t in [*texts, *extra_texts]}
    )
    if len(texts) >= MIN_CV and len(set(names)) >= 2:
        cv = cross_validate(
            texts,
            names,
            _folds(names, folds),
            seed,
            extra_texts=extra_texts,
            extra_labels=extra_labels,
        )
        model.meta["cross_validation"] = cv.to_json_dict()
    return model


@dataclass(frozen=True)
class LabelScores:
    """How a model does on labelled posts it was not trained on, and k-fold CV of training on them."""

    holdout: Evaluation | None
    cross_validation: Evaluation | None
    used: int
    excluded_trained_on: int

    def to_json_dict(self, model: str) -> dict[str, Any]:
        """The holdout scores at top level (per_class, macro_f1, confusion), CV beside them."""
        out: dict[str, Any] = {"model": model}
        out.update(
            self.holdout.to_json_dict() if self.holdout else {"per_class": {}, "macro_f1": None}
        )
        out["excluded_trained_on"] = self.excluded_trained_on
        out["cross_validation"] = (
            self.cross_validation.to_json_dict() if self.cross_validation else None
        )
        return out


def score_on_labels(
    classifier: Classifier,
    labels: Sequence[LabelledText] | Path,
    *,
    cv: bool = True,
    folds: int = 5,
    seed: int = 0,
) -> LabelScores:
    """Score `classifier` on labels it was not trained on (it is never trained on them here).

    Labelled texts the model was trained on are left out of the holdout score and counted.
    With `cv`, also cross-validate training a new model on the labels alone.
    """
    rows = read_labels(labels) if isinstance(labels, Path) else list(labels)
    if not rows:
        raise InputError("no labelled posts; label some with `groundswell label` first")
    seen = training_hashes(classifier)
    fresh = [r for r in rows if text_sha256(r.text)[:_HASH_CHARS] not in seen]
    holdout = (
        evaluate(classifier, [r.text for r in fresh], [r.label for r in fresh], seed=seed)
        if fresh
        else None
    )
    crossed = None
    if cv and len(rows) >= MIN_CV and len({r.label for r in rows}) >= 2:
        names = [r.label for r in rows]
        crossed = cross_validate([r.text for r in rows], names, _folds(names, folds), seed)
    return LabelScores(holdout, crossed, len(fresh), len(rows) - len(fresh))
