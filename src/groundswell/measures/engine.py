"""Analysis engines: the same Ibis expressions run on DuckDB (default) or on Spark (an extra)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
from ibis.backends import BaseBackend
from ibis.expr.types import Table

from groundswell.errors import EngineError, MissingDependencyError
from groundswell.measures.export import export_parquet

if TYPE_CHECKING:
    from groundswell.store import Store

__all__ = ["ENGINES", "Engine", "connect", "duckdb_engine", "spark_engine", "spark_session"]

ENGINES = ("duckdb", "spark")
SPARK_INSTALL = "pip install 'groundswell[spark]'"

MATCHES_DDL = (
    "CREATE TABLE IF NOT EXISTS matches (movement VARCHAR, platform VARCHAR, id VARCHAR, "
    "rule VARCHAR, detail VARCHAR, definition_hash VARCHAR)"
)


@dataclass
class Engine:
    """A connected engine: an Ibis backend and the ``posts`` and ``matches`` tables on it.

    Attributes:
        name: ``duckdb`` or ``spark``.
        backend: the Ibis backend.
        posts: the store's posts (every row, deleted ones included; measures filter them).
        matches: one row per matched post per movement.
        cleanup: temporary folders to remove on `close` (a Parquet export made for Spark).
        movements: computed copies of movements' posts (`frames.movement_cached`), by movement.
    """

    name: str
    backend: BaseBackend
    posts: Table
    matches: Table
    cleanup: list[tempfile.TemporaryDirectory[str]] = field(default_factory=list)
    movements: dict[str, Table] = field(default_factory=dict)

    def close(self) -> None:
        """Remove temporary exports (the Spark session, if any, is left running)."""
        for folder in self.cleanup:
            folder.cleanup()
        self.cleanup.clear()


def duckdb_engine(store: Store) -> Engine:
    """Run measures in the store's own DuckDB connection (no copy)."""
    store.connection.execute(MATCHES_DDL)
    backend = ibis.duckdb.from_connection(store.connection)
    return Engine("duckdb", backend, backend.table("posts"), backend.table("matches"))


def spark_session(master: str = "local[2]", warehouse: Path | None = None) -> Any:
    """Return a SparkSession for ``master`` (UTC session time zone), importing pyspark lazily."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MissingDependencyError(
            f"the Spark engine needs pyspark and Java 17; install it with `{SPARK_INSTALL}`"
        ) from exc
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    folder = warehouse or Path(tempfile.gettempdir()) / "groundswell-spark-warehouse"
    builder = (
        SparkSession.builder.master(master)
        .appName("groundswell")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(folder))
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    )
    return builder.getOrCreate()


def spark_engine(
    parquet_dir: Path,
    *,
    session: Any = None,
    master: str = "local[2]",
) -> Engine:
    """Read an `export_parquet` dataset with Spark through Ibis.

    ``session`` is an existing SparkSession (for example the one a cluster notebook gives you);
    without it one is created for ``master``. The session's time zone must be UTC, since the
    store's timestamps are naive UTC.
    """
    try:
        import ibis.backends.pyspark  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(
            f"the Spark engine needs pyspark; install it with `{SPARK_INSTALL}`"
        ) from exc
    spark = session if session is not None else spark_session(master)
    zone = spark.conf.get("spark.sql.session.timeZone")
    if zone not in ("UTC", "Etc/UTC", "GMT", "Z", "+00:00"):
        raise EngineError(
            f"the Spark session's time zone is {zone}; the store's times are UTC. Set "
            "spark.sql.session.timeZone=UTC on the session and try again."
        )
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    backend = ibis.pyspark.connect(spark)
    posts = backend.read_parquet(str(parquet_dir / "posts"), table_name="gs_posts")
    matches = backend.read_parquet(str(parquet_dir / "matches"), table_name="gs_matches")
    return Engine("spark", backend, posts, matches)


def connect(
    store: Store,
    engine: str = "duckdb",
    *,
    spark_master: str = "local[2]",
    spark_session: Any = None,
    parquet_dir: Path | None = None,
) -> Engine:
    """Return an engine over ``store``; for Spark, export the store to Parquet first.

    ``parquet_dir`` keeps the export there (reused by later runs only if you pass the folder to
    `spark_engine` yourself); without it the export goes to a temporary folder removed on close.
    """
    if engine == "duckdb":
        return duckdb_engine(store)
    if engine != "spark":
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    cleanup: list[tempfile.TemporaryDirectory[str]] = []
    if parquet_dir is None:
        folder = tempfile.TemporaryDirectory(prefix="groundswell-parquet-")
        cleanup.append(folder)
        parquet_dir = Path(folder.name)
    export_parquet(store, parquet_dir)
    result = spark_engine(parquet_dir, session=spark_session, master=spark_master)
    result.cleanup.extend(cleanup)
    return result
