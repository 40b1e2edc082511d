"""`groundswell estimate` (how many people, beyond those who posted) and `groundswell estimate mse`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from groundswell.cli.common import DbOption, KeyFileOption, console, handle_errors
from groundswell.errors import InputError, KeyFileError
from groundswell.estimate import LIST_KINDS, estimate_magnitude
from groundswell.estimate.recapture import model_dict
from groundswell.estimate.render import magnitude_renderables, models_table, notes
from groundswell.methods.overlap_table import OverlapTableResult, estimate_overlap_table
from groundswell.movements import load_movement
from groundswell.privacy.keys import load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.store import DEFAULT_DB, Store

estimate_app = typer.Typer(invoke_without_command=True)


def _write_json(data: dict[str, Any], path: Path) -> None:
    """Write ``data`` as indented UTF-8 JSON, or to stdout for ``-``."""
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    if str(path) == "-":
        print(text)
        return
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"{path}: cannot write the JSON ({error.strerror}); check the path"
        ) from error


@estimate_app.callback()
def estimate_command(
    ctx: typer.Context,
    movement: Annotated[
        str | None,
        typer.Option(
            "--movement", "-m", help="A built-in movement name or a definition file (TOML)."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    rates: Annotated[
        Path | None,
        typer.Option(
            "--rates", help="A rates TOML file (shape of the shipped disclosure_rates.toml)."
        ),
    ] = None,
    lists: Annotated[
        list[str] | None,
        typer.Option(
            "--lists",
            help=f"How capture-recapture lists are formed: {', '.join(LIST_KINDS)} (repeatable; "
            "default: every kind that can be formed).",
        ),
    ] = None,
    links: Annotated[
        Path | None,
        typer.Option(
            "--links",
            help="Identity links CSV: person,platform,account (plain ids or p_ pseudonyms).",
        ),
    ] = None,
    json_file: Annotated[
        Path | None,
        typer.Option(
            "--json", help="Also write the magnitude section as JSON here (- for stdout)."
        ),
    ] = None,
    key_file: KeyFileOption = None,
) -> None:
    """Estimate how many people a movement reached, with intervals and stated assumptions.

    Observed voices (a lower bound), ratio scenarios from sourced rates, and capture-recapture
    across platforms, hashtag variants or sources, with the collection's coverage gaps.

    Example: groundswell estimate --movement metoo --db metoo.duckdb --links identity_links.csv
    """
    if ctx.invoked_subcommand is not None:
        return
    if movement is None:
        console.print(ctx.get_help())
        raise typer.Exit(2)
    _estimate(movement, db, rates, lists, links, json_file, key_file)


@handle_errors
def _estimate(
    movement_name: str,
    db: Path,
    rates: Path | None,
    lists: list[str] | None,
    links: Path | None,
    json_file: Path | None,
    key_file: Path | None,
) -> None:
    movement = load_movement(movement_name)
    kinds = [kind.strip() for item in lists or [] for kind in item.split(",") if kind.strip()]
    with Store(db, read_only=True) as store:
        pseudonyms = None
        if links is not None and store.meta("key_fingerprint") not in (None, "plain"):
            keys = load_or_create_key(key_file, create=False)
            if store.meta("key_fingerprint") != keys.fingerprint:
                raise KeyFileError(
                    f"{keys.path}: this is not the key that made {db} (fingerprint "
                    f"{keys.fingerprint}, the store's {store.meta('key_fingerprint')}); the links "
                    "would match no author. Pass --key-file with the store's key."
                )
            pseudonyms = Pseudonymizer(keys)
        result = estimate_magnitude(
            store,
            movement,
            rates_file=rates,
            lists=kinds or None,
            identity_links=links,
            pseudonyms=pseudonyms,
        )
    if json_file is not None:
        _write_json({"magnitude": result.to_json_dict()}, json_file)
        if str(json_file) == "-":
            return
    for renderable in magnitude_renderables(result):
        console.print(renderable)


@estimate_app.command("mse")
def mse_command(
    table: Annotated[
        Path,
        typer.Option(
            "--table", help="Overlap table CSV: one 0/1 column per list and a 'count' column."
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (a list `models`) instead of tables.")
    ] = False,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            help="Interaction terms by column name: 'c1:c2+c2:c3', 'all-two-way', 'independence', "
            "'all-two-way - c1:c4' (repeatable; default: independence, each pair, all two-way).",
        ),
    ] = None,
) -> None:
    """Run capture-recapture on a researcher's overlap table of lists.

    Lists every model with its terms, N, se, profile interval, deviance, df and AIC, and the
    assumptions each rests on.

    Example: groundswell estimate mse --table overlap.csv --model all-two-way
    """
    _mse(table, as_json, model)


@handle_errors
def _mse(table: Path, as_json: bool, models: list[str] | None) -> None:
    result = estimate_overlap_table(table, models or None)
    if as_json:
        print(json.dumps(_mse_json(result), indent=2, ensure_ascii=False, allow_nan=False))
        return
    console.print(
        models_table(
            result.models,
            _preferred(result),
            f"{result.table.path}: lists {', '.join(result.table.names)}, "
            f"{result.table.observed:,} people observed",
        )
    )
    console.print(Text("N: estimated total population; 95% CI: multinomial profile likelihood."))
    for fitted in result.models:
        console.print(notes(f"assumptions of {fitted.spec}", fitted.assumptions))
    if result.assumption_warnings:
        console.print(notes("warnings", result.assumption_warnings, "yellow"))


def _preferred(result: OverlapTableResult) -> str | None:
    from groundswell.estimate.recapture import preferred_model

    best = preferred_model(result.models)
    return best.spec if best else None


def _mse_json(result: OverlapTableResult) -> dict[str, Any]:
    """``{"table", "lists", "observed", "counts", "models": [...], "preferred", "assumption_warnings"}``."""
    return {
        "table": result.table.path,
        "lists": list(result.table.names),
        "observed": result.table.observed,
        "counts": list(result.table.counts),
        "models": [model_dict(fitted) for fitted in result.models],
        "preferred": _preferred(result),
        "assumption_warnings": list(result.assumption_warnings),
    }
