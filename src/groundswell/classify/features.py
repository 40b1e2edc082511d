"""Hashed word and character n-gram features for the post classifier, computed in bulk with NumPy.

Every text is normalised (lower case, links and mentions replaced by placeholders, `# metoo`
joined to `#metoo`), then all texts are laid end to end in one byte array. Any substring's hash is
then O(1) from a prefix sum of `byte * B**position` (mod 2**64, where B is odd and so invertible),
so word unigrams, word bigrams and byte n-grams are all hashed with a handful of vectorised
operations instead of a Python loop per n-gram. The hash is stable across processes and machines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["FeatureConfig", "Features", "hash_features", "normalize_text"]

_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_BASE_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALT_WORD = np.uint64(0x51_7C_C1_B7_27_22_0A_95)
_SALT_BIGRAM = np.uint64(0x2545_F491_4F6C_DD1D)

_PICTURE = re.compile(r"pic\.twitter\.com/[^\s\0]*")
_QUOTE = re.compile(r"https?://(?:mobile\.)?twitter\.com/\w+/status/[^\s\0]*")
_LINK = re.compile(r"(?:https?://|www\.)(?:www\.)?([\w-]+)?[^\s\0]*")
_MENTION = re.compile(r"@\s?\w+")
_HASH_SPACE = re.compile(r"#\s+(?=\w)")
_AMP = re.compile(r"&amp;")
# Bytes that belong to words: ASCII letters and digits, '#', and every byte of a multi-byte
# UTF-8 character (accented letters in Spanish and French are such bytes).
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyz0123456789#_":
    _WORD_BYTE[_c] = True
_WORD_BYTE[0x80:] = True


@dataclass(frozen=True)
class FeatureConfig:
    """How texts become hashed features; saved with a model so training and use always agree."""

    buckets_log2: int = 20
    """Features are hashed into 2**buckets_log2 buckets."""
    char_ngrams: tuple[int, ...] = (3, 4, 5)
    """Lengths (in UTF-8 bytes) of the character n-grams, taken across word boundaries."""
    word_bigrams: bool = True
    """Whether adjacent word pairs are features besides single words."""


@dataclass(frozen=True)
class Features:
    """A bag of hashed features: feature i is bucket `buckets[i]` of document `docs[i]`.

    Every feature of a document has the same value, `doc_scale[doc]` = 1/sqrt(its feature count),
    so that long and short posts have comparable scores.
    """

    docs: npt.NDArray[np.int64]
    buckets: npt.NDArray[np.int64]
    doc_scale: npt.NDArray[np.float32]
    n_docs: int

    @property
    def values(self) -> npt.NDArray[np.float32]:
        """The value of each feature."""
        return self.doc_scale[self.docs]


def _normalize(text: str) -> str:
    """Normalise one string that may hold many posts separated by NUL (no pattern crosses a NUL)."""
    text = _AMP.sub("&", text.lower())
    text = _PICTURE.sub(" piclink ", text)
    text = _QUOTE.sub(" quotelink ", text)
    text = _LINK.sub(r" httplink \1 ", text)
    text = _MENTION.sub(" @user ", text)
    text = _HASH_SPACE.sub("#", text)
    return " " + " ".join(text.replace("\0", " \0 ").split()) + " "


def normalize_text(text: str) -> str:
    """Lower-case a post and replace the parts that carry no meaning for the classifier.

    Links become `piclink` (pictures), `quotelink` (quoted posts) or `httplink <site>`; mentions
    become `@user`; `# metoo` becomes `#metoo`; runs of white space become one space.
    """
    return _normalize(text.replace("\0", " "))


def _substring_hashes(
    cum: npt.NDArray[np.uint64],
    inv_pow: npt.NDArray[np.uint64],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
) -> npt.NDArray[np.uint64]:
    """Hash of bytes[start:end] for each pair, from the prefix sums (all arithmetic mod 2**64)."""
    return (cum[ends] - cum[starts]) * inv_pow[starts]


def _mix(h: npt.NDArray[np.uint64], salt: np.uint64, bits: int) -> npt.NDArray[np.int64]:
    """Scramble raw polynomial hashes (a 64-bit finaliser) and keep the top `bits` bits."""
    h = (h ^ salt) * _MIX
    h ^= h >> np.uint64(31)
    h *= _MIX
    return (h >> np.uint64(64 - bits)).astype(np.int64)


def hash_features(texts: Sequence[str], config: FeatureConfig) -> Features:
    """Hash every text into word, word-pair and character n-gram buckets in one vectorised pass."""
    n_docs = len(texts)
    joined = _normalize("\0".join(t.replace("\0", " ") for t in texts)).encode("utf-8", "replace")
    data = np.frombuffer(joined, dtype=np.uint8)
    n = data.size
    with np.errstate(over="ignore"):
        powers = np.empty(n + 1, dtype=np.uint64)
        powers[0] = 1
        powers[1:] = _BASE
        np.cumprod(powers, out=powers)
        inv_pow = np.empty(n + 1, dtype=np.uint64)
        inv_pow[0] = 1
        inv_pow[1:] = _BASE_INV
        np.cumprod(inv_pow, out=inv_pow)
        cum = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(data.astype(np.uint64) * powers[:n], out=cum[1:])
        doc_of = np.cumsum(data == 0, dtype=np.int64)  # the separator belongs to the next doc

        docs_parts: list[npt.NDArray[np.int64]] = []
        bucket_parts: list[npt.NDArray[np.int64]] = []
        bits = config.buckets_log2

        is_word = _WORD_BYTE[data]
        edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        w_start = np.flatnonzero(edges == 1).astype(np.int64)
        w_end = np.flatnonzero(edges == -1).astype(np.int64)
        w_doc = doc_of[w_start]
        h = _substring_hashes(cum, inv_pow, w_start, w_end)
        docs_parts.append(w_doc)
        bucket_parts.append(_mix(h, _SALT_WORD, bits))
        if config.word_bigrams and w_start.size > 1:
            same = w_doc[:-1] == w_doc[1:]
            h = _substring_hashes(cum, inv_pow, w_start[:-1][same], w_end[1:][same])
            docs_parts.append(w_doc[:-1][same])
            bucket_parts.append(_mix(h, _SALT_BIGRAM, bits))
        for k in config.char_ngrams:
            if n < k:
                continue
            starts = np.arange(n - k + 1, dtype=np.int64)
            same = doc_of[starts] == doc_of[starts + k - 1]
            starts = starts[same & (data[starts] != 0)]
            h = _substring_hashes(cum, inv_pow, starts, starts + k)
            docs_parts.append(doc_of[starts])
            bucket_parts.append(_mix(h, np.uint64(k), bits))

    docs = np.concatenate(docs_parts) if docs_parts else np.zeros(0, dtype=np.int64)
    buckets = np.concatenate(bucket_parts) if bucket_parts else np.zeros(0, dtype=np.int64)
    counts = np.bincount(docs, minlength=n_docs).astype(np.float32)
    scale = (1.0 / np.sqrt(np.maximum(counts, 1.0))).astype(np.float32)
    return Features(docs=docs, buckets=buckets, doc_scale=scale, n_docs=n_docs)
