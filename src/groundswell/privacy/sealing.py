"""Raw payloads at rest: zstd-compressed, then AES-256-GCM-encrypted with the key file's key."""

from __future__ import annotations

import os
from collections.abc import Sequence

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from groundswell.errors import KeyFileError
from groundswell.privacy.keys import KeyRing

_SEALED = b"GS1"  # compressed and encrypted
_PACKED = b"GZ1"  # compressed only (pseudonyms opted out)
_NONCE = 12


class Sealer:
    """Compresses and (with a key) encrypts payloads; ``open`` reverses it."""

    def __init__(self, keys: KeyRing | None) -> None:
        self._aead = AESGCM(keys.encryption_key) if keys else None
        self._compress = zstandard.ZstdCompressor(level=1).compress
        self._decompress = zstandard.ZstdDecompressor()

    def seal(self, payload: bytes) -> bytes:
        """Return the stored form of ``payload``."""
        return self._seal(self._compress(payload), os.urandom(_NONCE))

    def seal_all(self, payloads: Sequence[bytes | None]) -> list[bytes | None]:
        """Return the stored form of each payload (None, or empty, stays None): ``seal`` for
        many, drawing the random nonces in one call."""
        nonces = os.urandom(_NONCE * len(payloads)) if self._aead else b""
        return [
            self._seal(self._compress(payload), nonces[at * _NONCE : (at + 1) * _NONCE])
            if payload
            else None
            for at, payload in enumerate(payloads)
        ]

    def _seal(self, packed: bytes, nonce: bytes) -> bytes:
        """Encrypt compressed bytes with ``nonce`` (only mark them when there is no key)."""
        if self._aead is None:
            return _PACKED + packed
        return _SEALED + nonce + self._aead.encrypt(nonce, packed, None)

    def open(self, stored: bytes) -> bytes:
        """Return the original payload of a stored value."""
        head, body = stored[:3], stored[3:]
        if head == _PACKED:
            return self._decompress.decompress(body)
        if head != _SEALED:
            raise ValueError("not a groundswell payload")
        if self._aead is None:
            raise KeyFileError("this payload is encrypted: pass the key file that made the store")
        try:
            packed = self._aead.decrypt(body[:_NONCE], body[_NONCE:], None)
        except InvalidTag as exc:
            raise KeyFileError(
                "the key file does not match this store's payloads: pass the original --key-file"
            ) from exc
        return self._decompress.decompress(packed)
