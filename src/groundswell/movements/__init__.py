"""Movement definitions (TOML presets and files), matching posts to them, and people's roles."""

from groundswell.movements.definition import (
    CallToAction,
    KeyEvent,
    Movement,
    PhraseContext,
    PhraseRule,
    Variant,
)
from groundswell.movements.loader import list_movements, load_movement, parse_movement
from groundswell.movements.matching import (
    Match,
    MatchRule,
    PostFields,
    PostLike,
    is_call_to_action,
    match_post,
    match_posts,
    repair_split_hashtags,
)
from groundswell.movements.phrases import PhraseHit, classify_phrase, find_phrase, is_disclosure
from groundswell.movements.roles import Role, RoleCounts, compute_roles, count_roles
from groundswell.text.normalize import fold_tag

__all__ = [
    "CallToAction",
    "KeyEvent",
    "Match",
    "MatchRule",
    "Movement",
    "PhraseContext",
    "PhraseHit",
    "PhraseRule",
    "PostFields",
    "PostLike",
    "Role",
    "RoleCounts",
    "Variant",
    "classify_phrase",
    "compute_roles",
    "count_roles",
    "find_phrase",
    "fold_tag",
    "is_call_to_action",
    "is_disclosure",
    "list_movements",
    "load_movement",
    "match_post",
    "match_posts",
    "parse_movement",
    "repair_split_hashtags",
]
