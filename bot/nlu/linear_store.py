"""The intent ensemble's fitted linear models, stored as data: a JSON description and NumPy arrays.

skops stored the same model in 83 MB, most of the assistant's model file, and took 8 s to import
and write at every training and 5 s to read at every start. The model is only TF-IDF vectorizers
(their settings, vocabularies and idf weights) feeding one logistic regression (its classes,
coefficients and intercepts): written out as such it is a fifth of the size, is written and read
in well under a second, and loading it runs no code from the file (the arrays are read with
allow_pickle=False). The loaded model predicts exactly what the fitted one did
(tests/nlu/test_intent_ensemble.py). The embedding model, a logistic regression on sentence
embeddings, is stored beside it the same way (the encoder's weights come with its package).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

DESCRIPTION_FILE = "linear_intent_model.json"
ARRAYS_FILE = "linear_intent_model.npz"
# The vectorizer settings a stored model keeps; any other setting must stay at its default.
VECTORIZER_SETTINGS = ("analyzer", "ngram_range", "token_pattern", "lowercase", "sublinear_tf")


def dump(model: Pipeline, folder: Path, embedding_model: LogisticRegression | None = None) -> None:
    union: FeatureUnion = model.named_steps["features"]
    classifier: LogisticRegression = model.named_steps["classifier"]
    blocks, arrays = [], {"coef": classifier.coef_, "intercept": classifier.intercept_}
    for name, vectorizer in union.transformer_list:
        settings = {key: vectorizer.get_params()[key] for key in VECTORIZER_SETTINGS}
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)  # in column order
        blocks.append({"name": name, "settings": settings, "terms": terms})
        arrays[f"idf_{name}"] = vectorizer.idf_
    description = {"classes": [str(c) for c in classifier.classes_], "blocks": blocks}
    if embedding_model is not None:
        description["embedding_classes"] = [str(c) for c in embedding_model.classes_]
        arrays["embedding_coef"], arrays["embedding_intercept"] = embedding_model.coef_, embedding_model.intercept_
    (folder / DESCRIPTION_FILE).write_text(json.dumps(description, ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(folder / ARRAYS_FILE, **arrays)


def _classifier(classes: list[str], coef: np.ndarray, intercept: np.ndarray) -> LogisticRegression:
    classifier = LogisticRegression()
    classifier.classes_ = np.array(classes)
    classifier.coef_, classifier.intercept_ = coef, intercept
    return classifier


def load(folder: Path) -> tuple[Pipeline, LogisticRegression | None]:
    """The stored n-gram model and embedding model (None if it had none); FileNotFoundError if
    nothing was stored (trained without data)."""
    description = json.loads((folder / DESCRIPTION_FILE).read_text(encoding="utf-8"))
    with np.load(folder / ARRAYS_FILE, allow_pickle=False) as arrays:
        blocks = []
        for block in description["blocks"]:
            settings = {**block["settings"], "ngram_range": tuple(block["settings"]["ngram_range"])}
            vocabulary = {term: column for column, term in enumerate(block["terms"])}
            vectorizer = TfidfVectorizer(**settings, vocabulary=vocabulary)
            vectorizer.idf_ = arrays[f"idf_{block['name']}"]
            blocks.append((block["name"], vectorizer))
        classifier = _classifier(description["classes"], arrays["coef"], arrays["intercept"])
        embedding_model = None
        if "embedding_classes" in description:
            embedding_model = _classifier(
                description["embedding_classes"], arrays["embedding_coef"], arrays["embedding_intercept"]
            )
    return Pipeline([("features", FeatureUnion(blocks)), ("classifier", classifier)]), embedding_model
