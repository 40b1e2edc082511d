"""The shipped seed-set error matrix is what cross-validation gives; store labels are preferred to it."""

from __future__ import annotations

from groundswell.categorize import SEED_CV_CONFUSION, Labelled, measure_misclassification
from groundswell.classify import Classifier, cross_validate, load_seed_labels


def test_the_seed_cv_constant_is_reproducible() -> None:
    rows = load_seed_labels()
    ev = cross_validate([r.text for r in rows], [r.label for r in rows], k=5, seed=0)
    assert ev.confusion == SEED_CV_CONFUSION


def test_no_labels_falls_back_to_the_seed_cv_and_says_it_is_weaker() -> None:
    found = measure_misclassification(Classifier.load_default(), [], "labels in the store")
    assert found.weak and "weaker assumption" in found.notes[0]


def test_labels_chosen_at_random_are_preferred_and_seed_texts_left_out() -> None:
    model = Classifier.load_default()
    seed_rows = load_seed_labels()
    texts = {
        "disclosure": "it happened to me at work #metoo",
        "support": "I believe you #metoo",
        "news": "Senator accused by two staffers https://x.example",
        "opposition": "witch hunt, women lie #metoo",
        "unrelated": "me too, I love pizza",
    }
    labelled = [Labelled(t, c, "random") for c, t in texts.items()]
    labelled += [Labelled(r.text, r.label, "uncertain") for r in seed_rows[:20]]
    found = measure_misclassification(model, labelled, "labels in the store")
    assert not found.weak and found.n == 5 and "chosen at random" in found.source
    assert "20 labelled posts the model was trained on left out" in found.notes
