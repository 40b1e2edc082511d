"""`groundswell movements list|show` and `groundswell match`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from groundswell.cli.common import DbOption, KeyFileOption, console, handle_errors
from groundswell.movements import list_movements, load_movement
from groundswell.store import DEFAULT_DB, Store
from groundswell.store.matching import match_movement, store_pseudonyms

movements_app = typer.Typer(help="List and show movement definitions.", no_args_is_help=True)
MovementOption = Annotated[
    str, typer.Option("--movement", "-m", help="A built-in movement name or a definition file (TOML).")
]


@movements_app.command("list")
@handle_errors
def list_command() -> None:
    """List the built-in movement definitions.

    Example: groundswell movements list
    """
    table = Table("name", "title", "variants", "events")
    for name in list_movements():
        movement = load_movement(name)
        table.add_row(name, movement.title, str(len(movement.variants)), str(len(movement.events)))
    console.print(table)


@movements_app.command("show")
@handle_errors
def show_command(
    name: Annotated[str, typer.Argument(help="A built-in name or a definition file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the normalised definition as JSON.")] = False,
) -> None:
    """Show one movement definition: variants, phrases, window, calls to action and events.

    Example: groundswell movements show metoo
    """
    movement = load_movement(name)
    if as_json:
        data = movement.normalized()
        data["definition_hash"] = movement.definition_hash()
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    console.print(f"[bold]{movement.title}[/] ({movement.name}) — {movement.description}")
    console.print(f"definition hash {movement.definition_hash()[:16]}…, window "
                  f"{movement.window_start or '…'} to {movement.window_end or '…'}")
    console.print("variants: " + ", ".join("#" + v.tag for v in movement.variants))
    for rule in movement.phrases:
        console.print(f"phrase {rule.text!r} counts in: " + ", ".join(c.value for c in rule.contexts))
    for call in movement.calls_to_action:
        console.print(f"call to action: {call.platform} {call.id or call.author} {call.label}")
    events = Table("date", "event", "source")
    for event in movement.events:
        events.add_row(str(event.date), event.label, event.source)
    console.print(events)


def match_command(
    movement: MovementOption,
    db: DbOption = DEFAULT_DB,
    split_hashtags: Annotated[bool, typer.Option("--split-hashtags", help="Also read '# metoo' (scraper-damaged text) as #metoo.")] = False,
    key_file: KeyFileOption = None,
) -> None:
    """Match the store's posts to a movement and record each match's rule and people's roles.

    Example: groundswell match --movement metoo --db metoo.duckdb
    """
    _match(movement, db, split_hashtags, key_file)


@handle_errors
def _match(movement_name: str, db: Path, split_hashtags: bool, key_file: Path | None) -> None:
    movement = load_movement(movement_name)
    with Store(db) as store:
        pseudonyms = store_pseudonyms(store, key_file)
        summary = match_movement(store, movement, split_hashtags=split_hashtags, pseudonyms=pseudonyms)
    table = Table(title=f"{movement.title}: matches", show_header=False)
    table.add_row("matched posts", f"{summary.matched_posts} ({summary.direct_posts} collected directly)")
    table.add_row("voices", str(summary.voices))
    table.add_row("amplifiers", str(summary.amplifiers))
    table.add_row("both", str(summary.both))
    for rule, count in summary.by_rule.items():
        table.add_row(f"  by rule: {rule}", str(count))
    console.print(table)
