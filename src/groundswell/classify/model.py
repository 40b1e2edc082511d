"""The post classifier: a linear model over hashed n-grams, its file format, and the shipped baseline."""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from groundswell.classify.features import FeatureConfig, hash_features
from groundswell.errors import InputError

__all__ = ["CATEGORIES", "Classifier", "DEFAULT_MODEL"]

CATEGORIES = ("disclosure", "support", "news", "opposition", "unrelated")
"""The default label set; a classifier takes its own label set from its training labels."""

DEFAULT_MODEL = "baseline.json"
_FORMAT = "groundswell-classifier"
_VERSION = 1
_CHUNK = 4096


def _pack(array: npt.NDArray[Any]) -> str:
    return base64.b64encode(zlib.compress(array.tobytes(), 9)).decode("ascii")


def _unpack(text: str, dtype: type[np.generic]) -> npt.NDArray[Any]:
    return np.frombuffer(zlib.decompress(base64.b64decode(text)), dtype=dtype)


class Classifier:
    """Multinomial logistic regression over hashed word and character n-grams.

    `weights[b, k]` is the weight of hash bucket `b` for class `classes[k]`; the score of a text is
    the sum over its features of weight times feature value, plus `bias`; `predict_proba` is the
    softmax of the scores. `meta` records how the model was trained (data, seed, regularisation).
    """

    def __init__(
        self,
        classes: Sequence[str],
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32],
        config: FeatureConfig,
        meta: dict[str, Any] | None = None,
    ) -> None:
        if weights.shape != (1 << config.buckets_log2, len(classes)):
            raise ValueError(f"weights shape {weights.shape} does not fit {len(classes)} classes")
        self.classes: tuple[str, ...] = tuple(classes)
        # stored class-major: scoring gathers from one 4 MB column at a time, which stays in cache
        self._columns = np.ascontiguousarray(weights.T, dtype=np.float32)
        self.bias = bias.astype(np.float32, copy=False)
        self.config = config
        self.meta: dict[str, Any] = dict(meta or {})

    @property
    def weights(self) -> npt.NDArray[np.float32]:
        """Weights by hash bucket and class, shape (2**buckets_log2, len(classes)) (a view)."""
        return self._columns.T

    def decision_function(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Raw class scores, shape (len(texts), len(classes))."""
        texts = list(texts)
        out = np.empty((len(texts), len(self.classes)), dtype=np.float32)
        for lo in range(0, len(texts), _CHUNK):
            chunk = texts[lo : lo + _CHUNK]
            feats = hash_features(chunk, self.config)
            for k in range(len(self.classes)):
                out[lo : lo + len(chunk), k] = np.bincount(
                    feats.docs, weights=self._columns[k][feats.buckets], minlength=feats.n_docs
                )
            out[lo : lo + len(chunk)] *= feats.doc_scale[:, None]
        out += self.bias
        return out

    def predict_proba(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Class probabilities, shape (len(texts), len(classes)); columns follow `classes`."""
        scores = self.decision_function(texts).astype(np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most probable class of each text."""
        if len(texts) == 0:
            return []
        best = self.decision_function(texts).argmax(axis=1)
        return [self.classes[i] for i in best]

    # -- files -------------------------------------------------------------------------------

    def to_json_dict(self) -> dict[str, Any]:
        """The model as JSON: only buckets with a non-zero weight are stored (float16, zlib)."""
        used = np.flatnonzero(np.any(self.weights != 0, axis=1)).astype(np.int32)
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "classes": list(self.classes),
            "config": {
                "buckets_log2": self.config.buckets_log2,
                "char_ngrams": list(self.config.char_ngrams),
                "word_bigrams": self.config.word_bigrams,
            },
            "bias": [float(b) for b in self.bias],
            "buckets": _pack(used),
            "weights": _pack(self.weights[used].astype(np.float16)),
            "meta": self.meta,
        }

    def save(self, path: str | Path) -> None:
        """Write the model to a JSON file."""
        Path(path).write_text(json.dumps(self.to_json_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_json_dict(cls, payload: dict[str, Any], source: str = "<dict>") -> Classifier:
        """Rebuild a model from `to_json_dict()` output."""
        if payload.get("format") != _FORMAT or payload.get("version") != _VERSION:
            raise InputError(
                f"{source}: not a groundswell classifier file (format version {_VERSION}); "
                "train one with groundswell.classify.train() and save it with .save()"
            )
        try:
            raw = payload["config"]
            config = FeatureConfig(
                buckets_log2=int(raw["buckets_log2"]),
                char_ngrams=tuple(int(k) for k in raw["char_ngrams"]),
                word_bigrams=bool(raw["word_bigrams"]),
            )
            classes = [str(c) for c in payload["classes"]]
            used = _unpack(payload["buckets"], np.int32)
            rows = _unpack(payload["weights"], np.float16).reshape(used.size, len(classes))
            bias = np.asarray(payload["bias"], dtype=np.float32)
        except (KeyError, TypeError, ValueError, zlib.error) as error:
            raise InputError(
                f"{source}: damaged classifier file ({error}); save the model again"
            ) from error
        weights = np.zeros((1 << config.buckets_log2, len(classes)), dtype=np.float32)
        weights[used] = rows
        return cls(classes, weights, bias, config, payload.get("meta"))

    @classmethod
    def load(cls, path: str | Path) -> Classifier:
        """Read a model written by `save()`."""
        try:
            payload = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise InputError(f"{path}: cannot read classifier ({error}); check the path") from error
        return cls.from_json_dict(payload, str(path))

    @classmethod
    def load_default(cls) -> Classifier:
        """The shipped baseline, trained on the seed texts in `classify/data/seed_labels.csv`."""
        text = (
            resources.files("groundswell.classify")
            .joinpath("data", DEFAULT_MODEL)
            .read_text("utf-8")
        )
        return cls.from_json_dict(json.loads(text), f"groundswell/classify/data/{DEFAULT_MODEL}")
