"""What a store holds: posts, authors, platforms, time span, quarantine, deletions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from groundswell.store.batch import reason_category
from groundswell.store.store import Store


def store_status(store: Store, key_location: str | None) -> dict[str, Any]:
    """Return the status of ``store`` as a JSON-ready dict (see ``groundswell status --json``)."""
    con = store.connection
    posts, direct, authors, first, last = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE direct), count(DISTINCT author),
                  min(created_at), max(created_at)
           FROM posts WHERE NOT deleted"""
    ).fetchone() or (0, 0, 0, None, None)
    platforms = dict(
        con.execute(
            "SELECT platform, count(*) FROM posts WHERE NOT deleted GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
    )
    direct_by_platform = dict(
        con.execute(
            "SELECT platform, count(*) FROM posts WHERE NOT deleted AND direct GROUP BY 1"
        ).fetchall()
    )
    reasons: Counter[str] = Counter()
    for reason, count in con.execute(
        "SELECT reason, count(*) FROM quarantine GROUP BY 1"
    ).fetchall():
        reasons[reason_category(reason)] += count
    deleted = con.execute("SELECT count(*) FROM posts WHERE deleted").fetchone()
    deletion_requests = con.execute("SELECT count(*) FROM deletions").fetchone()
    files = con.execute("SELECT count(*) FROM files").fetchone()
    from groundswell.store.matching import movement_counts, stored_movements

    movements = {}
    for name in stored_movements(store):
        counts = movement_counts(store, name)
        movements[name] = {
            "matched_posts": counts.matched_posts,
            "voices": counts.voices,
            "amplifiers": counts.amplifiers,
            "both": counts.both,
            "definition_hash": counts.definition_hash,
        }
    return {
        "db": str(store.path),
        "posts": posts,
        "direct_posts": direct,
        "authors": authors,
        "platforms": platforms,
        "direct_by_platform": direct_by_platform,
        "first_post": first.isoformat() + "Z" if first else None,
        "last_post": last.isoformat() + "Z" if last else None,
        "quarantined": sum(reasons.values()),
        "quarantine_reasons": dict(reasons.most_common()),
        "deleted": deleted[0] if deleted else 0,
        "deletion_requests": deletion_requests[0] if deletion_requests else 0,
        "files": files[0] if files else 0,
        "pseudonyms": store.meta("key_fingerprint") not in (None, "plain"),
        "key_file": key_location,
        "movements": movements,
    }
