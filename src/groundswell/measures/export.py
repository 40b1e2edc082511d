"""Export a store to a Parquet dataset (posts partitioned by platform and month) for Spark."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from groundswell.errors import InputError

if TYPE_CHECKING:
    from groundswell.store import Store

__all__ = ["EXPORTED_POST_COLUMNS", "MEASURED_POST_COLUMNS", "export_parquet"]

# The post columns every measure reads (texts and sealed payloads never leave the store).
MEASURED_POST_COLUMNS = (
    "platform",
    "id",
    "author",
    "kind",
    "created_at",
    "lang",
    "reply_to_id",
    "quoted_id",
    "reposted_id",
    "hashtags_norm",
    "direct",
)


# Every measure input but the partition column, and the deletion flag; ``text`` and ``raw`` (the
# sealed payload) stay in the store.
EXPORTED_POST_COLUMNS = (*(c for c in MEASURED_POST_COLUMNS if c != "platform"), "deleted")


def export_parquet(store: Store, folder: Path | str, *, overwrite: bool = True) -> Path:
    """Write ``folder/posts`` (hive-partitioned ``platform=…/month=YYYY-MM``) and ``folder/matches``.

    Post texts and raw payloads are not exported. Returns the folder. With ``overwrite`` False an
    existing non-empty folder is an `InputError`.
    """
    root = Path(folder)
    if root.exists() and any(root.iterdir()):
        if not overwrite:
            raise InputError(f"{root} is not empty; choose an empty folder or pass overwrite=True")
        for part in ("posts", "matches"):
            shutil.rmtree(root / part, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    con = store.connection
    con.execute(
        "CREATE TABLE IF NOT EXISTS matches (movement VARCHAR, platform VARCHAR, id VARCHAR, "
        "rule VARCHAR, detail VARCHAR, definition_hash VARCHAR)"
    )
    columns = ", ".join(EXPORTED_POST_COLUMNS)
    posts = (root / "posts").as_posix().replace("'", "''")
    matches = (root / "matches").as_posix().replace("'", "''")
    con.execute(
        f"COPY (SELECT platform, strftime(created_at, '%Y-%m') AS month, {columns} FROM posts) "
        f"TO '{posts}' (FORMAT parquet, PARTITION_BY (platform, month), COMPRESSION zstd)"
    )
    (root / "matches").mkdir(exist_ok=True)
    con.execute(
        "COPY (SELECT movement, platform, id, rule, detail, definition_hash FROM matches) "
        f"TO '{matches}/matches.parquet' (FORMAT parquet, COMPRESSION zstd)"
    )
    return root
