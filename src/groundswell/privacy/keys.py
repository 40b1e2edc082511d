"""The secret key file: created on first use (mode 0600), never stored in the database."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from groundswell.errors import KeyFileError

KEY_ENV = "GROUNDSWELL_KEY_FILE"
KEY_BYTES = 32


def default_key_path() -> Path:
    """Return the key location: ``$GROUNDSWELL_KEY_FILE`` or ``~/.config/groundswell/key``."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "groundswell" / "key"


@dataclass(frozen=True)
class KeyRing:
    """Keys derived from the one secret: one for pseudonyms, one for encrypting raw payloads.

    Attributes:
        path: where the secret lives (shown by ``groundswell status``; the secret never is).
        pseudonym_key: HMAC-SHA-256 key for pseudonyms.
        encryption_key: AES-256-GCM key for raw payloads and quarantined bytes.
        fingerprint: a short public digest identifying the key, stored to detect a key change.
    """

    path: Path
    pseudonym_key: bytes
    encryption_key: bytes
    fingerprint: str

    @classmethod
    def from_secret(cls, secret: bytes, path: Path) -> KeyRing:
        """Derive the purpose keys from one secret."""
        if len(secret) != KEY_BYTES:
            raise KeyFileError(
                f"{path}: the key must be {KEY_BYTES} bytes, found {len(secret)}. "
                "Restore the original key file, or point --key-file at it."
            )

        def derive(label: bytes) -> bytes:
            return hmac.new(secret, label, hashlib.sha256).digest()

        return cls(
            path=path,
            pseudonym_key=derive(b"groundswell pseudonym v1"),
            encryption_key=derive(b"groundswell encryption v1"),
            fingerprint=derive(b"groundswell fingerprint v1").hex()[:16],
        )


def load_or_create_key(path: Path | None = None, *, create: bool = True) -> KeyRing:
    """Load the key at ``path`` (default: ``default_key_path()``), creating it with mode 0600."""
    path = (path or default_key_path()).expanduser()
    if path.exists():
        try:
            secret = path.read_bytes()
        except OSError as exc:
            raise KeyFileError(
                f"{path}: cannot read the key file ({exc}). Check its permissions."
            ) from exc
        return KeyRing.from_secret(secret, path)
    if not create:
        raise KeyFileError(
            f"{path}: no key file. Without the key that made a store, its pseudonyms cannot be "
            "reproduced; pass --key-file with the original key."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret)
    return KeyRing.from_secret(secret, path)
