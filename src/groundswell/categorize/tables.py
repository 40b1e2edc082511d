"""The store's classification tables: post categories, labels and the models that made them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa

from groundswell.classify import Classifier, text_sha256
from groundswell.errors import StoreError
from groundswell.store.store import Store

__all__ = [
    "CATEGORY_TABLES",
    "PostLabel",
    "StoredLabel",
    "create_category_tables",
    "has_categories",
    "load_model",
    "model_id",
    "save_labels",
    "stored_labels",
    "write_categories",
]

CATEGORY_TABLES = [
    """CREATE TABLE IF NOT EXISTS post_categories (
        platform VARCHAR NOT NULL, id VARCHAR NOT NULL, category VARCHAR NOT NULL,
        probability DOUBLE NOT NULL, model VARCHAR NOT NULL, PRIMARY KEY (platform, id))""",
    """CREATE TABLE IF NOT EXISTS labels (
        platform VARCHAR NOT NULL, id VARCHAR NOT NULL, text_sha256 VARCHAR NOT NULL,
        label VARCHAR NOT NULL, labelled_at TIMESTAMP NOT NULL, chosen_by VARCHAR,
        PRIMARY KEY (platform, id))""",
    """CREATE TABLE IF NOT EXISTS classifiers (
        model VARCHAR PRIMARY KEY, payload VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)""",
]


@dataclass(frozen=True)
class PostLabel:
    """A label a person gave one stored post (the text is kept only as its SHA-256)."""

    platform: str
    id: str
    text: str
    label: str
    chosen_by: str | None = None
    """`uncertain` or `random` (how `groundswell label` picked it), None when imported."""


@dataclass(frozen=True)
class StoredLabel:
    """A stored label joined to its post's current text."""

    platform: str
    id: str
    text: str
    label: str
    chosen_by: str | None


def create_category_tables(store: Store) -> None:
    """Create post_categories, labels and classifiers if they do not exist."""
    for statement in CATEGORY_TABLES:
        store.connection.execute(statement)


def _table_exists(store: Store, name: str) -> bool:
    row = store.connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def has_categories(store: Store) -> bool:
    """True when `classify apply` filled post_categories (a table made otherwise does not count)."""
    if not (_table_exists(store, "post_categories") and _table_exists(store, "classifiers")):
        return False
    columns = store.connection.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'post_categories' AND column_name = 'model'"
    ).fetchone()
    if not (columns and columns[0]):
        return False
    row = store.connection.execute("SELECT count(*) FROM post_categories").fetchone()
    return bool(row and row[0])


def model_id(classifier: Classifier, name: str = "model") -> str:
    """A stable name for a model: `name:` + the first 12 hex digits of its JSON's SHA-256."""
    payload = json.dumps(classifier.to_json_dict(), sort_keys=True).encode("utf-8")
    return f"{name}:{hashlib.sha256(payload).hexdigest()[:12]}"


def write_categories(
    store: Store,
    keys: Sequence[tuple[str, str]],
    categories: Sequence[str],
    probabilities: Sequence[float],
    classifier: Classifier,
    model: str,
) -> None:
    """Store each post's most probable category, and the model, in one transaction (replacing)."""
    create_category_tables(store)
    con = store.connection
    table = pa.table(
        {
            "platform": pa.array([k[0] for k in keys], pa.string()),
            "id": pa.array([k[1] for k in keys], pa.string()),
            "category": pa.array(list(categories), pa.string()),
            "probability": pa.array(list(probabilities), pa.float64()),
            "model": pa.array([model] * len(keys), pa.string()),
        }
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT OR REPLACE INTO classifiers VALUES (?, ?, ?)",
            [model, json.dumps(classifier.to_json_dict()), _now()],
        )
        con.register("new_categories", table)
        con.execute("INSERT OR REPLACE INTO post_categories SELECT * FROM new_categories")
        con.unregister("new_categories")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def load_model(store: Store, model: str) -> Classifier:
    """The model that `classify apply` stored under `model`."""
    row = store.connection.execute(
        "SELECT payload FROM classifiers WHERE model = ?", [model]
    ).fetchone()
    if row is None:
        raise StoreError(
            f"{store.path}: model {model} is not in the store; run `groundswell classify apply` again"
        )
    return Classifier.from_json_dict(json.loads(row[0]), f"{store.path}:{model}")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def save_labels(store: Store, labels: Sequence[PostLabel]) -> int:
    """Store labels (a newer label of the same post replaces the older); return how many."""
    create_category_tables(store)
    now = _now()
    rows = [(x.platform, x.id, text_sha256(x.text), x.label, now, x.chosen_by) for x in labels]
    con = store.connection
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany("INSERT OR REPLACE INTO labels VALUES (?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def stored_labels(store: Store) -> tuple[list[StoredLabel], int]:
    """Labels whose post still has the labelled text, and how many no longer match (edited, deleted)."""
    if not _table_exists(store, "labels"):
        return [], 0
    rows = store.connection.execute(
        """SELECT l.platform, l.id, p.text, l.label, l.chosen_by, l.text_sha256
           FROM labels l LEFT JOIN posts p ON p.platform = l.platform AND p.id = l.id
           AND NOT p.deleted ORDER BY l.platform, l.id"""
    ).fetchall()
    found = [
        StoredLabel(platform, post_id, text, label, chosen_by)
        for platform, post_id, text, label, chosen_by, sha in rows
        if text is not None and text_sha256(text) == sha
    ]
    return found, len(rows) - len(found)
