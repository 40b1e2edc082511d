"""Keyed HMAC-SHA-256 pseudonyms for account ids and handles, and scrubbing of @handles in text."""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

from groundswell.privacy.keys import KeyRing

# An @handle as written in a post: Twitter/Bluesky/Reddit style, Mastodon's @user@instance too.
_HANDLE_IN_TEXT = re.compile(
    r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?)"
)
PSEUDONYM_PREFIX = "p_"


class Pseudonymizer:
    """Turns account ids and handles into stable pseudonyms; with ``enabled=False`` returns them.

    With one key the same account always gets the same pseudonym, across files and runs. Ids and
    handles are keyed apart (an account's id and its handle give different pseudonyms), because
    many exports give only one of them.
    """

    def __init__(self, keys: KeyRing | None, *, enabled: bool = True) -> None:
        if enabled and keys is None:
            raise ValueError("pseudonyms need a key; pass enabled=False to keep plain identities")
        self._key = keys.pseudonym_key if keys else b""
        self.enabled = enabled
        self.account = lru_cache(maxsize=1_000_000)(self._account)
        self.handle = lru_cache(maxsize=1_000_000)(self._handle)

    def _digest(self, label: str) -> str:
        mac = hmac.new(self._key, label.encode("utf-8"), hashlib.sha256).hexdigest()
        return PSEUDONYM_PREFIX + mac[:20]

    def _account(self, platform: str, account_id: str) -> str:
        """Pseudonym of an account id on a platform."""
        if not self.enabled:
            return account_id
        return self._digest(f"{platform}\x00id\x00{account_id}")

    def _handle(self, platform: str, handle: str) -> str:
        """Pseudonym of a handle (case-insensitive, without the leading ``@``)."""
        if not self.enabled:
            return handle
        return self._digest(f"{platform}\x00handle\x00{handle.lstrip('@').casefold()}")

    def scrub_text(self, platform: str, text: str) -> str:
        """Replace every ``@handle`` written in ``text`` with ``@`` and the handle's pseudonym."""
        if not self.enabled or "@" not in text:
            return text
        return _HANDLE_IN_TEXT.sub(lambda m: "@" + self.handle(platform, m.group(1)), text)
