"""How good a classifier is on labelled posts: per-class precision, recall and F1 with intervals, and k-fold CV."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from groundswell.classify.model import CATEGORIES, Classifier
from groundswell.classify.training import train
from groundswell.errors import InputError

__all__ = [
    "ClassScores",
    "Evaluation",
    "cross_validate",
    "evaluate",
    "evaluate_predictions",
    "wilson_interval",
]

_Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default); (0, 1) when there are no trials."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class ClassScores:
    """Scores for one class. Precision and recall intervals are Wilson; the F1 interval is a bootstrap."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    """How many labelled posts have this label."""
    predicted: int
    """How many posts the classifier gave this label."""
    precision_ci: tuple[float, float]
    recall_ci: tuple[float, float]
    f1_ci: tuple[float, float]


@dataclass(frozen=True)
class Evaluation:
    """A classifier's scores on labelled posts; `confusion[i][j]` counts label i predicted as j."""

    classes: tuple[str, ...]
    per_class: tuple[ClassScores, ...]
    macro_f1: float
    macro_f1_ci: tuple[float, float]
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]
    n: int
    method: str
    """`holdout` (scored on posts it was not trained on) or `cross-validation (k=...)`."""

    def scores(self, label: str) -> ClassScores:
        """The scores of one class."""
        for s in self.per_class:
            if s.label == label:
                return s
        raise KeyError(label)

    def sensitivity_specificity(self, label: str) -> tuple[float, float]:
        """One class against the rest, as `methods.shares.rogan_gladen` wants them."""
        conf = np.array(self.confusion, dtype=np.float64)
        i = self.classes.index(label)
        tp, positives = conf[i, i], conf[i].sum()
        fp, negatives = conf[:, i].sum() - tp, conf.sum() - positives
        return (
            float(tp / positives) if positives else 0.0,
            float(1 - fp / negatives) if negatives else 0.0,
        )

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON: per-class precision, recall, f1, support (and intervals), macro_f1, confusion."""
        return {
            "method": self.method,
            "n": self.n,
            "classes": list(self.classes),
            "macro_f1": self.macro_f1,
            "macro_f1_ci": list(self.macro_f1_ci),
            "accuracy": self.accuracy,
            "per_class": {
                s.label: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "support": s.support,
                    "predicted": s.predicted,
                    "precision_ci": list(s.precision_ci),
                    "recall_ci": list(s.recall_ci),
                    "f1_ci": list(s.f1_ci),
                }
                for s in self.per_class
            },
            "confusion": [list(row) for row in self.confusion],
        }

    def table(self) -> str:
        """A plain-text table of the scores, for test output and reports."""
        lines = [
            f"{'class':<12} {'prec':>5} {'recall':>6} {'f1':>5} {'f1 95% CI':>13} {'support':>7}"
        ]
        for s in self.per_class:
            lines.append(
                f"{s.label:<12} {s.precision:5.2f} {s.recall:6.2f} {s.f1:5.2f} "
                f"  [{s.f1_ci[0]:.2f}, {s.f1_ci[1]:.2f}] {s.support:7d}"
            )
        lines.append(
            f"macro-F1 {self.macro_f1:.3f} [{self.macro_f1_ci[0]:.3f}, {self.macro_f1_ci[1]:.3f}], "
            f"accuracy {self.accuracy:.3f}, n={self.n}, {self.method}"
        )
        return "\n".join(lines)


def _f1_from_confusion(conf: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Per-class F1 from confusion matrices of shape (..., k, k); 0 where a class is never seen."""
    tp = np.diagonal(conf, axis1=-2, axis2=-1)
    denom = conf.sum(axis=-1) + conf.sum(axis=-2)
    f1: npt.NDArray[np.float64] = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    return f1


def evaluate_predictions(
    labels: Sequence[str],
    predicted: Sequence[str],
    classes: Sequence[str] | None = None,
    *,
    method: str = "holdout",
    seed: int = 0,
    n_boot: int = 1000,
) -> Evaluation:
    """Score predictions against labels; the macro-F1 averages over classes that occur in `labels`."""
    if len(labels) != len(predicted):
        raise InputError(f"{len(labels)} labels but {len(predicted)} predictions")
    if not labels:
        raise InputError("no labelled posts to evaluate on; label some posts first")
    seen = set(labels) | set(predicted) | set(classes or ())
    order = [c for c in (classes or CATEGORIES) if c in seen] + sorted(
        seen - set(classes or CATEGORIES)
    )
    index = {c: i for i, c in enumerate(order)}
    k = len(order)
    y = np.array([index[v] for v in labels])
    p = np.array([index[v] for v in predicted])
    conf = np.bincount(y * k + p, minlength=k * k).reshape(k, k)
    present = np.bincount(y, minlength=k) > 0
    f1 = _f1_from_confusion(conf.astype(np.float64))
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, y.size, size=(n_boot, y.size))
    cells = y[draws] * k + p[draws]
    boot = np.zeros((n_boot, k * k))
    np.add.at(boot, (np.repeat(np.arange(n_boot), y.size), cells.ravel()), 1.0)
    boot_f1 = _f1_from_confusion(boot.reshape(n_boot, k, k))
    per_class = []
    for i, label in enumerate(order):
        tp, support, npred = int(conf[i, i]), int(conf[i].sum()), int(conf[:, i].sum())
        per_class.append(
            ClassScores(
                label=label,
                precision=tp / npred if npred else 0.0,
                recall=tp / support if support else 0.0,
                f1=float(f1[i]),
                support=support,
                predicted=npred,
                precision_ci=wilson_interval(tp, npred),
                recall_ci=wilson_interval(tp, support),
                f1_ci=(
                    float(np.quantile(boot_f1[:, i], 0.025)),
                    float(np.quantile(boot_f1[:, i], 0.975)),
                ),
            )
        )
    boot_macro = boot_f1[:, present].mean(axis=1)
    return Evaluation(
        classes=tuple(order),
        per_class=tuple(per_class),
        macro_f1=float(f1[present].mean()),
        macro_f1_ci=(float(np.quantile(boot_macro, 0.025)), float(np.quantile(boot_macro, 0.975))),
        accuracy=float(np.trace(conf) / y.size),
        confusion=tuple(tuple(int(v) for v in r) for r in conf),
        n=int(y.size),
        method=method,
    )


def evaluate(
    classifier: Classifier,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    seed: int = 0,
) -> Evaluation:
    """Score a trained classifier on labelled posts it was not trained on."""
    return evaluate_predictions(labels, classifier.predict(texts), classifier.classes, seed=seed)


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    k: int = 5,
    seed: int = 0,
    *,
    extra_texts: Sequence[str] = (),
    extra_labels: Sequence[str] = (),
    **train_options: Any,
) -> Evaluation:
    """Stratified k-fold CV: train on k-1 folds (plus any `extra_*` data) and score the pooled held-out predictions."""
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels: give one label per text")
    if k < 2 or k > len(texts):
        raise InputError(f"k={k} folds for {len(texts)} posts: use 2 <= k <= number of posts")
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=np.int64)
    for label in sorted(set(labels)):
        members = np.flatnonzero(np.array(labels) == label)
        rng.shuffle(members)
        fold[members] = (np.arange(members.size) + rng.integers(k)) % k
    predicted: list[str] = [""] * len(texts)
    for f in range(k):
        train_idx = np.flatnonzero(fold != f).tolist()
        test_idx = np.flatnonzero(fold == f).tolist()
        model = train(
            [texts[i] for i in train_idx] + list(extra_texts),
            [labels[i] for i in train_idx] + list(extra_labels),
            seed,
            **train_options,
        )
        for i, guess in zip(test_idx, model.predict([texts[i] for i in test_idx]), strict=True):
            predicted[i] = guess
    return evaluate_predictions(labels, predicted, method=f"cross-validation (k={k})", seed=seed)
