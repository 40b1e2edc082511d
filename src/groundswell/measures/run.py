"""`measure_movement`: run every measure of a movement on one engine and gather the result."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from groundswell.measures.breakdown import Tally
from groundswell.measures.bursts import BurstFinder
from groundswell.measures.cascades import fetch_diffusion, load_follows
from groundswell.measures.engine import Engine, connect
from groundswell.measures.frames import matched_range, movement_cached, resolve_window
from groundswell.measures.origin import OriginFinder
from groundswell.measures.result import CAVEATS, MeasureResult
from groundswell.measures.voices import VoicesOverTime

if TYPE_CHECKING:
    from groundswell.store import Store

__all__ = ["measure_movement"]


def _definition_hash(engine: Engine, movement: str) -> tuple[str | None, int]:
    found = engine.matches.filter(engine.matches.movement == movement)
    hashes = found.definition_hash.value_counts().to_pyarrow().to_pylist()
    if not hashes:
        return None, 0
    best = max(hashes, key=lambda r: (r["definition_hash_count"], r["definition_hash"] or ""))
    return best["definition_hash"], len(hashes)


def measure_movement(
    store: Store | None,
    movement_name: str,
    *,
    engine: str | Engine = "duckdb",
    interval: str = "day",
    tz: str = "UTC",
    start: datetime | None = None,
    end: datetime | None = None,
    call_to_action: Sequence[tuple[str, str]] = (),
    follows: Path | str | Iterable[tuple[str | None, str, str]] | None = None,
    title: str | None = None,
    spark_master: str = "local[2]",
    spark_session: Any = None,
) -> MeasureResult:
    """Measure one movement: voices over time, breakdowns, bursts, origin and cascades.

    ``engine`` is ``duckdb``, ``spark`` (the store is exported to Parquet first) or an `Engine`
    already connected (reuse one to run several movements). ``start``/``end`` are widened to
    whole intervals in ``tz`` (naive values are local times in ``tz``); by default the window
    spans the movement's matched posts. ``call_to_action`` lists (platform, id) of the posts that
    asked people to join; ``follows`` is a CSV path or (platform, follower, followed) rows.
    """
    if isinstance(engine, Engine):
        connected, own = engine, False
    else:
        if store is None:
            raise ValueError("give a store, or an Engine already connected")
        connected = connect(store, engine, spark_master=spark_master, spark_session=spark_session)
        own = True
    try:
        with movement_cached(connected, movement_name):
            return _measure(
                connected, movement_name, interval, tz, start, end, call_to_action, follows, title
            )
    finally:
        if own:
            connected.close()


def _measure(
    engine: Engine,
    movement: str,
    interval: str,
    tz: str,
    start: datetime | None,
    end: datetime | None,
    call_to_action: Sequence[tuple[str, str]],
    follows: Path | str | Iterable[tuple[str | None, str, str]] | None,
    title: str | None,
) -> MeasureResult:
    window = resolve_window(interval, tz, start, end, matched_range(engine, movement))
    series = VoicesOverTime(movement, window).run(engine)
    edges = load_follows(follows) if isinstance(follows, str | Path) else follows
    diffusion = fetch_diffusion(
        engine, movement, window, call_to_action=call_to_action, follows=edges
    )
    arrivals = diffusion.arrivals(window.utc_start, window.utc_end)
    bursts = BurstFinder().run(series, arrivals)
    origin = OriginFinder(movement, window, call_to_action).run(engine, series, bursts, diffusion)
    breakdown = Tally(movement, window).run(engine, [u.variant for u in origin.first_uses])
    definition_hash, versions = _definition_hash(engine, movement)
    caveats = list(CAVEATS) + list(bursts.notes)
    if versions > 1:
        caveats.append(
            f"The matches come from {versions} versions of the definition; re-run matching so "
            "every post is judged by the same one."
        )
    if origin.ignition_rule == "largest jump":
        caveats.append("No burst was found; the ignition is the interval whose voices rose most.")
    return MeasureResult(
        movement,
        definition_hash,
        title,
        engine.name,
        series,
        breakdown,
        bursts,
        origin,
        diffusion,
        tuple(caveats),
    )
