"""Scores: Wilson intervals, per-class F1 against hand counts, bootstrap intervals, k-fold CV."""

from __future__ import annotations

import pytest

from groundswell.classify import (
    Classifier,
    cross_validate,
    evaluate,
    evaluate_predictions,
    wilson_interval,
)
from groundswell.errors import InputError


def test_wilson_interval_matches_published_values() -> None:
    # Wilson (1927) / Newcombe (1998) example: 81 successes of 263 -> 0.2553 to 0.3662
    low, high = wilson_interval(81, 263)
    assert low == pytest.approx(0.2553, abs=1e-4)
    assert high == pytest.approx(0.3662, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_scores_match_hand_counts() -> None:
    labels = ["disclosure"] * 4 + ["news"] * 4 + ["support"] * 2
    predicted = (
        ["disclosure"] * 3 + ["news"] + ["news"] * 2 + ["support"] * 2 + ["support", "disclosure"]
    )
    ev = evaluate_predictions(labels, predicted)
    d = ev.scores("disclosure")
    assert (d.precision, d.recall, d.support, d.predicted) == (3 / 4, 3 / 4, 4, 4)
    n = ev.scores("news")
    assert n.precision == pytest.approx(2 / 3) and n.recall == 0.5
    assert n.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    s = ev.scores("support")
    assert s.precision == pytest.approx(1 / 3) and s.recall == 0.5
    assert ev.macro_f1 == pytest.approx((d.f1 + n.f1 + s.f1) / 3)
    assert ev.classes == ("disclosure", "support", "news")
    assert ev.confusion[0] == (3, 0, 1)
    assert ev.accuracy == pytest.approx(0.6)
    assert ev.macro_f1_ci[0] <= ev.macro_f1 <= ev.macro_f1_ci[1]
    for c in ev.per_class:
        assert c.precision_ci[0] <= c.precision <= c.precision_ci[1]
        assert c.f1_ci[0] <= c.f1 <= c.f1_ci[1]


def test_sensitivity_and_specificity_one_class_against_the_rest() -> None:
    labels = ["disclosure"] * 4 + ["news"] * 6
    predicted = ["disclosure"] * 3 + ["news"] + ["disclosure"] + ["news"] * 5
    sens, spec = evaluate_predictions(labels, predicted).sensitivity_specificity("disclosure")
    assert sens == pytest.approx(3 / 4) and spec == pytest.approx(5 / 6)


def test_to_json_dict_has_the_documented_keys() -> None:
    ev = evaluate_predictions(["news", "support"], ["news", "news"])
    data = ev.to_json_dict()
    assert set(data["per_class"]["news"]) >= {"precision", "recall", "f1", "support"}
    assert data["macro_f1"] == ev.macro_f1
    assert "macro-F1" in ev.table()


def test_a_label_the_model_never_predicts_counts_against_it() -> None:
    ev = evaluate(Classifier.load_default(), ["the march is saturday"], ["mobilisation"])
    assert ev.scores("mobilisation").recall == 0.0
    assert ev.macro_f1 == 0.0


def test_cross_validation_scores_every_post_once() -> None:
    texts = [f"I was harassed by my boss {i}" for i in range(10)] + [
        f"Senate hearing report {i}" for i in range(10)
    ]
    labels = ["disclosure"] * 10 + ["news"] * 10
    ev = cross_validate(texts, labels, k=5, seed=3)
    assert ev.n == 20 and ev.method == "cross-validation (k=5)"
    assert ev.macro_f1 == 1.0
    with pytest.raises(InputError, match="folds"):
        cross_validate(texts, labels, k=1)
