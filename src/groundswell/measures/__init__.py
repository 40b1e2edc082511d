"""Measures of a movement (voices over time, bursts, origin, cascades) on DuckDB or Spark."""

from groundswell.measures.breakdown import Breakdown, Tally, Totals
from groundswell.measures.bursts import BurstFinder, Bursts
from groundswell.measures.cascades import Diffusion, load_follows, write_edge_list, write_gexf
from groundswell.measures.engine import ENGINES, Engine, connect, spark_engine, spark_session
from groundswell.measures.export import export_parquet
from groundswell.measures.origin import Origin, OriginFinder
from groundswell.measures.result import MeasureResult
from groundswell.measures.run import measure_movement
from groundswell.measures.voices import IntervalCounts, VoicesOverTime, VoicesSeries

__all__ = [
    "ENGINES",
    "Breakdown",
    "BurstFinder",
    "Bursts",
    "Diffusion",
    "Engine",
    "IntervalCounts",
    "MeasureResult",
    "Origin",
    "OriginFinder",
    "Tally",
    "Totals",
    "VoicesOverTime",
    "VoicesSeries",
    "connect",
    "export_parquet",
    "load_follows",
    "measure_movement",
    "spark_engine",
    "spark_session",
    "write_edge_list",
    "write_gexf",
]
