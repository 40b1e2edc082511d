"""The simulator's column helpers: Arrow arrays without pandas, times, top-k, keyed strings."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest

from groundswell.simulate import _arrow as arrow
from groundswell.simulate._arrays import strs
from groundswell.simulate._assign import _largest
from groundswell.simulate._common import by_key, iso_times
from groundswell.simulate._ids import ascii_strings, decimal_chars, decimal_strings


@pytest.mark.parametrize(
    "values", [[], [""], ["a"], ["", "", "x"], ["déjà vu", "💜", "", "plain"], ["a,b", '"q"']]
)
def test_strings_round_trip(values: list[str]) -> None:
    got = arrow.strings(values)
    assert got.type == pa.string()
    assert got.to_pylist() == values
    assert arrow.strings(strs(values)).to_pylist() == values


def test_strings_refuse_nul() -> None:
    with pytest.raises(ValueError, match="NUL"):
        arrow.strings(["a\0b", "c"])


def test_numbers_bools_codes_and_times() -> None:
    assert arrow.ints(np.array([3, -1, 2**40])).to_pylist() == [3, -1, 2**40]
    flags = np.array([True, False, True, True, False, False, False, False, True])
    assert arrow.bools(flags).to_pylist() == flags.tolist()
    coded = arrow.codes(np.array([1, 0, 1]), ["no", "yes"])
    assert coded.to_pylist() == ["yes", "no", "yes"]
    stamps = arrow.timestamps_ms(np.array([0, 1_508_098_860_000]))
    assert [t.isoformat() for t in stamps.to_pylist()] == [
        "1970-01-01T00:00:00+00:00",
        "2017-10-15T20:21:00+00:00",
    ]


def test_iso_times_match_numpy() -> None:
    t = np.random.default_rng(1).integers(0, 4_102_444_800_000, 5000)
    t[:3] = [0, 86_399_999, 951_782_400_000]  # midnight, a day's last ms, 2000-02-29
    expected = [s + "Z" for s in np.datetime_as_string(t.astype("datetime64[ms]"), unit="ms")]
    assert iso_times(t) == expected
    seconds = [s + "Z" for s in np.datetime_as_string(t.astype("datetime64[ms]"), unit="s")]
    assert iso_times(t, millis=False) == seconds
    assert iso_times(np.zeros(0, dtype=np.int64)) == []


def test_decimal_and_ascii_strings() -> None:
    values = np.array([0, 7, 10, 1_234_567_890_123_456_789])
    assert decimal_strings(values) == [str(v) for v in values.tolist()]
    assert ascii_strings(decimal_chars(np.array([5, 42]), 3)) == ["005", "042"]


@pytest.mark.parametrize("n, k", [(0, 3), (5, 12), (1000, 12), (20_000, 606)])
def test_largest_is_a_stable_partial_argsort(n: int, k: int) -> None:
    rng = np.random.default_rng(n)
    for values in (rng.integers(0, 4, n), rng.pareto(1.3, n)):
        assert _largest(values, k).tolist() == np.argsort(-values, kind="stable")[:k].tolist()


@pytest.mark.parametrize("spread", [1, 10**9])
def test_by_key_calls_once_per_key(spread: int) -> None:
    key = np.array([3, 1, 3, 2, 1]) * spread
    calls: list[int] = []

    def make(k: int) -> str:
        calls.append(k)
        return json.dumps(k)

    assert by_key(key, make).tolist() == [json.dumps(int(k)) for k in key]
    assert sorted(calls) == sorted({int(k) for k in key})
    assert by_key(np.zeros(0, dtype=np.int64), make).tolist() == []
