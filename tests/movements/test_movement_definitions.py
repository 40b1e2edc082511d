"""Movement definitions: presets load, validation errors name file, key and fix, hashes are stable."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from groundswell.errors import DefinitionError
from groundswell.movements import PhraseContext, list_movements, load_movement, parse_movement

MINIMAL = """
name = "demo"
title = "#Demo"
description = "A demo movement."
[[hashtags]]
tag = "Demo"
variants = ["DemoMovement"]
"""


def test_presets() -> None:
    names = list_movements()
    assert {"metoo", "blacklivesmatter", "niunamenos", "whyistayed", "timesup"} <= set(names)
    for name in names:
        movement = load_movement(name)
        assert movement.name == name and movement.variants and movement.events
        for event in movement.events:
            assert event.source.startswith(("http://", "https://"))


def test_metoo_preset_content() -> None:
    metoo = load_movement("metoo")
    keys = metoo.variant_keys()
    for tag in ("#metoo", "#MeTooMovement", "#MeTooIndia", "#BalanceTonPorc", "#MoiAussi",
                "#YoTambién", "#YoTambien", "#QuellaVoltaChe", "#米兔", "#AnaKaman"):  # fmt: skip
        assert tag.lstrip("#").casefold() in keys or tag[1:] in keys or _folded(tag) in keys
    dates = {e.date for e in metoo.events}
    assert {"2006", "2017-10-05", "2017-10-15", "2017-12-06", "2018-09-09"} <= dates
    assert metoo.phrases[0].text == "me too"
    assert PhraseContext.REPLY_TO_CALL in metoo.phrases[0].contexts
    assert metoo.call_ids("twitter") == {"919659438700670976"}


def _folded(tag: str) -> str:
    from groundswell.movements import fold_tag

    return fold_tag(tag)


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    movement = load_movement(path)
    assert movement.variant_keys() == {"demo", "demomovement"}
    assert movement.origin == str(path)


def test_hash_is_stable_across_formatting() -> None:
    a = parse_movement(tomllib.loads(MINIMAL), "a.toml")
    reformatted = MINIMAL.replace(
        'variants = ["DemoMovement"]', 'variants = [ "demomovement" ]  # x'
    )
    b = parse_movement(tomllib.loads(reformatted), "b.toml")
    assert a.definition_hash() == b.definition_hash()
    assert len(a.definition_hash()) == 64
    changed = parse_movement(tomllib.loads(MINIMAL.replace("A demo", "Another")), "c.toml")
    assert changed.definition_hash() != a.definition_hash()


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (MINIMAL.replace('name = "demo"', 'name = "Demo Movement"'), "name"),
        ("colour = 1\n" + MINIMAL, "colour"),
        (MINIMAL + "colour = 1\n", "hashtags[0].colour"),
        (
            MINIMAL.replace('variants = ["DemoMovement"]', 'variants = ["demo movement"]'),
            "hashtags[0].variants",
        ),
        (
            MINIMAL + '[[phrases]]\ntext = "me too"\ncontexts = ["anywhere"]\n',
            "phrases[0].contexts",
        ),
        (MINIMAL + "[window]\nstart = 2020-01-02\nend = 2020-01-01\n", "window.end"),
        (
            MINIMAL + '[[events]]\ndate = "last year"\nlabel = "x"\nsource = "https://e.org"\n',
            "events[0].date",
        ),
        (
            MINIMAL + '[[events]]\ndate = 2020-01-01\nlabel = "x"\nsource = "a book"\n',
            "events[0].source",
        ),
        (MINIMAL + '[[calls_to_action]]\nplatform = "twitter"\n', "calls_to_action[0].id"),
        (MINIMAL.replace('title = "#Demo"', ""), "title"),
    ],
)
def test_errors_name_file_key_and_fix(tmp_path: Path, edit: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(edit, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_movement(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}:")
    assert "Fix:" in message


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="metoo"):
        load_movement(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("name = ", encoding="utf-8")
    with pytest.raises(DefinitionError, match="not valid TOML"):
        load_movement(bad)
