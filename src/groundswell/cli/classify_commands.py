"""`groundswell label` and `groundswell classify train|evaluate|apply`: what people said, by category."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table

from groundswell.categorize import (
    PostLabel,
    apply_classifier,
    load_classifier,
    sample_to_label,
    save_labels,
    score_on_labels,
    train_from_labels,
)
from groundswell.classify import Evaluation, LabelledText, read_labels, write_labels
from groundswell.cli.common import DbOption, KeyFileOption, console, handle_errors
from groundswell.errors import InputError
from groundswell.movements import load_movement
from groundswell.store import DEFAULT_DB, Store
from groundswell.store.matching import ensure_matches

classify_app = typer.Typer(
    help="Train, evaluate and apply the post classifier.", no_args_is_help=True
)
MovementOpt = Annotated[
    str | None,
    typer.Option("--movement", "-m", help="Only this movement's matching posts (name or TOML)."),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", help="A model from `classify train` (default: the shipped baseline)."),
]
LabelsOpt = Annotated[
    Path, typer.Option("--labels", help="CSV with columns text,label[,id,platform].")
]
SKIP, QUIT = "x", "q"


def _movement_name(store: Store, ref: str | None, key_file: Path | None) -> str | None:
    if ref is None:
        return None
    movement = load_movement(ref)
    ensure_matches(store, movement, key_file=key_file)
    return movement.name


def _keys(classes: tuple[str, ...]) -> dict[str, str]:
    firsts = [c[0] for c in classes]
    if len(set(firsts)) == len(firsts) and not {SKIP, QUIT} & set(firsts):
        return dict(zip(firsts, classes, strict=True))
    return {str(i + 1): c for i, c in enumerate(classes)}


def label_command(
    db: DbOption = DEFAULT_DB,
    movement: MovementOpt = None,
    n: Annotated[int, typer.Option("--n", help="How many posts to label.")] = 50,
    out: Annotated[
        Path,
        typer.Option("--out", help="Labels CSV to add to (holds post texts: keep it private)."),
    ] = Path("labels.csv"),
    export_sample: Annotated[
        Path | None,
        typer.Option(
            "--export-sample", help="Write the sample as CSV with empty labels instead of asking."
        ),
    ] = None,
    model: ModelOpt = None,
    random_share: Annotated[
        float,
        typer.Option(
            "--random-share", help="Share of the sample drawn at random, not by uncertainty."
        ),
    ] = 0.3,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample.")] = 0,
    key_file: KeyFileOption = None,
) -> None:
    """Label posts by hand in the terminal, the ones the classifier is least sure of first.

    Post texts are shown and saved on this machine only (your own computer); the labels go to the
    store (as text hashes) and to --out as CSV with the texts, so keep that file private.

    Example: groundswell label --db metoo.duckdb --movement metoo --n 50 --out labels.csv
    """
    _label(db, movement, n, out, export_sample, model, random_share, seed, key_file)


@handle_errors
def _label(
    db: Path,
    movement: str | None,
    n: int,
    out: Path,
    export_sample: Path | None,
    model: Path | None,
    random_share: float,
    seed: int,
    key_file: Path | None,
) -> None:
    if not db.exists():
        raise InputError(f"{db}: no store here. Run `groundswell ingest PATH --db {db}` first.")
    classifier, _name = load_classifier(model)
    with Store(db) as store:
        name = _movement_name(store, movement, key_file)
        sample = sample_to_label(
            store, classifier, movement=name, n=n, seed=seed, random_share=random_share
        )
        if export_sample is not None:
            rows = [LabelledText(c.text, "", c.id, c.platform) for c in sample]
            write_labels(export_sample, rows)
            console.print(
                f"{len(rows)} posts written to {export_sample} with empty labels; "
                f"fill the label column, then `groundswell classify evaluate --labels {export_sample}`"
            )
            return
        keys = _keys(classifier.classes)
        legend = (
            "  ".join(f"[bold]{k}[/] {c}" for k, c in keys.items())
            + f"  [bold]{SKIP}[/] skip  [bold]{QUIT}[/] quit"
        )
        console.print(
            "[dim]Texts are shown on this machine only. See docs/codebook.md for the rules.[/]"
        )
        done: list[PostLabel] = []
        for i, post in enumerate(sample, 1):
            console.print(
                Panel(
                    post.text, title=f"{i}/{len(sample)}  {post.platform}", subtitle=post.chosen_by
                )
            )
            console.print(legend)
            answer = Prompt.ask(
                "label", choices=[*keys, SKIP, QUIT], show_choices=False, console=console
            )
            if answer == QUIT:
                break
            if answer != SKIP:
                done.append(
                    PostLabel(post.platform, post.id, post.text, keys[answer], post.chosen_by)
                )
        save_labels(store, done)
    _merge_csv(out, done)
    console.print(f"{len(done)} labels saved in {db} and {out}")


def _merge_csv(out: Path, new: list[PostLabel]) -> None:
    old = read_labels(out) if out.exists() else []
    fresh = {(x.platform, x.id) for x in new}
    rows = [r for r in old if (r.platform, r.id) not in fresh]
    rows += [LabelledText(x.text, x.label, x.id, x.platform) for x in new]
    if rows:
        write_labels(out, rows)


@classify_app.command("train")
@handle_errors
def train_command(
    labels: LabelsOpt,
    model_out: Annotated[
        Path, typer.Option("--model-out", help="Where to write the model.")
    ] = Path("classifier.json"),
    seed_texts: Annotated[
        bool,
        typer.Option("--seed-texts/--no-seed-texts", help="Also train on the shipped seed texts."),
    ] = True,
    folds: Annotated[
        int, typer.Option("--folds", help="Cross-validation folds recorded with the model.")
    ] = 5,
) -> None:
    """Train a classifier on labelled posts and record its cross-validated errors.

    Example: groundswell classify train --labels labels.csv --model-out classifier.json
    """
    model = train_from_labels(read_labels(labels), with_seed=seed_texts, folds=folds)
    model.save(model_out)
    cv = model.meta.get("cross_validation")
    note = (
        f", cross-validated macro-F1 {cv['macro_f1']:.3f}"
        if cv
        else " (too few labels to cross-validate)"
    )
    console.print(f"model written to {model_out}: classes {', '.join(model.classes)}{note}")


@classify_app.command("evaluate")
@handle_errors
def evaluate_command(
    labels: LabelsOpt,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    cv: Annotated[
        bool, typer.Option("--cv/--no-cv", help="Also cross-validate training on the labels.")
    ] = True,
) -> None:
    """Score the current model on labelled posts it was not trained on (it is not retrained).

    Example: groundswell classify evaluate --labels labels.csv --json
    """
    classifier, name = load_classifier(model)
    scores = score_on_labels(classifier, read_labels(labels), cv=cv)
    if as_json:
        typer.echo(json.dumps(scores.to_json_dict(name), indent=2))
        return
    if scores.excluded_trained_on:
        console.print(
            f"{scores.excluded_trained_on} labelled posts the model was trained on are left out"
        )
    if scores.holdout is None:
        console.print("no labelled post left to score the model on")
    else:
        _print_evaluation(f"{name} on {scores.used} labelled posts", scores.holdout)
    if scores.cross_validation is not None:
        _print_evaluation("a model trained on these labels", scores.cross_validation)


def _print_evaluation(title: str, ev: Evaluation) -> None:
    table = Table("class", "precision", "recall", "F1", "support", title=title)
    for s in ev.per_class:
        table.add_row(
            s.label,
            f"{s.precision:.2f} [{s.precision_ci[0]:.2f}, {s.precision_ci[1]:.2f}]",
            f"{s.recall:.2f} [{s.recall_ci[0]:.2f}, {s.recall_ci[1]:.2f}]",
            f"{s.f1:.2f} [{s.f1_ci[0]:.2f}, {s.f1_ci[1]:.2f}]",
            str(s.support),
        )
    console.print(table)
    console.print(
        f"macro-F1 {ev.macro_f1:.3f} [{ev.macro_f1_ci[0]:.3f}, {ev.macro_f1_ci[1]:.3f}], "
        f"accuracy {ev.accuracy:.3f}, {ev.method}"
    )
    confusion = Table("true \\ predicted", *ev.classes, title="confusion matrix")
    for label, row in zip(ev.classes, ev.confusion, strict=True):
        confusion.add_row(label, *map(str, row))
    console.print(confusion)


@classify_app.command("apply")
@handle_errors
def apply_command(
    db: DbOption = DEFAULT_DB,
    movement: MovementOpt = None,
    model: ModelOpt = None,
    key_file: KeyFileOption = None,
) -> None:
    """Store the most probable category and its probability for each post (or a movement's posts).

    Example: groundswell classify apply --db metoo.duckdb --movement metoo
    """
    if not db.exists():
        raise InputError(f"{db}: no store here. Run `groundswell ingest PATH --db {db}` first.")
    classifier, name = load_classifier(model)
    from groundswell.categorize import model_id

    with Store(db) as store:
        summary = apply_classifier(
            store,
            classifier,
            model_id(classifier, name),
            movement=_movement_name(store, movement, key_file),
        )
    counts = ", ".join(f"{c} {k:,}" for c, k in summary.by_category.items())
    console.print(f"{summary.posts:,} posts classified with {summary.model}: {counts}")
