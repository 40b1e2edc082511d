"""Choosing which posts to label next: the ones the classifier is least sure about, reproducibly (seeded)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from groundswell.classify.model import Classifier
from groundswell.errors import InputError

__all__ = ["Strategy", "choose_to_label", "uncertainty"]

Strategy = Literal["entropy", "margin", "random"]


def uncertainty(
    proba: npt.NDArray[np.float64], strategy: Strategy = "entropy"
) -> npt.NDArray[np.float64]:
    """How unsure the classifier is about each row of `proba` (higher is less sure).

    `entropy`: Shannon entropy of the class probabilities. `margin`: one minus the gap between the
    two most probable classes. `random`: zeros (every post equally uncertain).
    """
    if proba.ndim != 2:
        raise InputError(f"expected probabilities of shape (posts, classes), got {proba.shape}")
    if strategy == "entropy":
        safe = np.clip(proba, 1e-12, 1.0)
        return np.asarray(-(proba * np.log(safe)).sum(axis=1), dtype=np.float64)
    if strategy == "margin":
        if proba.shape[1] < 2:
            return np.zeros(proba.shape[0])
        top2 = np.sort(proba, axis=1)[:, -2:]
        return np.asarray(1.0 - (top2[:, 1] - top2[:, 0]), dtype=np.float64)
    if strategy == "random":
        return np.zeros(proba.shape[0])
    raise InputError(f"unknown strategy {strategy!r}; use entropy, margin or random")


def choose_to_label(
    classifier: Classifier,
    texts: Sequence[str],
    n: int,
    *,
    seed: int = 0,
    strategy: Strategy = "entropy",
    explore: float = 0.0,
    skip_duplicates: bool = True,
) -> list[int]:
    """Indices of `n` posts to label, most uncertain first; ties are broken at random with `seed`.

    `explore` is the share of the `n` drawn uniformly at random from the rest, so that the labelled
    set also covers posts the classifier is wrongly sure about (and a plain random sample can be
    kept apart for honest evaluation). With `skip_duplicates`, only the first copy of identical
    texts (for example retweets) can be chosen.
    """
    if n < 0:
        raise InputError(f"n={n}: ask for zero or more posts")
    if not 0.0 <= explore <= 1.0:
        raise InputError(f"explore={explore}: give a share between 0 and 1")
    rng = np.random.default_rng(seed)
    if skip_duplicates:
        first: dict[str, int] = {}
        for i, t in enumerate(texts):
            first.setdefault(t, i)
        candidates = np.array(sorted(first.values()), dtype=np.int64)
    else:
        candidates = np.arange(len(texts), dtype=np.int64)
    n = min(n, candidates.size)
    if n == 0:
        return []
    proba = classifier.predict_proba([texts[i] for i in candidates])
    score = uncertainty(proba, strategy)
    tiebreak = rng.random(candidates.size)
    order = np.lexsort((tiebreak, -score))  # most uncertain first, ties at random
    n_random = int(round(n * explore))
    chosen = list(candidates[order[: n - n_random]])
    if n_random:
        rest = candidates[order[n - n_random :]]
        chosen += list(rng.choice(rest, size=n_random, replace=False))
    return [int(i) for i in chosen]
