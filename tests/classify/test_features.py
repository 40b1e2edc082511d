"""Hashed n-gram features: normalisation, stable hashes, and independence of posts in one batch."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from groundswell.classify import FeatureConfig, hash_features, normalize_text


def test_normalize_joins_split_hashtags_and_replaces_links_and_mentions() -> None:
    text = "Read # MeToo https://twitter.com/a/status/1 pic.twitter.com/x http://www.bbc.com/n @ foo &amp; ok"
    assert normalize_text(text) == " read #metoo quotelink piclink httplink bbc @user & ok "


def test_normalize_keeps_casual_me_too_apart_from_the_tag() -> None:
    assert "#metoo" in normalize_text("#MeToo")
    assert "#" not in normalize_text("me too, I love pizza")


def _feature_set(texts: list[str], doc: int) -> list[int]:
    feats = hash_features(texts, FeatureConfig())
    return sorted(feats.buckets[feats.docs == doc].tolist())


def test_features_of_a_post_do_not_depend_on_its_neighbours() -> None:
    alone = _feature_set(["yo también, en el trabajo"], 0)
    batched = _feature_set(["first post", "yo también, en el trabajo", "third\0post"], 1)
    assert alone == batched


def test_feature_values_are_one_over_sqrt_count_and_empty_texts_work() -> None:
    feats = hash_features(["", "moi aussi"], FeatureConfig())
    counts = np.bincount(feats.docs, minlength=2)
    assert counts[1] > 0
    assert np.allclose(feats.values, 1 / np.sqrt(counts[feats.docs]))
    assert hash_features([], FeatureConfig()).n_docs == 0


def test_hashes_are_stable_across_processes() -> None:
    code = (
        "from groundswell.classify import hash_features, FeatureConfig;"
        "print(hash_features(['#MeToo ça suffit'], FeatureConfig()).buckets[:8].tolist())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    here = hash_features(["#MeToo ça suffit"], FeatureConfig()).buckets[:8].tolist()
    assert runs == {f"{here}\n"}
