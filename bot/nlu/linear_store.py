"""The intent ensemble's fitted linear model, stored as data: a JSON description and NumPy arrays.

skops stored the same model in 83 MB, most of the assistant's model file, and took 8 s to import
and write at every training and 5 s to read at every start. The model is only TF-IDF vectorizers
(their settings, vocabularies and idf weights) feeding one logistic regression (its classes,
coefficients and intercepts): written out as such it is a fifth of the size, is written and read
in well under a second, and loading it runs no code from the file (the arrays are read with
allow_pickle=False). The loaded model predicts exactly what the fitted one did
(tests/nlu/test_intent_ensemble.py).
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


def dump(model: Pipeline, folder: Path) -> None:
    union: FeatureUnion = model.named_steps["features"]
    classifier: LogisticRegression = model.named_steps["classifier"]
    blocks, arrays = [], {"coef": classifier.coef_, "intercept": classifier.intercept_}
    for name, vectorizer in union.transformer_list:
        settings = {key: vectorizer.get_params()[key] for key in VECTORIZER_SETTINGS}
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)  # in column order
        blocks.append({"name": name, "settings": settings, "terms": terms})
        arrays[f"idf_{name}"] = vectorizer.idf_
    description = {"classes": [str(c) for c in classifier.classes_], "blocks": blocks}
    (folder / DESCRIPTION_FILE).write_text(json.dumps(description, ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(folder / ARRAYS_FILE, **arrays)


def load(folder: Path) -> Pipeline:
    """The stored model; FileNotFoundError if nothing was stored (trained without data)."""
    description = json.loads((folder / DESCRIPTION_FILE).read_text(encoding="utf-8"))
    with np.load(folder / ARRAYS_FILE, allow_pickle=False) as arrays:
        blocks = []
        for block in description["blocks"]:
            settings = {**block["settings"], "ngram_range": tuple(block["settings"]["ngram_range"])}
            vocabulary = {term: column for column, term in enumerate(block["terms"])}
            vectorizer = TfidfVectorizer(**settings, vocabulary=vocabulary)
            vectorizer.idf_ = arrays[f"idf_{block['name']}"]
            blocks.append((block["name"], vectorizer))
        classifier = LogisticRegression()
        classifier.classes_ = np.array(description["classes"])
        classifier.coef_, classifier.intercept_ = arrays["coef"], arrays["intercept"]
    return Pipeline([("features", FeatureUnion(blocks)), ("classifier", classifier)])
