"""The classifier: shipped baseline, probabilities, training on any label set, and the file format."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from groundswell.classify import CATEGORIES, Classifier, load_seed_labels, train, train_default
from groundswell.errors import InputError

BASELINE = Path(__file__).resolve().parents[2] / "src/groundswell/classify/data/baseline.json"


def test_default_model_loads_offline_with_the_five_categories() -> None:
    model = Classifier.load_default()
    assert model.classes == CATEGORIES
    assert BASELINE.stat().st_size < 2_000_000


def test_predict_proba_rows_are_distributions_in_class_order() -> None:
    model = Classifier.load_default()
    texts = [
        "#MeToo he was my boss",
        "Nosotras te creemos #YoTambién",
        "moi aussi j'adore les crêpes",
    ]
    proba = model.predict_proba(texts)
    assert proba.shape == (3, len(model.classes))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.predict(texts) == [model.classes[i] for i in proba.argmax(axis=1)]
    assert model.predict([]) == []


def test_batching_does_not_change_predictions() -> None:
    model = Classifier.load_default()
    texts = [r.text for r in load_seed_labels()][:50]
    one_by_one = np.vstack([model.predict_proba([t]) for t in texts])
    assert np.allclose(model.predict_proba(texts), one_by_one, atol=1e-5)


def test_shipped_baseline_is_what_train_default_produces() -> None:
    shipped = Classifier.load_default()
    fresh = train_default()
    texts = [r.text for r in load_seed_labels()]
    # weights are stored as float16, so compare probabilities loosely and labels exactly
    assert np.allclose(shipped.predict_proba(texts), fresh.predict_proba(texts), atol=0.02)
    assert shipped.predict(texts) == fresh.predict(texts)


def test_train_takes_the_label_set_from_the_labels_and_learns_it() -> None:
    texts = (
        ["the march is on saturday"] * 3
        + ["I was harassed at work"] * 3
        + ["buy followers now"] * 3
    )
    labels = ["mobilisation"] * 3 + ["disclosure"] * 3 + ["unrelated"] * 3
    model = train(texts, labels, seed=1)
    assert model.classes == ("disclosure", "unrelated", "mobilisation")
    assert model.predict(["the march is on saturday", "buy followers now"]) == [
        "mobilisation",
        "unrelated",
    ]
    assert model.meta["seed"] == 1


def test_train_rejects_bad_input() -> None:
    with pytest.raises(InputError, match="two different labels"):
        train(["a", "b"], ["news", "news"])
    with pytest.raises(InputError, match="one label per text"):
        train(["a"], ["news", "support"])


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = Classifier.load_default()
    path = tmp_path / "m.json"
    model.save(path)
    again = Classifier.load(path)
    assert again.classes == model.classes
    texts = ["#metoo", "fake news witch hunt", "Senate hearing today https://t.co/x"]
    assert np.allclose(again.predict_proba(texts), model.predict_proba(texts))


def test_loading_a_wrong_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(InputError, match="not a groundswell classifier"):
        Classifier.load(path)
    with pytest.raises(InputError, match="cannot read classifier"):
        Classifier.load(tmp_path / "missing.json")
