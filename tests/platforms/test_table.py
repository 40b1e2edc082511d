"""Tests for the ``table`` format: column maps, sidecars, timestamps, kinds, ids, the real export."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from groundswell.errors import ColumnMapError, RecordError
from groundswell.model import NoPosts, Post, PostKind, SourceRef
from groundswell.platforms.base import Document, ParseContext
from groundswell.platforms.table import (
    FORMAT,
    UNUSABLE_ID,
    ColumnMap,
    check_column_map,
    find_sidecar,
    load_sidecar,
    load_sidecar_for,
    parse_map_options,
    save_sidecar,
)
from groundswell.platforms.table.timestamps import parse_timestamp, resolve_timezone
from groundswell.platforms.table.values import read_list
from groundswell.privacy.keys import KeyRing
from groundswell.privacy.pseudonyms import Pseudonymizer
from groundswell.sources.tables import read_delimited, read_parquet

METOO_MAP = [
    "text=tweet_full",
    "created_at=created_date",
    "author_handle=screen_name",
    "is_repost=is_retweet?",
    "hashtags=hashtags",
    "mentions=mentions",
    "lang=language",
    "platform=twitter",
]


def context(options: list[str], *, pseudonyms: bool = True) -> ParseContext:
    keys = KeyRing.from_secret(b"k" * 32, Path("test.key")) if pseudonyms else None
    columns, opts = parse_map_options(options).to_context()
    return ParseContext(Pseudonymizer(keys, enabled=pseudonyms), columns, opts)


def row(value: Mapping[str, object], file: str = "t.csv", line: int = 2) -> Document:
    return Document(value, SourceRef(file, line, 0), b"")


def parse_all(document: Document, ctx: ParseContext) -> list[object]:
    return list(FORMAT.parse(document, ctx))


def one_post(document: Document, ctx: ParseContext) -> Post:
    [post] = [i for i in FORMAT.parse(document, ctx) if isinstance(i, Post)]
    return post


BASIC = ["text=body", "created_at=time", "author_handle=user"]


# --- the real export ----------------------------------------------------------------------------


def test_real_semicolon_export_gives_every_post_with_its_kind(shared_data: Path) -> None:
    path = shared_data / "csv" / "metoo-2019-03-semicolon.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        flags = Counter(r["is_retweet?"] for r in csv.DictReader(handle, delimiter=";"))
    ctx = context(METOO_MAP)
    with path.open("rb") as stream:
        docs = [d for d in read_delimited(stream, path.name) if isinstance(d, Document)]
    assert FORMAT.sniff(docs[:20])
    check_column_map(ctx.column_map, ctx.options, docs[:20], path.name)
    items = [i for d in docs for i in FORMAT.parse(d, ctx)]
    posts = [i for i in items if isinstance(i, Post)]
    assert len(posts) == len(items) == 3182
    kinds = Counter(p.kind for p in posts)
    assert kinds[PostKind.REPOST] == flags["True"]
    assert kinds[PostKind.ORIGINAL] == flags["False"]
    assert len({p.id for p in posts}) == 3182  # derived ids: no two rows collide
    assert all(p.id.startswith("derived:") for p in posts)
    assert all(p.created_at.tzinfo is UTC and p.utc_offset_minutes is None for p in posts)
    assert min(p.created_at for p in posts) >= datetime(2019, 3, 16, tzinfo=UTC)
    assert max(p.created_at for p in posts) < datetime(2019, 3, 21, tzinfo=UTC)
    assert sum("metoo" in p.hashtags_norm for p in posts) > 2000
    assert all(p.platform == "twitter" and p.format == "table" for p in posts)
    # no handle survives: not as author, not in mentions, not as @handle in the text
    with path.open(newline="", encoding="utf-8") as handle:
        names = {r["screen_name"] for r in csv.DictReader(handle, delimiter=";")}
    assert not names & {p.author_handle for p in posts}
    assert all(p.author and p.author.startswith("p_") for p in posts)
    assert all(m.startswith("p_") for p in posts for m in p.mentions)
    written = [h for p in posts for h in re.findall(r"(?<![\w@/.])@(\w+)", p.text or "")]
    assert len(written) > 1000 and all(h.startswith("p_") for h in written)


def test_dot_at_handles_are_scrubbed_too() -> None:
    post = one_post(row({"body": "so true .@Someone said", "time": "2019-01-01", "user": "a"}), context(BASIC))
    assert "Someone" not in (post.text or "")


def test_reingesting_gives_the_same_ids(shared_data: Path) -> None:
    path = shared_data / "csv" / "metoo-2019-03-semicolon.csv"

    def ids() -> list[str]:
        ctx = context(METOO_MAP)
        with path.open("rb") as stream:
            docs = [d for d in read_delimited(stream, path.name) if isinstance(d, Document)]
        return [one_post(d, ctx).id for d in docs[:200]]

    assert ids() == ids()


# --- column maps --------------------------------------------------------------------------------


def test_wrong_column_map_names_the_file_column_and_choices() -> None:
    ctx = context(["text=tweet", "created_at=time"])
    with pytest.raises(ColumnMapError) as caught:
        parse_all(row({"body": "hi", "time": "2019-01-01"}, file="export.csv"), ctx)
    message = str(caught.value)
    assert "export.csv" in message and "'tweet'" in message
    assert "'body'" in message and "'time'" in message and "--map text=COLUMN" in message


def test_missing_required_field_and_unknown_field() -> None:
    with pytest.raises(ColumnMapError, match="created_at"):
        parse_map_options(["text=body"]).validate(["body"], "x.csv")
    with pytest.raises(ColumnMapError, match="did you mean 'author_handle'"):
        parse_map_options(["author_handel=user"])
    with pytest.raises(ColumnMapError, match="FIELD=COLUMN"):
        parse_map_options(["text"])
    with pytest.raises(ColumnMapError, match="timezone"):
        parse_map_options(["timezone=Mars/Olympus"])


def test_jsonl_rows_with_nested_keys() -> None:
    ctx = context(["text=full_text", "created_at=created_at", "author=user.id_str", "id=id_str"])
    value = {
        "id_str": "1053",
        "full_text": "hello #MeToo",
        "created_at": "Wed Oct 10 20:19:24 +0000 2018",
        "user": {"id_str": "42", "screen_name": "someone"},
    }
    post = one_post(row(value, file="t.jsonl"), ctx)
    assert post.id == "1053"
    assert post.created_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
    assert post.utc_offset_minutes == 0
    assert post.author == ctx.pseudonyms.account("csv", "42")
    assert post.raw == orjson.dumps(value)


def test_parquet_rows_with_typed_values(tmp_path: Path) -> None:
    path = tmp_path / "posts.parquet"
    table = pa.table(
        {
            "post_id": pa.array([1180000000000000001, 1180000000000000002], pa.int64()),
            "body": ["first", "second"],
            "ts": pa.array([datetime(2019, 10, 1, 12), datetime(2019, 10, 1, 13)]),
            "tags": [["MeToo", "a"], []],
            "likes": [3, None],
        }
    )
    pq.write_table(table, path)
    ctx = context(["id=post_id", "text=body", "created_at=ts", "hashtags=tags", "likes=likes"])
    posts = [one_post(d, ctx) for d in read_parquet(path, path.name)]
    assert [p.id for p in posts] == ["1180000000000000001", "1180000000000000002"]
    assert posts[0].created_at == datetime(2019, 10, 1, 12, tzinfo=UTC)
    assert posts[0].hashtags == ("MeToo", "a") and posts[1].hashtags == ()
    assert posts[0].engagement.likes == 3 and posts[1].engagement.likes is None
    assert posts[1].source.line == 2


# --- rows ---------------------------------------------------------------------------------------


def test_excel_scientific_ids_are_flagged_and_replaced() -> None:
    ctx = context([*BASIC, "id=tweet_id", "reply_to_id=parent"])
    data = b"tweet_id,body,time,user,parent\n1.23457E+18,hi,2019-03-16 14:03:51,ann,9.8765E+17\n"
    [doc] = list(read_delimited(io.BytesIO(data), "excel.csv"))
    assert isinstance(doc, Document)
    items = parse_all(doc, ctx)
    post = items[0]
    assert isinstance(post, Post)
    assert post.id.startswith("derived:") and post.reply_to_id is None
    notes = [i.what for i in items if isinstance(i, NoPosts)]
    assert notes == [f"{UNUSABLE_ID} (id)", f"{UNUSABLE_ID} (reply_to_id)"]
    assert post.kind is PostKind.ORIGINAL  # the reply link was lost, not invented


def test_kinds_from_flags_ids_and_kind_column() -> None:
    ctx = context([*BASIC, "reply_to_id=re", "quoted_id=qt", "is_repost=rt"])
    base = {"body": "x", "time": "2019-01-01T00:00:00Z", "user": "a", "re": "", "qt": "", "rt": ""}
    assert one_post(row(base), ctx).kind is PostKind.ORIGINAL
    assert one_post(row({**base, "rt": "TRUE"}), ctx).kind is PostKind.REPOST
    assert one_post(row({**base, "re": "17"}), ctx).kind is PostKind.REPLY
    assert one_post(row({**base, "qt": "18"}), ctx).kind is PostKind.QUOTE
    with pytest.raises(RecordError, match="yes/no"):
        one_post(row({**base, "rt": "maybe"}), ctx)
    kind_ctx = context([*BASIC, "kind=type"])
    assert one_post(row({**base, "type": "Retweet"}), kind_ctx).kind is PostKind.REPOST
    # without kind or is_repost columns, "RT @x:" marks a repost and its text is kept
    plain = one_post(row({**base, "body": "RT @b: words"}), context(BASIC, pseudonyms=False))
    assert plain.kind is PostKind.REPOST and plain.text == "RT @b: words"


def test_hashtags_from_text_when_no_column_is_mapped() -> None:
    post = one_post(row({"body": "Me too #MeToo #TimesUp", "time": "1552744000"}), context(BASIC))
    assert post.hashtags == ("MeToo", "TimesUp")
    assert post.created_at == datetime.fromtimestamp(1552744000, UTC)


def test_mentions_and_text_are_scrubbed() -> None:
    ctx = context(BASIC)
    post = one_post(
        row({"body": "@Bob and @carol said", "time": "2019-01-01", "user": "@Ann"}), ctx
    )
    assert post.author == post.author_handle == ctx.pseudonyms.handle("csv", "ann")
    assert post.mentions == (
        ctx.pseudonyms.handle("csv", "bob"),
        ctx.pseudonyms.handle("csv", "carol"),
    )
    assert post.text is not None and "Bob" not in post.text and "carol" not in post.text


def test_empty_or_bad_timestamp_is_a_record_error() -> None:
    ctx = context(BASIC)
    with pytest.raises(RecordError, match="empty"):
        parse_all(row({"body": "x", "time": "", "user": "a"}), ctx)
    with pytest.raises(RecordError, match="timestamp_format"):
        parse_all(row({"body": "x", "time": "yesterday", "user": "a"}), ctx)


@pytest.mark.parametrize(
    ("value", "expected", "offset"),
    [
        ("2019-03-16T14:03:51Z", datetime(2019, 3, 16, 14, 3, 51, tzinfo=UTC), 0),
        ("2019-03-16T16:03:51+02:00", datetime(2019, 3, 16, 14, 3, 51, tzinfo=UTC), 120),
        ("2019-03-16 14:03:51", datetime(2019, 3, 16, 14, 3, 51, tzinfo=UTC), None),
        ("2019-03-16 14:03:51 UTC", datetime(2019, 3, 16, 14, 3, 51, tzinfo=UTC), 0),
        ("Wed Oct 10 20:19:24 +0000 2018", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC), 0),
        ("Wed, 10 Oct 2018 22:19:24 +0200", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC), 120),
        ("1539202764", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC), None),
        ("1539202764000", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC), None),
        ("03/16/2019 14:03", datetime(2019, 3, 16, 14, 3, tzinfo=UTC), None),
        ("3/16/19 2:03 PM", datetime(2019, 3, 16, 14, 3, tzinfo=UTC), None),
        ("16.03.2019 14:03:51", datetime(2019, 3, 16, 14, 3, 51, tzinfo=UTC), None),
    ],
)
def test_timestamp_formats(value: str, expected: datetime, offset: int | None) -> None:
    assert parse_timestamp(value) == (expected, offset)


def test_dayfirst_timezone_and_explicit_format() -> None:
    berlin = resolve_timezone("Europe/Berlin")
    moment, offset = parse_timestamp("01/02/2019 10:00", zone=berlin, dayfirst=True)
    assert (moment, offset) == (datetime(2019, 2, 1, 9, tzinfo=UTC), 60)
    with pytest.raises(RecordError, match="dayfirst"):
        parse_timestamp("16/03/2019 10:00")
    assert parse_timestamp("16-03-2019", fmt="%d-%m-%Y")[0] == datetime(2019, 3, 16, tzinfo=UTC)
    assert parse_timestamp("1539202764123", fmt="unix_ms")[0].microsecond == 123000


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("'MeToo', 'TimesUp'", ("MeToo", "TimesUp")),
        ("'a' 'b'", ("a", "b")),
        ("['MeToo', 'x']", ("MeToo", "x")),
        ('["MeToo"]', ("MeToo",)),
        ("#MeToo #x", ("MeToo", "x")),
        ("MeToo,x", ("MeToo", "x")),
        ("nan", ()),
        ("", ()),
    ],
)
def test_list_cells(cell: str, expected: tuple[str, ...]) -> None:
    assert read_list(cell) == expected


# --- sidecars -----------------------------------------------------------------------------------


def test_sidecar_round_trip_and_lookup(tmp_path: Path) -> None:
    table = tmp_path / "export.csv.gz"
    table.write_bytes(b"")
    options = [o for o in METOO_MAP if not o.startswith("text=")]
    options += ['text=say "hi"\\', "delimiter=;", "timezone=Europe/Berlin", "dayfirst=true"]
    original = parse_map_options(options)
    written = save_sidecar(table, original)
    assert written == tmp_path / "export.csv.gz.groundswell.toml"
    assert find_sidecar(table) == written
    loaded = load_sidecar(written)
    assert loaded == original
    assert loaded.delimiter == ";" and loaded.dayfirst and loaded.column("text") == 'say "hi"\\'
    assert load_sidecar_for(table)["timezone"] == "Europe/Berlin"
    written.unlink()
    save_sidecar(tmp_path / "export.csv", original)  # beside the uncompressed name also counts
    assert find_sidecar(table) == tmp_path / "export.csv.groundswell.toml"


def test_bad_sidecar_says_what_is_wrong(tmp_path: Path) -> None:
    sidecar = tmp_path / "a.csv.groundswell.toml"
    sidecar.write_text('text = "body"\n', encoding="utf-8")
    with pytest.raises(ColumnMapError, match=r"\[columns\]"):
        load_sidecar(sidecar)
    sidecar.write_text('[columns]\ntext = "body"\ncreated = "t"\n', encoding="utf-8")
    with pytest.raises(ColumnMapError, match="created_at"):
        load_sidecar(sidecar)


def test_sniff_accepts_text_rows_only() -> None:
    assert FORMAT.sniff([row({"a": "1", "b": None})])
    assert not FORMAT.sniff([row({"id": 1, "text": "x"})])
    assert not FORMAT.sniff([row({"user": {"id": "1"}})])
    assert not FORMAT.sniff([])


def test_command_line_map_overrides_the_sidecar() -> None:
    sidecar = ColumnMap.from_values({"text": "a", "created_at": "b", "timezone": "Europe/Paris"})
    merged = sidecar.merged(parse_map_options(["text=c"]))
    assert merged.column("text") == "c" and merged.column("created_at") == "b"
    assert merged.timezone == "Europe/Paris"
