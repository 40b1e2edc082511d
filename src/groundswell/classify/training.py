"""Training the post classifier (L2-regularised multinomial logistic regression) and rebuilding the baseline.

Run `python -m groundswell.classify` to retrain the shipped baseline from the seed texts
in `classify/data/seed_labels.csv` and rewrite `classify/data/baseline.json`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from groundswell.classify.features import FeatureConfig, hash_features
from groundswell.classify.labels import LabelledText, read_labels
from groundswell.classify.model import CATEGORIES, DEFAULT_MODEL, Classifier
from groundswell.errors import InputError

__all__ = ["DEFAULT_L2", "load_seed_labels", "train", "train_default"]

DEFAULT_L2 = 1e-4
"""Penalty on the squared weights, relative to the (class-weighted) mean log loss."""

SEED_LABELS = "seed_labels.csv"


def _design(
    texts: Sequence[str], config: FeatureConfig
) -> tuple[sparse.csr_matrix, npt.NDArray[np.int64]]:
    """The documents × used-buckets matrix and the bucket number of each column."""
    feats = hash_features(texts, config)
    used, cols = np.unique(feats.buckets, return_inverse=True)
    x = sparse.csr_matrix(
        (feats.values.astype(np.float64), (feats.docs, cols)), shape=(feats.n_docs, used.size)
    )
    x.sum_duplicates()
    return x, used


_Objective = Callable[[npt.NDArray[np.float64]], tuple[float, npt.NDArray[np.float64]]]


def _dot(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    """Dot product without BLAS: multithreaded BLAS on short calls is slow on busy machines."""
    return float(np.multiply(a, b).sum())


def _lbfgs(
    fun: _Objective,
    x: npt.NDArray[np.float64],
    max_iter: int,
    history: int = 10,
    gtol: float = 1e-6,
) -> tuple[npt.NDArray[np.float64], int, bool]:
    """Minimise a smooth convex function with L-BFGS and a backtracking (Armijo) line search.

    (A plain version whose dot products avoid BLAS: SciPy's L-BFGS-B took 10x longer here when
    other processes kept the cores busy and OpenBLAS threads competed with them.)
    """
    f, g = fun(x)
    s_hist: list[npt.NDArray[np.float64]] = []
    y_hist: list[npt.NDArray[np.float64]] = []
    for it in range(1, max_iter + 1):
        if float(np.abs(g).max()) < gtol:
            return x, it - 1, True
        q = g.copy()
        alphas = []
        for s_i, y_i in zip(reversed(s_hist), reversed(y_hist), strict=True):
            a = _dot(s_i, q) / _dot(y_i, s_i)
            alphas.append(a)
            q -= a * y_i
        if y_hist:
            q *= _dot(s_hist[-1], y_hist[-1]) / _dot(y_hist[-1], y_hist[-1])
        for s_i, y_i, a in zip(s_hist, y_hist, reversed(alphas), strict=True):
            q += (a - _dot(y_i, q) / _dot(y_i, s_i)) * s_i
        direction = -q
        slope = _dot(g, direction)
        if slope >= 0:  # not a descent direction: restart from steepest descent
            s_hist.clear()
            y_hist.clear()
            direction, slope = -g, -_dot(g, g)
        step = 1.0 if y_hist else 1.0 / max(1.0, float(np.abs(g).max()))
        while True:
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s_vec, y_vec = x_new - x, g_new - g
        if _dot(s_vec, y_vec) > 1e-12:
            s_hist.append(s_vec)
            y_hist.append(y_vec)
            if len(s_hist) > history:
                s_hist.pop(0)
                y_hist.pop(0)
        converged = abs(f - f_new) <= 1e-10 * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged:
            return x, it, True
    return x, max_iter, False


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    seed: int = 0,
    *,
    l2: float = DEFAULT_L2,
    config: FeatureConfig | None = None,
    balanced: bool = True,
    max_iter: int = 500,
) -> Classifier:
    """Fit a classifier whose classes are the distinct training labels (in `CATEGORIES` order first).

    The loss is convex, so the fit does not depend on the starting point; `seed` is recorded in
    `meta` for reproducibility of the surrounding procedure (folds, sampling). With `balanced`,
    each class contributes equally to the loss however many examples it has.
    """
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels: give one label per text")
    present = set(labels)
    if len(present) < 2:
        raise InputError("training needs at least two different labels; label more posts")
    classes = [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[label] for label in labels], dtype=np.int64)
    config = config or FeatureConfig()
    x, used = _design(texts, config)
    n, m = x.shape
    k = len(classes)
    counts = np.bincount(y, minlength=k).astype(np.float64)
    sample_w = (n / (k * counts))[y] if balanced else np.ones(n)
    sample_w /= sample_w.sum()
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def loss_grad(theta: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        w = theta[: m * k].reshape(m, k)
        b = theta[m * k :]
        scores = x @ w + b
        scores -= scores.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(scores).sum(axis=1))
        log_p = scores - log_z[:, None]
        loss = -float(np.sum(sample_w * log_p[np.arange(n), y])) + 0.5 * l2 * float(np.sum(w * w))
        resid = (np.exp(log_p) - onehot) * sample_w[:, None]
        grad_w = xt @ resid + l2 * w
        grad_b = resid.sum(axis=0)
        return loss, np.concatenate([np.asarray(grad_w).ravel(), grad_b])

    theta, iterations, converged = _lbfgs(loss_grad, np.zeros(m * k + k), max_iter)
    weights = np.zeros((1 << config.buckets_log2, k), dtype=np.float32)
    weights[used] = theta[: m * k].reshape(m, k)
    bias = theta[m * k :].astype(np.float32)
    meta = {
        "trained_on": len(texts),
        "seed": seed,
        "l2": l2,
        "balanced": balanced,
        "class_counts": {c: int(counts[i]) for i, c in enumerate(classes)},
        "converged": converged,
        "iterations": iterations,
    }
    return Classifier(classes, weights, bias, config, meta)


def load_seed_labels() -> list[LabelledText]:
    """The seed training texts shipped with the package (written for groundswell; en, es, fr)."""
    ref = resources.files("groundswell.classify").joinpath("data", SEED_LABELS)
    with resources.as_file(ref) as path:
        return read_labels(path)


def train_default(seed: int = 0) -> Classifier:
    """Train the baseline exactly as shipped: seed texts only, default settings."""
    rows = load_seed_labels()
    model = train([r.text for r in rows], [r.label for r in rows], seed)
    model.meta["data"] = f"groundswell/classify/data/{SEED_LABELS}"
    return model


def main(argv: Sequence[str] | None = None) -> None:
    """Retrain the baseline and write it (default: the package's own data folder)."""
    parser = argparse.ArgumentParser(description="Retrain the shipped baseline post classifier.")
    default_out = Path(__file__).with_name("data") / DEFAULT_MODEL
    parser.add_argument("--out", type=Path, default=default_out, help="where to write the model")
    parser.add_argument("--seed", type=int, default=0, help="seed recorded with the model")
    args = parser.parse_args(argv)
    model = train_default(args.seed)
    model.save(args.out)
    size = args.out.stat().st_size
    print(
        f"wrote {args.out} ({size / 1e6:.2f} MB, classes {', '.join(model.classes)}, {model.meta})"
    )


if __name__ == "__main__":
    main()
