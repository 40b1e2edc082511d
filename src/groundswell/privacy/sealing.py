"""Raw payloads at rest: zstd-compressed, then AES-256-GCM-encrypted with the key file's key."""

from __future__ import annotations

import os

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
        packed = self._compress(payload)
        if self._aead is None:
            return _PACKED + packed
        nonce = os.urandom(_NONCE)
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
