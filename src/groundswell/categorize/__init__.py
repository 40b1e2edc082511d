"""What people said, in the store: classify stored posts, keep labels, and correct category shares.

    from groundswell.categorize import apply_classifier, category_shares
    apply_classifier(store, Classifier.load_default(), "baseline", movement="metoo")
    category_shares(store, "metoo").to_json_dict()   # the `categories` key of the measure JSON

A layer above `store` (and `classify`, `methods`) and below `jobs`: tables in `tables.py`, training
and honest scoring in `models.py`, the error matrix in `misclassification.py`, the bootstrap in
`correction.py`, the shares in `shares.py`.
"""

from groundswell.categorize.apply import (
    ApplySummary,
    Candidate,
    apply_classifier,
    sample_to_label,
    target_posts,
)
from groundswell.categorize.correction import Corrected, correct_counts
from groundswell.categorize.misclassification import (
    SEED_CV_CONFUSION,
    Labelled,
    Misclassification,
    measure_misclassification,
)
from groundswell.categorize.models import (
    LabelScores,
    load_classifier,
    score_on_labels,
    train_from_labels,
    training_hashes,
)
from groundswell.categorize.shares import (
    CategoryShares,
    UnitShares,
    categories_section,
    category_shares,
)
from groundswell.categorize.tables import (
    PostLabel,
    StoredLabel,
    create_category_tables,
    has_categories,
    load_model,
    model_id,
    save_labels,
    stored_labels,
    write_categories,
)

__all__ = [
    "ApplySummary",
    "Candidate",
    "CategoryShares",
    "Corrected",
    "LabelScores",
    "Labelled",
    "Misclassification",
    "PostLabel",
    "SEED_CV_CONFUSION",
    "StoredLabel",
    "UnitShares",
    "apply_classifier",
    "categories_section",
    "category_shares",
    "correct_counts",
    "create_category_tables",
    "has_categories",
    "load_classifier",
    "load_model",
    "measure_misclassification",
    "model_id",
    "sample_to_label",
    "save_labels",
    "score_on_labels",
    "stored_labels",
    "target_posts",
    "train_from_labels",
    "training_hashes",
    "write_categories",
]
