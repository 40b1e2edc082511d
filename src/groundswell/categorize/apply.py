"""Classifying stored posts, and choosing which stored posts a person should label next."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groundswell.categorize.tables import create_category_tables, write_categories
from groundswell.classify import Classifier, choose_to_label
from groundswell.errors import InputError
from groundswell.store.store import Store

__all__ = ["ApplySummary", "Candidate", "apply_classifier", "sample_to_label", "target_posts"]

_OWN_WORDS = "('original', 'reply', 'quote')"
_CHUNK = 50_000
MAX_POOL = 20_000
"""`sample_to_label` scores at most this many posts (a seeded random subset of larger pools)."""


@dataclass(frozen=True)
class Candidate:
    """A stored post with its text (texts stay on this machine)."""

    platform: str
    id: str
    text: str
    chosen_by: str
    """`uncertain` (the model was unsure) or `random`."""


@dataclass(frozen=True)
class ApplySummary:
    """What `apply_classifier` stored."""

    model: str
    posts: int
    by_category: dict[str, int]


def target_posts(store: Store, movement: str | None) -> list[tuple[str, str, str]]:
    """(platform, id, text) of the own-words posts to classify: a movement's matched ones, or all."""
    if movement is None:
        sql = f"""SELECT platform, id, text FROM posts
                  WHERE NOT deleted AND text IS NOT NULL AND kind IN {_OWN_WORDS}
                  ORDER BY platform, id"""
        return [tuple(r) for r in store.connection.execute(sql).fetchall()]
    sql = f"""SELECT p.platform, p.id, p.text FROM matches m
              JOIN posts p ON p.platform = m.platform AND p.id = m.id
              WHERE m.movement = ? AND NOT p.deleted AND p.text IS NOT NULL AND p.kind IN {_OWN_WORDS}
              ORDER BY p.platform, p.id"""
    return [tuple(r) for r in store.connection.execute(sql, [movement]).fetchall()]


def apply_classifier(
    store: Store, classifier: Classifier, model: str, *, movement: str | None = None
) -> ApplySummary:
    """Store the most probable category and its probability for each target post, in one transaction."""
    posts = target_posts(store, movement)
    if not posts:
        where = f"movement {movement!r} has no matching" if movement else "the store has no"
        raise InputError(f"{where} originals, replies or quotes with text to classify")
    categories: list[str] = []
    probabilities: list[float] = []
    for lo in range(0, len(posts), _CHUNK):
        proba = classifier.predict_proba([p[2] for p in posts[lo : lo + _CHUNK]])
        best = proba.argmax(axis=1)
        categories += [classifier.classes[i] for i in best]
        probabilities += proba[np.arange(best.size), best].tolist()
    write_categories(
        store, [(p[0], p[1]) for p in posts], categories, probabilities, classifier, model
    )
    counts = {c: categories.count(c) for c in classifier.classes}
    return ApplySummary(model, len(posts), counts)


def sample_to_label(
    store: Store,
    classifier: Classifier,
    *,
    movement: str | None,
    n: int,
    seed: int = 0,
    random_share: float = 0.3,
) -> list[Candidate]:
    """`n` posts not yet labelled, most uncertain first, `random_share` of them drawn at random.

    The random part lets the misclassification matrix be measured on a sample that is not biased
    towards hard posts (`category_shares` prefers labels chosen at random).
    """
    create_category_tables(store)
    done = set(store.connection.execute("SELECT platform, id FROM labels").fetchall())
    pool = [p for p in target_posts(store, movement) if (p[0], p[1]) not in done]
    rng = np.random.default_rng(seed)
    if len(pool) > MAX_POOL:
        keep = np.sort(rng.choice(len(pool), size=MAX_POOL, replace=False))
        pool = [pool[i] for i in keep]
    texts = [p[2] for p in pool]
    chosen = choose_to_label(classifier, texts, n, seed=seed, explore=random_share)
    n_uncertain = len(chosen) - int(round(min(n, len(set(texts))) * random_share))
    return [
        Candidate(
            pool[i][0], pool[i][1], pool[i][2], "uncertain" if rank < n_uncertain else "random"
        )
        for rank, i in enumerate(chosen)
    ]
