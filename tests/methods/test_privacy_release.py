"""Release safety: small-cell suppression with secondary suppression, Laplace accuracy and noise."""

from __future__ import annotations

import numpy as np
import pytest

from groundswell.errors import EstimationError
from groundswell.methods.privacy_release import (
    laplace_accuracy,
    laplace_counts,
    suppress_small_cells,
)


def test_row_total_25_with_3_and_22_hides_both() -> None:
    # METHODS.md section 7: hiding the 3 alone leaves it derivable from the total 25.
    result = suppress_small_cells([[3, 22]])
    assert result.cells == ((None, None),)
    assert result.primary == ((0, 0),) and result.secondary == ((0, 1),)


def test_no_published_cell_between_1_and_10_and_none_derivable() -> None:
    table = [[0, 5, 40, 12], [30, 50, 11, 9], [2, 60, 70, 80]]
    result = suppress_small_cells(table)
    for row in result.cells:
        assert all(cell is None or cell == 0 or cell > 10 for cell in row)
    hidden = np.array([[cell is None for cell in row] for row in result.cells])
    assert all(count != 1 for count in hidden.sum(axis=1))
    assert all(count != 1 for count in hidden.sum(axis=0))


def test_laplace_accuracy() -> None:
    assert laplace_accuracy(20, 0.05) == pytest.approx(59.9146, abs=1e-4)  # METHODS.md section 7


def test_laplace_noise_is_seeded_and_calibrated() -> None:
    a = laplace_counts([100] * 20000, epsilon=0.5, max_contribution=2, seed=7)
    assert a == laplace_counts([100] * 20000, epsilon=0.5, max_contribution=2, seed=7)
    noise = np.asarray(a) - 100
    share_beyond = float(np.mean(np.abs(noise) > laplace_accuracy(4.0, 0.05)))
    assert share_beyond == pytest.approx(0.05, abs=0.01)  # scale b = 2 / 0.5 = 4
    with pytest.raises(EstimationError):
        laplace_counts([1], epsilon=0)
