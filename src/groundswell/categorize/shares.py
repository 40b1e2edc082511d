"""The share of each category among a movement's posts and voices, corrected for the classifier's errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from groundswell.categorize.correction import Corrected, correct_counts
from groundswell.categorize.misclassification import (
    Labelled,
    Misclassification,
    measure_misclassification,
)
from groundswell.categorize.tables import has_categories, load_model, stored_labels
from groundswell.classify import LabelledText, read_labels
from groundswell.errors import EstimationError
from groundswell.store.store import Store

__all__ = ["CategoryShares", "UnitShares", "categories_section", "category_shares"]

SCHEMA = "groundswell.categories/1"
_OWN_WORDS = "('original', 'reply', 'quote')"
_BASE = f"""WITH cat AS (SELECT platform, id, arg_max(category, probability) AS category,
                        max(probability) AS probability, arg_max(model, probability) AS model
                 FROM post_categories GROUP BY platform, id)
    SELECT p.platform || ' ' || p.author AS voice, CAST(p.created_at AS DATE) AS day,
           c.category, c.probability, c.model
    FROM matches m JOIN posts p ON p.platform = m.platform AND p.id = m.id
    LEFT JOIN cat c ON c.platform = p.platform AND c.id = p.id
    WHERE m.movement = ? AND NOT p.deleted AND p.author IS NOT NULL AND p.kind IN {_OWN_WORDS}"""
# a voice's category: most of their posts; ties go to the category with the larger summed probability
_VOICE_TOP = """SELECT {keys}, arg_max(category, n + s / (n + 1)) AS category
    FROM (SELECT {keys}, category, count(*) AS n, sum(probability) AS s
          FROM base WHERE category IS NOT NULL GROUP BY ALL) GROUP BY ALL"""
UNITS = {
    "posts": "the movement's matching originals, replies and quotes that have a category (deleted excluded)",
    "voices": "accounts that wrote such posts; a voice's category is that of most of its posts "
    "(ties: the larger summed probability)",
    "voices_any_disclosure": "accounts with at least one post whose category is disclosure",
}


@dataclass(frozen=True)
class UnitShares:
    """Shares of each category among posts or voices: uncorrected, corrected and its 95% interval."""

    n: int
    uncorrected: tuple[float, ...]
    corrected: tuple[float, ...] | None
    ci: tuple[tuple[float, float], ...] | None
    constrained: bool = False

    @classmethod
    def of(cls, counts: Sequence[int], fixed: Corrected | None) -> UnitShares:
        """From raw counts and (when the correction could be made) their correction."""
        n = int(sum(counts))
        raw = tuple(c / n for c in counts) if n else tuple(0.0 for _ in counts)
        if fixed is None:
            return cls(n, raw, None, None)
        ci = tuple(zip(fixed.low, fixed.high, strict=True))
        return cls(n, raw, fixed.corrected, ci, fixed.constrained)

    def to_json_dict(self, classes: Sequence[str]) -> dict[str, Any]:
        """`{n, constrained, shares: [{category, uncorrected, corrected, ci}]}`."""
        return {
            "n": self.n,
            "constrained": self.constrained,
            "shares": [
                {
                    "category": c,
                    "uncorrected": self.uncorrected[i] if self.n else None,
                    "corrected": self.corrected[i] if self.corrected else None,
                    "ci": list(self.ci[i]) if self.ci else None,
                }
                for i, c in enumerate(classes)
            ],
        }


@dataclass(frozen=True)
class CategoryShares:
    """What a movement's people said: category shares overall and per UTC day, posts and voices."""

    movement: str
    model: str
    classes: tuple[str, ...]
    method: str
    misclassification: Misclassification | None
    posts: UnitShares
    voices: UnitShares
    voices_any_disclosure: UnitShares
    series: tuple[tuple[date, UnitShares, UnitShares], ...]
    classified_posts: int
    unclassified_posts: int
    replicates: int
    seed: int
    correction_error: str | None = None
    caveats: tuple[str, ...] = field(default=())

    def to_json_dict(self) -> dict[str, Any]:
        """The `categories` key of the measure JSON (docs/measure-schema.md)."""
        c = self.classes
        return {
            "schema": SCHEMA,
            "movement": self.movement,
            "model": self.model,
            "classes": list(c),
            "method": self.method,
            "units": UNITS,
            "classified_posts": self.classified_posts,
            "unclassified_posts": self.unclassified_posts,
            "misclassification": self.misclassification.to_json_dict()
            if self.misclassification
            else None,
            "correction_error": self.correction_error,
            "bootstrap": {
                "replicates": self.replicates,
                "seed": self.seed,
                "ci": "95% percentile, labelled posts and units resampled together",
            },
            "posts": self.posts.to_json_dict(c),
            "voices": self.voices.to_json_dict(c),
            "voices_any_disclosure": self.voices_any_disclosure.to_json_dict(
                ("disclosure", "other")
            ),
            "series": [
                {"date": d.isoformat(), "posts": p.to_json_dict(c), "voices": v.to_json_dict(c)}
                for d, p, v in self.series
            ],
            "caveats": list(self.caveats),
        }


def _labelled(
    store: Store, labels: Sequence[LabelledText] | Path | None
) -> tuple[list[Labelled], str]:
    if labels is None:
        rows, _stale = stored_labels(store)
        return [Labelled(r.text, r.label, r.chosen_by) for r in rows], "labels in the store"
    if isinstance(labels, Path):
        return [
            Labelled(r.text, r.label) for r in read_labels(labels)
        ], f"labels file {labels.name}"
    return [Labelled(r.text, r.label) for r in labels], "given labels"


def _counts(tally: dict[str, int], classes: Sequence[str]) -> list[int]:
    return [tally.get(c, 0) for c in classes]


@dataclass
class _Found:
    """Counts read from the temporary `base` table of one movement's own-words posts."""

    models: list[str]
    unclassified: int
    posts: dict[str, int]
    voices: dict[str, int]
    day_posts: dict[date, dict[str, int]]
    day_voices: dict[date, dict[str, int]]
    any_disclosure: int
    single_post_voices: int


def _nested(rows: Sequence[tuple[Any, ...]]) -> dict[date, dict[str, int]]:
    out: dict[date, dict[str, int]] = {}
    for day, category, n in rows:
        out.setdefault(day, {})[category] = int(n)
    return out


def _gather(store: Store) -> _Found:
    con = store.connection

    def one(sql: str) -> int:
        row = con.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    models = con.execute(
        "SELECT model FROM base WHERE model IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1"
    ).fetchall()
    voice_top = _VOICE_TOP.format(keys="voice")
    day_top = _VOICE_TOP.format(keys="voice, day")
    return _Found(
        models=[str(m[0]) for m in models],
        unclassified=one("SELECT count(*) FROM base WHERE category IS NULL"),
        posts=dict(
            con.execute(
                "SELECT category, count(*) FROM base WHERE category IS NOT NULL GROUP BY 1"
            ).fetchall()
        ),
        voices=dict(
            con.execute(f"SELECT category, count(*) FROM ({voice_top}) GROUP BY 1").fetchall()
        ),
        day_posts=_nested(
            con.execute(
                "SELECT day, category, count(*) FROM base WHERE category IS NOT NULL GROUP BY 1, 2"
            ).fetchall()
        ),
        day_voices=_nested(
            con.execute(f"SELECT day, category, count(*) FROM ({day_top}) GROUP BY 1, 2").fetchall()
        ),
        any_disclosure=one("SELECT count(DISTINCT voice) FROM base WHERE category = 'disclosure'"),
        single_post_voices=one(
            "SELECT count(*) FROM (SELECT voice FROM base WHERE category IS NOT NULL "
            "GROUP BY voice HAVING count(*) = 1)"
        ),
    )


def category_shares(
    store: Store,
    movement: str,
    *,
    labels: Sequence[LabelledText] | Path | None = None,
    replicates: int = 1000,
    seed: int = 0,
) -> CategoryShares:
    """Category shares of `movement`'s classified posts and voices, overall and per UTC day.

    The misclassification matrix is that of the model that classified the posts, measured on
    `labels` (None: the labels in the store) it was not trained on; failing those, the model's
    recorded cross-validation; for the shipped baseline, its seed-set cross-validation (a weaker
    assumption, flagged). If no matrix can be had, corrected shares are null and the reason given.
    """
    con = store.connection
    con.execute(f"CREATE OR REPLACE TEMP TABLE base AS {_BASE}", [movement])
    try:
        found = _gather(store)
    finally:
        con.execute("DROP TABLE IF EXISTS base")
    if not found.models:
        raise EstimationError(
            f"no post of movement {movement!r} has a category; run `groundswell classify apply "
            f"--movement {movement}` first"
        )
    model = found.models[0]
    classifier = load_model(store, model)
    classes = classifier.classes
    caveats: list[str] = []
    if len(found.models) > 1:
        caveats.append(
            f"posts were classified by {len(found.models)} models; the correction uses {model}'s errors"
        )
    if found.unclassified:
        caveats.append(
            f"{found.unclassified} matching posts have no category; run `classify apply` again"
        )
    days = sorted(set(found.day_posts) | set(found.day_voices))
    vectors = [_counts(found.posts, classes), _counts(found.voices, classes)]
    for d in days:
        vectors.append(_counts(found.day_posts.get(d, {}), classes))
        vectors.append(_counts(found.day_voices.get(d, {}), classes))
    matrix: Misclassification | None = None
    error: str | None = None
    fixed: list[Corrected | None] = [None] * len(vectors)
    try:
        matrix = measure_misclassification(classifier, *_labelled(store, labels))
        fixed = correct_counts(vectors, matrix.counts(), replicates=replicates, seed=seed)
    except EstimationError as exc:
        error = str(exc)
        caveats.append(f"shares are not corrected for misclassification: {exc}")
    if matrix is not None and matrix.weak:
        caveats.extend(matrix.notes)
    n_voices = sum(vectors[1])
    if n_voices:
        caveats.append(
            "voice shares are corrected with the per-post error matrix, exact for voices with one "
            f"post ({found.single_post_voices / n_voices:.0%} of voices here); 'any disclosure' "
            "is not corrected"
        )
    units = [UnitShares.of(v, f) for v, f in zip(vectors, fixed, strict=True)]
    series = tuple((d, units[2 + 2 * i], units[3 + 2 * i]) for i, d in enumerate(days))
    any_counts = [found.any_disclosure, n_voices - found.any_disclosure]
    return CategoryShares(
        movement=movement,
        model=model,
        classes=classes,
        method="rogan-gladen" if len(classes) == 2 else "adjusted classify-and-count",
        misclassification=matrix,
        posts=units[0],
        voices=units[1],
        voices_any_disclosure=UnitShares.of(any_counts, None),
        series=series,
        classified_posts=sum(vectors[0]),
        unclassified_posts=found.unclassified,
        replicates=replicates,
        seed=seed,
        correction_error=error,
        caveats=tuple(caveats),
    )


def categories_section(store: Store, movement: str) -> dict[str, Any] | None:
    """The `categories` JSON of `movement`, or None when its posts were never classified."""
    if not has_categories(store):
        return None
    try:
        return category_shares(store, movement).to_json_dict()
    except EstimationError:
        return None
