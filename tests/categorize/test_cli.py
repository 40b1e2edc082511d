"""`groundswell label` (export and interactive) and `classify train|evaluate|apply` in-process."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from groundswell.categorize import stored_labels
from groundswell.classify import read_labels
from groundswell.cli.main import app
from groundswell.store import Store
from tests.categorize._world import invoke, simulated_store

runner = CliRunner()


def _labels_file(path: Path, truth: dict[tuple[str, str], str], db: Path, n: int = 60) -> Path:
    with Store(db) as store:
        rows = store.connection.execute(
            "SELECT platform, id, text FROM posts WHERE text IS NOT NULL AND kind = 'original' "
            "ORDER BY id LIMIT ?",
            [n],
        ).fetchall()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "id", "platform"])
        for platform, post_id, text in rows:
            writer.writerow([text, truth[(platform, post_id)], post_id, platform])
    return path


def test_label_export_sample_and_interactive(tmp_path: Path, key_file: Path) -> None:
    db, movement, _truth = simulated_store(tmp_path, key_file, 5, posts=2000)
    sample = tmp_path / "sample.csv"
    invoke(
        "label",
        "--db",
        str(db),
        "--movement",
        str(movement),
        "--n",
        "5",
        "--export-sample",
        str(sample),
    )
    with sample.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5 and all(r["label"] == "" and r["text"] and r["id"] for r in rows)
    assert list(rows[0]) == ["text", "label", "id", "platform"]

    out = tmp_path / "labels.csv"
    result = runner.invoke(
        app,
        ["label", "--db", str(db), "--movement", str(movement), "--n", "4", "--out", str(out)],
        input="d\nx\nbogus\nn\nq\n",
    )
    assert result.exit_code == 0, result.output
    assert "this machine only" in result.output
    labels = read_labels(out)
    assert [r.label for r in labels] == ["disclosure", "news"]
    with Store(db) as store:
        stored, stale = stored_labels(store)
    assert sorted(r.label for r in stored) == ["disclosure", "news"] and stale == 0
    # a second session does not offer the labelled posts again and keeps the first labels
    result = runner.invoke(
        app,
        ["label", "--db", str(db), "--movement", str(movement), "--n", "1", "--out", str(out)],
        input="s\n",
    )
    assert result.exit_code == 0, result.output
    assert len(read_labels(out)) == 3


def test_classify_train_evaluate_apply(tmp_path: Path, key_file: Path) -> None:
    db, movement, truth = simulated_store(tmp_path, key_file, 6, posts=2000)
    labels = _labels_file(tmp_path / "labels.csv", truth, db)
    model = tmp_path / "model.json"
    text = invoke(
        "classify",
        "train",
        "--labels",
        str(labels),
        "--model-out",
        str(model),
        "--no-seed-texts",
        "--folds",
        "3",
    )
    assert model.exists() and "cross-validated macro-F1" in text
    assert "cross_validation" in json.loads(model.read_text())["meta"]

    # the baseline scored on labels it never saw, as JSON
    result = runner.invoke(app, ["classify", "evaluate", "--labels", str(labels), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert {"per_class", "macro_f1", "confusion", "cross_validation"} <= set(scores)
    for item in scores["per_class"].values():
        assert {"precision", "recall", "f1", "support"} <= set(item)
    # the trained model is not scored on its own training labels
    result = runner.invoke(
        app,
        [
            "classify",
            "evaluate",
            "--labels",
            str(labels),
            "--model",
            str(model),
            "--json",
            "--no-cv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["excluded_trained_on"] == 60
    text = invoke("classify", "evaluate", "--labels", str(labels), "--no-cv")
    assert "confusion matrix" in text and "macro-F1" in text

    text = invoke(
        "classify", "apply", "--db", str(db), "--movement", str(movement), "--model", str(model)
    )
    assert "posts classified with model:" in text
    with Store(db) as store:
        rows = store.connection.execute(
            "SELECT count(*), min(probability), max(probability), count(DISTINCT model) "
            "FROM post_categories"
        ).fetchone()
    assert rows is not None and rows[0] > 0 and 0 < rows[1] <= rows[2] <= 1 and rows[3] == 1
    out = tmp_path / "m.json"
    invoke("measure", "--movement", str(movement), "--db", str(db), "--json", str(out))
    categories = json.loads(out.read_text())["categories"]
    # no store labels: the model's own recorded cross-validation gives the matrix
    assert "cross-validation" in categories["misclassification"]["source"]
    assert not categories["misclassification"]["weak_assumption"]


def test_apply_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["classify", "apply", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "groundswell ingest" in result.output
