"""Keyed HMAC-SHA-256 pseudonyms for account ids and handles, and scrubbing of identities in text,
links and identity-bearing post ids (Bluesky ``at://did/...``, Mastodon ``/users/name/...``)."""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

from groundswell.privacy.keys import KeyRing

PSEUDONYM_PREFIX = "p_"
_PSEUDONYM = re.compile(r"p_[0-9a-f]{20}\Z")
# An @handle as written in a post: Twitter/Bluesky/Reddit style, Mastodon's @user@instance too.
_HANDLE_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9_!#$%&*@＠])@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?)"
)
# Profile and post links that carry a handle: twitter.com/NAME, x.com/NAME, bsky.app/profile/NAME,
# reddit.com/u/NAME, any Mastodon-style https://host/@NAME or https://host/users/NAME.
_HANDLE_IN_URL = re.compile(
    r"(?i)(https?://(?:(?:www\.|mobile\.)?(?:twitter|x|instagram)\.com/|bsky\.app/profile/|(?:www\.|old\.)?reddit\.com/u(?:ser)?/"
    r"|[a-z0-9.\-]+\.[a-z]{2,}/@|[a-z0-9.\-]+\.[a-z]{2,}/users/))([A-Za-z0-9_.\-:]+)"
)
_TWITTER_NON_HANDLES = {
    "i",
    "intent",
    "search",
    "hashtag",
    "home",
    "share",
    "status",
    "statuses",
    "settings",
}
_DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%\-]+")
# Cheap substrings one of which every link matched by _HANDLE_IN_URL contains.
_URL_MARKERS = ("twitter.com/", "x.com/", "bsky.app/", "reddit.com/u", "/@", "/users/", "instagram.com/")


class Pseudonymizer:
    """Turns account ids and handles into stable pseudonyms; with ``enabled=False`` returns them.

    With one key the same account always gets the same pseudonym, across files and runs. Ids and
    handles are keyed apart (an account's id and its handle give different pseudonyms), because
    many exports give only one of them. Every scrub is idempotent: pseudonyms are left as they are.
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
        if not self.enabled or _PSEUDONYM.match(account_id):
            return account_id
        return self._digest(f"{platform}\x00id\x00{account_id}")

    def _handle(self, platform: str, handle: str) -> str:
        """Pseudonym of a handle (case-insensitive, without the leading ``@``)."""
        if not self.enabled or _PSEUDONYM.match(handle):
            return handle
        return self._digest(f"{platform}\x00handle\x00{handle.lstrip('@').casefold()}")

    def scrub_text(self, platform: str, text: str) -> str:
        """Replace every ``@handle`` and profile link in ``text`` with the handle's pseudonym."""
        if not self.enabled:
            return text
        if "@" in text:
            text = _HANDLE_IN_TEXT.sub(lambda m: "@" + self.handle(platform, m.group(1)), text)
        if "://" in text:
            text = self.scrub_url(platform, text)
        if "did:" in text:
            text = _DID.sub(lambda m: self.account("bluesky", m.group(0)), text)
        return text

    def scrub_url(self, platform: str, url: str) -> str:
        """Replace the handle in profile and post links (all of them, in any text) with its pseudonym."""
        if not self.enabled or "://" not in url:
            return url
        lowered = url.lower()
        if not any(marker in lowered for marker in _URL_MARKERS) and "did:" not in url:
            return url

        def replace(match: re.Match[str]) -> str:
            name = match.group(2)
            if name.casefold() in _TWITTER_NON_HANDLES or name.startswith("did:"):
                return match.group(0)
            return match.group(1) + self.handle(platform, name)

        url = _HANDLE_IN_URL.sub(replace, url)
        if "did:" in url:
            url = _DID.sub(lambda m: self.account("bluesky", m.group(0)), url)
        return url

    def scrub_post_id(self, platform: str, post_id: str) -> str:
        """Pseudonymise the account part of identity-bearing post ids (at:// URIs, status URLs)."""
        if not self.enabled or ("did:" not in post_id and "://" not in post_id):
            return post_id
        return self.scrub_url(platform, post_id)
