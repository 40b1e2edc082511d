"""A seeded generator writing posts and matches straight into a store, with the truth it planned."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa

from groundswell.store import Store
from groundswell.store.schema import POST_COLUMNS

MATCHES_DDL = (
    "CREATE TABLE IF NOT EXISTS matches (movement VARCHAR, platform VARCHAR, id VARCHAR, "
    "rule VARCHAR, detail VARCHAR, definition_hash VARCHAR)"
)
MOVEMENT = "metoo"
EPOCH = datetime(2017, 10, 1)


@dataclass
class Truth:
    """What the generator planned, per day (index 0 = EPOCH's day, UTC)."""

    days: int
    surge_day: int
    voices: list[int] = field(default_factory=list)
    new_voices: list[int] = field(default_factory=list)
    cumulative_voices: list[int] = field(default_factory=list)
    posts: list[int] = field(default_factory=list)
    amplifiers: list[int] = field(default_factory=list)
    all_posts: list[int] = field(default_factory=list)
    call_to_action: tuple[str, str] = ("twitter", "cta")
    first_use: dict[str, str] = field(default_factory=dict)  # variant -> post id
    total_posts: int = 0


@dataclass
class _Rows:
    posts: list[dict[str, object]] = field(default_factory=list)
    matches: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)

    def post(
        self,
        pid: str,
        author: str | None,
        kind: str,
        at: datetime,
        *,
        deleted: bool = False,
        parent: str | None = None,
        tags: tuple[str, ...] = (),
        platform: str = "twitter",
        lang: str = "en",
    ) -> None:
        self.posts.append(
            {
                "platform": platform,
                "id": pid,
                "author": author,
                "kind": kind,
                "created_at": at,
                "lang": lang,
                "reply_to_id": parent if kind == "reply" else None,
                "quoted_id": parent if kind == "quote" else None,
                "reposted_id": parent if kind == "repost" else None,
                "hashtags": list(tags),
                "hashtags_norm": [t.lower() for t in tags],
                "direct": True,
                "withheld": False,
                "deleted": deleted,
            }
        )

    def match(self, pid: str, detail: str, platform: str = "twitter", repost: bool = False) -> None:
        rule = "repost of a match" if repost else "hashtag"
        self.matches.append((MOVEMENT, platform, pid, rule, detail, "h1"))


def _plan_new(day: int, surge: int, scale: int) -> int:
    if day < surge:
        return 2 * scale
    return max(3 * scale, int(60 * scale * 0.8 ** (day - surge)))


def generate(
    store: Store,
    *,
    seed: int = 1,
    days: int = 30,
    surge_day: int = 12,
    background_per_day: int = 400,
    scale: int = 1,
) -> Truth:
    """Write a movement into ``store`` and return its truth (scale multiplies people and posts)."""
    rng = random.Random(seed)
    rows = _Rows()
    truth = Truth(days, surge_day)
    voices: list[str] = []
    roots: list[str] = []
    counter = 0
    cumulative = 0

    def next_id() -> str:
        nonlocal counter
        counter += 1
        return f"p{counter:09d}"

    def moment(day: int, lo: int = 0, hi: int = 86_399) -> datetime:
        return EPOCH + timedelta(days=day, seconds=rng.randint(lo, hi))

    for day in range(days):
        day_posts = 0
        active: set[str] = set()
        amps: set[str] = set()
        if day == surge_day:  # the call to action, early in the day
            rows.post(
                "cta", "acct_cta", "original", EPOCH + timedelta(days=day, hours=1), tags=("MeToo",)
            )
            rows.match("cta", "#MeToo")
            roots.append("cta")
            voices.append("acct_cta")
            active.add("acct_cta")
            cumulative += 1
            day_posts += 1
        fresh = [f"v{day:03d}_{i:05d}" for i in range(_plan_new(day, surge_day, scale))]
        returning = rng.sample(voices, min(len(voices), len(fresh) // 2 + scale))
        for author in fresh + returning:
            for _ in range(rng.choice((1, 1, 2, 3))):
                pid = next_id()
                tag = "YoTambien" if day >= surge_day + 3 and rng.random() < 0.2 else "MeToo"
                at = moment(day, 3 * 3600 if day == surge_day else 0)
                if day >= surge_day and author in fresh and rng.random() < 0.8:
                    rows.post(pid, author, "reply", at, parent="cta", tags=(tag, "TimesUp"))
                elif roots and rng.random() < 0.3:
                    rows.post(pid, author, "quote", at, parent=rng.choice(roots), tags=(tag,))
                else:
                    rows.post(
                        pid,
                        author,
                        "original",
                        at,
                        tags=(tag, "Women"),
                        lang="es" if tag == "YoTambien" else "en",
                    )
                    roots.append(pid)
                rows.match(pid, f"#{tag} (#MeToo)")
                day_posts += 1
            active.add(author)
        voices.extend(fresh)
        cumulative += len(fresh)
        for _ in range(len(active) // 2):  # reposts: amplifiers (some are voices too)
            amp = rng.choice((f"amp{rng.randrange(40 * scale):04d}", rng.choice(voices)))
            pid = next_id()
            rows.post(pid, amp, "repost", moment(day), parent=rng.choice(roots[-50:]))
            rows.match(pid, "reposts x (#MeToo)", repost=True)
            amps.add(amp)
            day_posts += 1
        for i in range(2):  # matched but deleted, and matched without an author: not voices
            pid = next_id()
            rows.post(pid, f"gone{day}_{i}", "original", moment(day), deleted=True, tags=("MeToo",))
            rows.match(pid, "#MeToo")
        pid = next_id()
        rows.post(pid, None, "original", moment(day), tags=("MeToo",))
        rows.match(pid, "#MeToo")
        day_posts += 1
        background = background_per_day * scale
        for _ in range(background):
            rows.post(
                next_id(),
                f"bg{rng.randrange(500 * scale)}",
                "original",
                moment(day),
                tags=("news",),
            )
        truth.voices.append(len(active))
        truth.new_voices.append(len(fresh) + (1 if day == surge_day else 0))
        truth.cumulative_voices.append(cumulative)
        truth.posts.append(day_posts)
        truth.amplifiers.append(len(amps))
        truth.all_posts.append(day_posts + background)
    _first_uses(rows, truth)
    _write(store, rows)
    truth.total_posts = len(rows.posts)
    return truth


def _first_uses(rows: _Rows, truth: Truth) -> None:
    by_id = {str(p["id"]): p for p in rows.posts}
    best: dict[str, tuple[datetime, str]] = {}
    for _, _, pid, rule, detail, _ in rows.matches:
        post = by_id[pid]
        if rule != "hashtag" or post["deleted"] or post["author"] is None:
            continue
        variant = detail.split()[0].lstrip("#").lower()
        key = (post["created_at"], pid)
        if variant not in best or key < best[variant]:  # type: ignore[operator]
            best[variant] = key  # type: ignore[assignment]
    truth.first_use = {v: pid for v, (_, pid) in best.items()}


def _write(store: Store, rows: _Rows) -> None:
    names = [name for name, _ in POST_COLUMNS]
    columns = {name: [row.get(name) for row in rows.posts] for name in names}
    frame = pa.table(columns)
    found = pa.table(
        {
            n: [m[i] for m in rows.matches]
            for i, n in enumerate(
                ("movement", "platform", "id", "rule", "detail", "definition_hash")
            )
        }
    )
    con = store.connection
    con.execute(MATCHES_DDL)
    con.register("gen_posts", frame)
    con.register("gen_matches", found)
    con.execute("INSERT INTO posts SELECT * FROM gen_posts")
    con.execute("INSERT INTO matches SELECT * FROM gen_matches")
    con.unregister("gen_posts")
    con.unregister("gen_matches")


def fresh_store(path: Path, **options: int) -> tuple[Store, Truth]:
    """Create a store at ``path`` and fill it; return it open with its truth."""
    store = Store(path)
    return store, generate(store, **options)
