"""Safe release of counts about survivors: small-cell suppression and Laplace noise."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from groundswell.errors import EstimationError

__all__ = [
    "SuppressedTable",
    "laplace_accuracy",
    "laplace_counts",
    "suppress_small_cells",
]


@dataclass(frozen=True)
class SuppressedTable:
    """A table with ``None`` where a cell is hidden; ``primary`` and ``secondary`` list (row, col)."""

    cells: tuple[tuple[int | None, ...], ...]
    primary: tuple[tuple[int, int], ...]
    secondary: tuple[tuple[int, int], ...]


def suppress_small_cells(
    table: Sequence[Sequence[int]], low: int = 1, high: int = 10
) -> SuppressedTable:
    """Hide every cell in ``[low, high]``, then hide more cells until none can be derived from totals.

    Row and column totals are assumed published. A row or column with exactly one hidden cell lets
    that cell be derived, so the smallest other visible non-zero cell in that line is hidden too
    (zeros are left: a 0 is already public knowledge of the line). Repeats until stable.
    """
    grid = np.asarray(table, dtype=np.int64)
    if grid.ndim != 2 or grid.size == 0:
        raise EstimationError("the table must be a non-empty list of rows of counts")
    if np.any(grid < 0):
        raise EstimationError("counts must be >= 0")
    hidden = (grid >= low) & (grid <= high)
    primary = {(int(r), int(c)) for r, c in zip(*np.nonzero(hidden), strict=True)}
    changed = True
    while changed:
        changed = False
        for lines, axis in ((hidden, 1), (hidden.T, 0)):
            values = grid if axis == 1 else grid.T
            for index in range(lines.shape[0]):
                if lines[index].sum() != 1:
                    continue
                candidates = [
                    (values[index, j], j)
                    for j in range(lines.shape[1])
                    if not lines[index, j] and values[index, j] > 0
                ]
                if not candidates:
                    continue
                _, j = min(candidates)
                lines[index, j] = True
                changed = True
    cells = tuple(
        tuple(None if hidden[r, c] else int(grid[r, c]) for c in range(grid.shape[1]))
        for r in range(grid.shape[0])
    )
    secondary = {(int(r), int(c)) for r, c in zip(*np.nonzero(hidden), strict=True)} - primary
    return SuppressedTable(cells, tuple(sorted(primary)), tuple(sorted(secondary)))


def laplace_accuracy(scale: float, alpha: float) -> float:
    """The bound ``a`` with ``P(|noise| > a) = alpha`` for Laplace noise of scale b: ``-b ln(alpha)``."""
    if scale <= 0 or not 0 < alpha < 1:
        raise EstimationError(f"need scale > 0 and 0 < alpha < 1, got {scale}, {alpha}")
    return -scale * math.log(alpha)


def laplace_counts(
    counts: Sequence[int], epsilon: float, max_contribution: int = 1, seed: int | None = None
) -> tuple[float, ...]:
    """Add Laplace noise of scale ``max_contribution / epsilon`` to counts (epsilon-DP per release).

    The caller must have bounded each person's contribution to at most ``max_contribution`` across
    all the counts (the L1 sensitivity). Noisy counts are returned unrounded and may be negative;
    post-process (round, clamp) after, which does not weaken the guarantee.
    """
    if epsilon <= 0:
        raise EstimationError(f"epsilon must be > 0, got {epsilon}")
    if max_contribution < 1:
        raise EstimationError(f"max_contribution must be >= 1, got {max_contribution}")
    rng = np.random.default_rng(seed)
    values = np.asarray(counts, dtype=float)
    noisy = values + rng.laplace(0.0, max_contribution / epsilon, size=values.shape)
    return tuple(float(value) for value in noisy)
