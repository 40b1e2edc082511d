"""What people said: classify posts as disclosure, support, news, opposition or unrelated, and measure how well.

    from groundswell.classify import Classifier, evaluate
    model = Classifier.load_default()          # offline baseline, en/es/fr, hashed n-grams
    model.predict(["#metoo it happened to me at 15"])   # -> ['disclosure']

The baseline is trained only on seed texts written for groundswell (`data/seed_labels.csv`);
`train()` fits a new model from any labels (its classes are the distinct training labels).
"""

from groundswell.classify.evaluation import (
    ClassScores,
    Evaluation,
    cross_validate,
    evaluate,
    evaluate_predictions,
    wilson_interval,
)
from groundswell.classify.features import FeatureConfig, hash_features, normalize_text
from groundswell.classify.labels import LabelledText, read_labels, text_sha256, write_labels
from groundswell.classify.model import CATEGORIES, Classifier
from groundswell.classify.sampling import choose_to_label, uncertainty
from groundswell.classify.training import load_seed_labels, train, train_default

__all__ = [
    "CATEGORIES",
    "ClassScores",
    "Classifier",
    "Evaluation",
    "FeatureConfig",
    "LabelledText",
    "choose_to_label",
    "cross_validate",
    "evaluate",
    "evaluate_predictions",
    "hash_features",
    "load_seed_labels",
    "normalize_text",
    "read_labels",
    "text_sha256",
    "train",
    "train_default",
    "uncertainty",
    "wilson_interval",
    "write_labels",
]
