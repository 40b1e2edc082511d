"""Where a model's misclassification matrix comes from: held-out labels, its own CV, or the seed-set CV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from groundswell.categorize.models import training_hashes
from groundswell.classify import CATEGORIES, Classifier, text_sha256
from groundswell.errors import EstimationError

__all__ = [
    "Labelled",
    "Misclassification",
    "SEED_CV_CONFUSION",
    "measure_misclassification",
]

SEED_CV_CONFUSION: tuple[tuple[int, ...], ...] = (
    (161, 7, 1, 5, 5),
    (10, 120, 8, 23, 4),
    (1, 4, 139, 8, 0),
    (10, 14, 0, 130, 2),
    (6, 1, 10, 4, 132),
)
"""5-fold CV (seed 0) of the shipped baseline's training on its 805 seed texts, rows true, columns
predicted, in `CATEGORIES` order; `tests/categorize/test_misclassification.py` recomputes it."""


@dataclass(frozen=True)
class Labelled:
    """One labelled text and how it was picked (`random`, `uncertain` or None)."""

    text: str
    label: str
    chosen_by: str | None = None


@dataclass(frozen=True)
class Misclassification:
    """Counts of labelled posts by true class (rows) and predicted class (columns), and their source.

    `weak` marks a matrix not measured on real posts of this collection (the seed-set fallback).
    """

    classes: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]
    source: str
    weak: bool = False
    notes: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """How many labelled posts the matrix counts."""
        return int(sum(map(sum, self.confusion)))

    def counts(self) -> npt.NDArray[np.float64]:
        """`C[i, j]` = labelled posts predicted i whose true class is j (as `methods.shares` wants)."""
        return np.asarray(self.confusion, dtype=np.float64).T

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON: classes, confusion (rows true, columns predicted), n, source, weak, notes."""
        return {
            "classes": list(self.classes),
            "confusion": [list(r) for r in self.confusion],
            "rows": "true category",
            "columns": "predicted category",
            "n": self.n,
            "source": self.source,
            "weak_assumption": self.weak,
            "notes": list(self.notes),
        }


def _from_pairs(
    classes: Sequence[str], truth: Sequence[str], guess: Sequence[str]
) -> list[list[int]]:
    index = {c: i for i, c in enumerate(classes)}
    conf = [[0] * len(classes) for _ in classes]
    for t, g in zip(truth, guess, strict=True):
        conf[index[t]][index[g]] += 1
    return conf


def _complete(conf: Sequence[Sequence[int]]) -> bool:
    return all(sum(row) > 0 for row in conf)


def _from_labels(
    classifier: Classifier, labelled: Sequence[Labelled], source: str
) -> Misclassification | None:
    classes = classifier.classes
    seen = training_hashes(classifier)
    usable = [r for r in labelled if r.label in classes]
    fresh = [r for r in usable if text_sha256(r.text)[:16] not in seen]
    notes = []
    if len(usable) < len(labelled):
        notes.append(f"{len(labelled) - len(usable)} labels outside the model's classes left out")
    if len(fresh) < len(usable):
        notes.append(f"{len(usable) - len(fresh)} labelled posts the model was trained on left out")
    randoms = [r for r in fresh if r.chosen_by == "random"]
    for pool, how in ((randoms, "chosen at random"), (fresh, "all")):
        if not pool:
            continue
        conf = _from_pairs(
            classes, [r.label for r in pool], classifier.predict([r.text for r in pool])
        )
        if _complete(conf):
            if how == "all" and any(r.chosen_by == "uncertain" for r in pool):
                notes.append(
                    "some labelled posts were picked because the model was unsure of them, "
                    "so the matrix may overstate its errors; label more at random (--random-share)"
                )
            return Misclassification(
                classes,
                tuple(map(tuple, conf)),
                f"{source} ({how}, not trained on)",
                False,
                tuple(notes),
            )
    return None


def _from_meta(classifier: Classifier) -> Misclassification | None:
    cv = classifier.meta.get("cross_validation")
    if not isinstance(cv, dict) or tuple(cv.get("classes", ())) != classifier.classes:
        return None
    conf = [[int(v) for v in row] for row in cv["confusion"]]
    if not _complete(conf):
        return None
    return Misclassification(
        classifier.classes,
        tuple(map(tuple, conf)),
        f"{cv.get('method', 'cross-validation')} of the model's training labels",
        False,
        ("cross-validated errors of the training procedure, recorded by `classify train`",),
    )


def measure_misclassification(
    classifier: Classifier, labelled: Sequence[Labelled], source: str
) -> Misclassification:
    """The best available matrix: labels the model never saw, else its training CV, else the seed CV.

    The seed-set fallback (only for the shipped baseline) is a weaker assumption: the seed texts
    were written for groundswell, and real posts are usually harder, so it likely understates errors.
    """
    found = _from_labels(classifier, labelled, source) or _from_meta(classifier)
    if found is not None:
        return found
    if classifier.classes == CATEGORIES and str(classifier.meta.get("data", "")).endswith(
        "seed_labels.csv"
    ):
        return Misclassification(
            CATEGORIES,
            SEED_CV_CONFUSION,
            "5-fold cross-validation of the shipped baseline on its seed texts",
            True,
            (
                "no labelled posts of this collection: the errors are those measured on texts "
                "written for groundswell, a weaker assumption; label posts with `groundswell label`",
            ),
        )
    raise EstimationError(
        "no labelled posts the model was not trained on cover every category, and the model "
        "records no cross-validation; label posts (`groundswell label`) or retrain with "
        "`groundswell classify train`"
    )
