"""Choosing posts to label: most uncertain first, reproducible with a seed, duplicates skipped."""

from __future__ import annotations

import numpy as np
import pytest

from groundswell.classify import Classifier, choose_to_label, uncertainty
from groundswell.errors import InputError


def test_uncertainty_orders_flat_before_peaked() -> None:
    proba = np.array([[0.98, 0.01, 0.01], [0.4, 0.3, 0.3], [0.5, 0.49, 0.01]])
    assert np.argmax(uncertainty(proba, "entropy")) == 1
    margin = uncertainty(proba, "margin")
    assert np.argmax(margin) == 2 and np.argmin(margin) == 0
    assert not uncertainty(proba, "random").any()
    with pytest.raises(InputError):
        uncertainty(proba, "bogus")  # type: ignore[arg-type]


def test_choose_prefers_uncertain_posts_and_is_seeded() -> None:
    model = Classifier.load_default()
    texts = [f"post number {i} about #metoo and the news" for i in range(40)] + [
        "#MeToo he was my boss"
    ] * 3
    picked = choose_to_label(model, texts, 10, seed=5)
    assert picked == choose_to_label(model, texts, 10, seed=5)
    assert len(set(picked)) == 10
    assert sum(i >= 40 for i in picked) <= 1  # the copies are one candidate
    ent = uncertainty(model.predict_proba(texts))
    chosen = ent[picked]
    assert chosen.min() >= np.sort(ent[:41])[::-1][9] - 1e-12


def test_explore_draws_part_of_the_sample_at_random() -> None:
    model = Classifier.load_default()
    texts = [f"text {i}" for i in range(100)]
    a = choose_to_label(model, texts, 20, seed=1, explore=0.5)
    b = choose_to_label(model, texts, 20, seed=2, explore=0.5)
    assert a[:10] == b[:10] and a[10:] != b[10:]
    assert choose_to_label(model, texts, 0) == []
    assert len(choose_to_label(model, texts[:3], 10)) == 3
