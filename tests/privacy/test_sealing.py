"""Sealed payloads open to the original bytes, only with the key that sealed them."""

from __future__ import annotations

from pathlib import Path

import pytest

from groundswell.errors import KeyFileError
from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.sealing import Sealer

_PAYLOADS = [b'{"id": "1", "text": "me too"}', None, b"", b"x" * 5000, b'{"id": "1"}']


def test_sealed_in_bulk_opens_to_each_payload(tmp_path: Path) -> None:
    sealer = Sealer(load_or_create_key(tmp_path / "a.key"))
    sealed = sealer.seal_all(_PAYLOADS)
    assert [None if s is None else sealer.open(s) for s in sealed] == [p or None for p in _PAYLOADS]
    # One at a time or in bulk, a payload seals alike (only the random nonce differs).
    assert sealer.open(sealer.seal(_PAYLOADS[0])) == _PAYLOADS[0]


def test_every_sealed_payload_has_its_own_nonce(tmp_path: Path) -> None:
    sealer = Sealer(load_or_create_key(tmp_path / "a.key"))
    sealed = [s for s in sealer.seal_all([b"same"] * 50) if s is not None]
    nonces = {s[3:15] for s in sealed}
    assert len(nonces) == 50
    assert b"same" not in b"".join(sealed)


def test_another_key_cannot_open_a_payload(tmp_path: Path) -> None:
    sealed = Sealer(load_or_create_key(tmp_path / "a.key")).seal_all([b"secret"])[0]
    assert sealed is not None
    with pytest.raises(KeyFileError, match="does not match"):
        Sealer(load_or_create_key(tmp_path / "b.key")).open(sealed)
    with pytest.raises(KeyFileError, match="encrypted"):
        Sealer(None).open(sealed)


def test_without_a_key_payloads_are_only_compressed() -> None:
    sealer = Sealer(None)
    sealed = sealer.seal_all(_PAYLOADS)
    assert [None if s is None else sealer.open(s) for s in sealed] == [p or None for p in _PAYLOADS]
