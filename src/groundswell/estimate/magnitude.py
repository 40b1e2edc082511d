"""How many, honestly: a movement's observed voices, ratio scenarios and capture-recapture, with coverage."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from groundswell.errors import EstimationError, InputError
from groundswell.estimate.coverage import Coverage, measure_coverage
from groundswell.estimate.links import IdentityLinks, read_identity_links
from groundswell.estimate.lists import LIST_KINDS, capture_table
from groundswell.estimate.observed import Observed, first_voice_days, observe
from groundswell.estimate.ratio_section import RatioSection, ratio_section
from groundswell.estimate.recapture import (
    AIC_MARGIN,
    CaptureResult,
    capture_dict,
    estimate_captures,
)
from groundswell.movements import Movement, load_movement
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.store.matching import matches_are_current
from groundswell.store.store import Store

__all__ = ["SCHEMA", "MagnitudeResult", "estimate_magnitude"]

SCHEMA = "groundswell.magnitude/1"
LOWER_BOUND = (
    "Observed voices are a lower bound: many people who were affected never post, and a "
    "re-collection misses posts deleted since."
)


@dataclass(frozen=True)
class MagnitudeResult:
    """Everything ``groundswell estimate`` says about a movement's size (the report's ``magnitude``).

    Attributes:
        movement: the movement's name; ``definition_hash`` the definition it was matched with.
        observed: the lower bound, in its units.
        coverage: gaps and losses of the collection, and the widening they imply.
        ratio: ratio scenarios (None when there are no voices to scale).
        capture: capture-recapture estimates, one per way of forming lists.
        links: the identity links used (None without ``--links``).
        warnings: problems found with the data or the matches.
        skipped: list kinds that could not be formed, with the reason.
    """

    movement: str
    definition_hash: str
    observed: Observed
    coverage: Coverage
    ratio: RatioSection | None
    capture: tuple[CaptureResult, ...]
    links: IdentityLinks | None
    warnings: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]

    def coverage_note(self) -> str:
        """How the coverage gaps change the estimates."""
        c = self.coverage
        empty = f"{c.missing_days} of {c.days} days ({c.missing_fraction:.1%}) inside the window have no posts at all"
        if c.gap_days == 0:
            return (
                f"{empty}; none is improbable given the posts on the days around it (quiet days, "
                "not collection gaps), so intervals are not widened"
            )
        return (
            f"{empty}; {c.gap_days} of them are collection gaps (the 3 covered days either side "
            f"have a median of more than 4.6 posts a day, so an empty day has under 1% chance). "
            f"Interpolating new voices from those neighbours, the gaps would have brought about "
            f"{c.expected_missed_voices:.0f} voices besides the {c.voices_in_window} seen: upper "
            f"bounds are widened by (seen + missed) / seen = x{c.inflation:.3f}; lower bounds are "
            "unchanged"
        )

    def to_json_dict(self) -> dict[str, Any]:
        """The ``magnitude`` section of ``report.json`` (docs/measure-schema.md)."""
        o, c = self.observed, self.coverage
        inflation = c.inflation if math.isfinite(c.inflation) else None
        return {
            "schema": SCHEMA,
            "movement": self.movement,
            "definition_hash": self.definition_hash,
            "units": {
                "voices": "distinct accounts (platform + pseudonymous author) that wrote a matching original, reply or quote",
                "people": "distinct linked persons among the voices (an account missing from the links counts as one person)",
                "disclosing_voices": "voices with a matching post whose most probable category is disclosure",
                "N": "people in the population each estimate describes (its own assumptions say which)",
            },
            "observed": {
                "voices": o.voices,
                "people": o.people,
                "disclosing_voices": o.disclosing_voices,
                "classification": o.classification,
                "voice_posts": o.voice_posts,
                "by_platform": o.by_platform,
                "first": _iso(o.first),
                "last": _iso(o.last),
                "is_lower_bound": True,
                "note": LOWER_BOUND,
            },
            "ratio": self.ratio.to_json_dict() if self.ratio else None,
            "capture_recapture": [
                {**capture_dict(result), "headline": _headline(result, c)}
                for result in self.capture
            ],
            "capture_recapture_skipped": [{"lists_by": k, "reason": r} for k, r in self.skipped],
            "links": None
            if self.links is None
            else {
                "file": self.links.path,
                "people": self.links.people,
                "accounts": len(self.links.rows),
                "pseudonymised_here": self.links.pseudonymised,
                "already_pseudonymous": self.links.already_pseudonymous,
                "conflicts": self.links.conflicts,
            },
            "coverage": {
                "window": {"from": _day(c.start), "to": _day(c.end), "days": c.days},
                "missing_days": c.missing_days,
                "missing_fraction": c.missing_fraction,
                "gap_days": c.gap_days,
                "voices_in_window": c.voices_in_window,
                "expected_missed_voices": c.expected_missed_voices,
                "gaps": [
                    {"from": _day(a), "to": _day(b), "days": (b - a).days + 1} for a, b in c.gaps
                ],
                "per_platform_missing_days": c.per_platform_missing_days,
                "deleted_posts": c.deleted_posts,
                "deletion_requests": c.deletion_requests,
                "quarantined": c.quarantined,
                "quarantine_reasons": c.quarantine_reasons,
                "rate_limit_notes": [{"file": f, "note": n} for f, n in c.rate_limit_notes],
                "upper_bound_factor": inflation,
                "adjustment": self.coverage_note(),
            },
            "warnings": list(self.warnings),
        }


def _iso(value: Any) -> str | None:
    """ISO 8601 UTC with ``Z`` (naive UTC in), or None."""
    return None if value is None else value.isoformat() + "Z"


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _headline(result: CaptureResult, coverage: Coverage) -> dict[str, Any] | None:
    """The preferred estimate with its interval, raw and widened for coverage."""
    found = result.headline()
    if found is None:
        return None
    estimate, (low, high) = found
    widened = None if high is None else high * coverage.inflation
    return {
        "model": result.preferred or "chapman",
        "N": estimate,
        "ci": [low, high],
        "ci_method": (
            "Wald 95% (Chapman)"
            if result.chapman is not None
            else f"span of the 95% profile intervals of the models within {AIC_MARGIN:g} AIC of "
            f"the best: {', '.join(result.plausible)}"
        ),
        "ci_adjusted_for_coverage": [
            low,
            widened if widened is None or math.isfinite(widened) else None,
        ],
    }


def _has_categories(store: Store) -> bool:
    """True when the store has a ``post_categories`` table."""
    row = store.connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'post_categories'"
    ).fetchone()
    return bool(row and row[0])


def _check_matches(store: Store, movement: Movement) -> list[str]:
    """Refuse a movement never matched; warn when its matches are stale."""
    tables = store.connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'matches'"
    ).fetchone()
    count = (
        store.connection.execute(
            "SELECT count(*) FROM matches WHERE movement = ?", [movement.name]
        ).fetchone()
        if tables and tables[0]
        else None
    )
    if not count or not count[0]:
        raise EstimationError(
            f"{store.path}: no matches for movement {movement.name!r}; run "
            f"`groundswell match --movement {movement.name} --db {store.path}` first"
        )
    if not any(matches_are_current(store, movement, split_hashtags=s) for s in (False, True)):
        return [
            f"the stored matches of {movement.name!r} were made with another definition or before "
            f"the last ingest; run `groundswell match --movement {movement.name}` again"
        ]
    return []


def estimate_magnitude(
    store: Store,
    movement: Movement | str,
    *,
    rates_file: Path | None = None,
    lists: Sequence[str] | None = None,
    identity_links: Path | None = None,
    pseudonyms: Pseudonymizer | None = None,
) -> MagnitudeResult:
    """Estimate how many people a movement reached beyond those who posted, with every assumption.

    ``lists`` picks how capture-recapture lists are formed (``platforms``, ``variants``,
    ``sources``); by default every kind that can be formed (platforms only with links).
    ``pseudonyms`` turns plain account ids in ``identity_links`` into the store's pseudonyms.
    """
    definition = load_movement(movement) if isinstance(movement, str) else movement
    warnings = _check_matches(store, definition)
    links = None
    if identity_links is not None:
        pseudonymous_store = store.meta("key_fingerprint") not in (None, "plain")
        links = read_identity_links(identity_links, pseudonyms if pseudonymous_store else None)
        if pseudonymous_store and pseudonyms is None and links.pseudonymised:
            raise InputError(
                f"{identity_links}: plain account ids need the store's key to be matched to its "
                "pseudonymous authors; pass --key-file with the key that made the store"
            )
    unknown = [kind for kind in lists or () if kind not in LIST_KINDS]
    if unknown:
        raise InputError(f"unknown --lists {unknown}; choose from {', '.join(LIST_KINDS)}")
    explicit = lists is not None and len(lists) > 0
    kinds = (
        list(lists) if explicit and lists else [k for k in LIST_KINDS if links or k != "platforms"]
    )
    capture: list[CaptureResult] = []
    skipped: list[tuple[str, str]] = []
    classified = _has_categories(store)
    for kind in kinds:
        for disclosing in (False, True) if classified else (False,):
            try:
                table = capture_table(store, definition.name, kind, links, disclosing=disclosing)
                capture.append(estimate_captures(table))
            except EstimationError as error:
                if explicit and not disclosing:
                    raise
                label = f"{kind} (disclosing voices)" if disclosing else kind
                skipped.append((label, str(error)))
    people = None
    if links is not None:
        platforms = next(
            (
                r.table
                for r in capture
                if r.table.by == "platforms" and r.table.population == "voices"
            ),
            None,
        )
        people = platforms.people if platforms else None
        if platforms is not None and not platforms.linked_accounts:
            warnings.append(
                "no voice account was found in the identity links: check that the store's key "
                "(--key-file) and the platform names in the links are the ones the store uses"
            )
    observed = observe(store, definition.name, people)
    start = observed.first.date() if observed.first else None
    end = observed.last.date() if observed.last else None
    if start and definition.window_start and definition.window_start > start:
        start = definition.window_start
    if end and definition.window_end and definition.window_end < end:
        end = definition.window_end
    coverage = measure_coverage(store, start, end, first_voice_days(store, definition.name))
    if coverage.rate_limit_notes:
        warnings.append(
            f"{len(coverage.rate_limit_notes)} files note rate limits: the collection may miss "
            "posts in ways that do not show as empty days"
        )
    ratio = None
    if observed.voices:
        if observed.disclosing_voices is not None:
            count, unit, disclosing = observed.disclosing_voices, "disclosing voices", True
        elif people is not None:
            count, unit, disclosing = people, "linked people among the voices", False
        else:
            count, unit, disclosing = observed.voices, "voices (accounts)", False
        ratio = ratio_section(count, unit, rates_file, coverage.inflation, disclosing)
    return MagnitudeResult(
        definition.name,
        definition.definition_hash(),
        observed,
        coverage,
        ratio,
        tuple(capture),
        links,
        tuple(warnings),
        tuple(skipped),
    )
