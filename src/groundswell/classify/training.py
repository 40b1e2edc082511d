"""Training the post classifier (L2-regularised multinomial logistic regression) and rebuilding the baseline.

Run `python -m groundswell.classify.training` to retrain the shipped baseline from the seed texts
in `classify/data/seed_labels.csv` and rewrite `classify/data/baseline.json`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse

from groundswell.classify.features import FeatureConfig, hash_features
from groundswell.classify.labels import LabelledText, read_labels
from groundswell.classify.model import CATEGORIES, DEFAULT_MODEL, Classifier
from groundswell.errors import InputError

__all__ = ["DEFAULT_L2", "load_seed_labels", "train", "train_default"]

DEFAULT_L2 = 3e-4
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

    result = optimize.minimize(
        loss_grad,
        np.zeros(m * k + k),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": 1e-7},
    )
    weights = np.zeros((1 << config.buckets_log2, k), dtype=np.float32)
    weights[used] = result.x[: m * k].reshape(m, k)
    bias = result.x[m * k :].astype(np.float32)
    meta = {
        "trained_on": len(texts),
        "seed": seed,
        "l2": l2,
        "balanced": balanced,
        "class_counts": {c: int(counts[i]) for i, c in enumerate(classes)},
        "converged": bool(result.success),
        "iterations": int(result.nit),
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
