"""Identity links: which accounts on which platforms belong to one person, keyed like stored authors."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from groundswell.errors import InputError
from groundswell.privacy.pseudonyms import Pseudonymizer

__all__ = ["IdentityLinks", "read_identity_links"]

_PSEUDONYM = re.compile(r"p_[0-9a-f]{20}\Z")
_COLUMNS = ("person", "platform", "account")
_EXAMPLE = "header 'person,platform,account' then rows like 'person17,twitter,1234567'"


@dataclass(frozen=True)
class IdentityLinks:
    """Rows ``(platform, author, person)`` with ``author`` as the store keeps it.

    Attributes:
        path: the file read.
        rows: one row per linked account, ``author`` pseudonymised when the store uses pseudonyms.
        people: distinct persons named in the file.
        pseudonymised: accounts that were pseudonymised here (plain ids given).
        already_pseudonymous: accounts given already as ``p_…`` pseudonyms.
        conflicts: accounts linked to more than one person (the first link is kept).
    """

    path: str
    rows: tuple[tuple[str, str, str], ...]
    people: int
    pseudonymised: int
    already_pseudonymous: int
    conflicts: int


def read_identity_links(path: str | Path, pseudonyms: Pseudonymizer | None) -> IdentityLinks:
    """Read ``person,platform,account`` rows; plain account ids are pseudonymised with the store's key.

    Accounts already written as pseudonyms (``p_`` followed by 20 hex digits) are kept as they are.
    With ``pseudonyms`` None (a store made with ``--no-pseudonyms``) plain ids are kept too.
    Raises ``InputError`` naming the file, the line and the fix.
    """
    where = str(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [cell.strip().casefold() for cell in next(reader, [])]
            missing = [name for name in _COLUMNS if name not in header]
            if missing:
                raise InputError(
                    f"{where}, line 1: identity links need columns {list(_COLUMNS)}, missing "
                    f"{missing} (header {header}); expected {_EXAMPLE}"
                )
            at = [header.index(name) for name in _COLUMNS]
            found: dict[tuple[str, str], str] = {}
            plain = pseudonymous = conflicts = 0
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(header):
                    raise InputError(
                        f"{where}, line {line}: {len(row)} fields but the header has "
                        f"{len(header)}; fix the row"
                    )
                person, platform, account = (row[k].strip() for k in at)
                if not (person and platform and account):
                    raise InputError(
                        f"{where}, line {line}: person, platform and account must all be given"
                    )
                if _PSEUDONYM.match(account):
                    pseudonymous += 1
                    author = account
                else:
                    plain += 1
                    author = pseudonyms.account(platform, account) if pseudonyms else account
                key = (platform, author)
                if key in found and found[key] != person:
                    conflicts += 1
                    continue
                found[key] = person
    except OSError as error:
        raise InputError(
            f"{where}: cannot read the identity links ({error.strerror}); check the path"
        ) from error
    if not found:
        raise InputError(f"{where}: no identity links in the file; expected {_EXAMPLE}")
    rows = tuple((platform, author, person) for (platform, author), person in found.items())
    return IdentityLinks(where, rows, len({row[2] for row in rows}), plain, pseudonymous, conflicts)
