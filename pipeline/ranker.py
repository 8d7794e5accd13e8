"""Which segment answers: a logistic model over a few readable features of a candidate segment,
fitted on the eval dev split only (`python -m eval.train_ranker`) and stored as plain numbers in
`ranker_weights.json`. Without that file the hand-set weights below are used.

Scoring is a dot product in numpy: nothing heavy is imported on the query path.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).with_name("ranker_weights.json")

FEATURES = (
    "similarity",  # e5 cosine of the question and the segment (with its heading)
    "similarity_gap",  # …minus the best in the pool: how far from the closest segment
    "passage_similarity",  # e5 cosine of the question and the whole passage
    "cover",  # share of the question's topic the segment or its heading covers (by specificity)
    "lexical",  # share of the question's content words in the segment or its heading
    "typed",  # states the kind of value asked for (count, date, amount, contact)
    "unqualified",  # fails a condition of the question (1社あたり, 2024年度)
    "kind_heading",  # a title or heading
    "kind_list",  # a list item
    "kind_table",  # a table row or cell item
    "kind_note",  # a note (※, 注)
    "source_note",  # says where something came from (出所, 資料：)
    "rank",  # log(1 + the passage's rank in the search)
    "length",  # log of the segment's length in characters
    "measure",  # how-to questions: says what to do
    "scope",  # how-to questions: describes what a chapter covers or how things go wrong
    "verdict",  # yes/no questions: states a judgement (問題とならない, 対象, 必要)
    "defines",  # definitions: names the topic as its subject (Xは、X（…）, Xとは)
)

# Hand-set weights (logit scale) used until a dev-fitted file exists.
DEFAULT_WEIGHTS = {"similarity": 20.0, "similarity_gap": 10.0, "passage_similarity": 2.0, "cover": 2.0,
                   "lexical": 1.0, "typed": 1.5, "unqualified": -1.0, "kind_heading": -1.0, "kind_list": 0.0,
                   "kind_table": -0.3, "kind_note": -0.2, "source_note": -1.5, "rank": -0.2, "length": 0.0,
                   "measure": 0.8, "scope": -0.8, "verdict": 0.6, "defines": 0.6}
DEFAULT_BIAS = -18.0


@dataclass(frozen=True)
class Ranker:
    weights: np.ndarray
    bias: float
    source: str  # "dev-fitted" or "hand-set"

    def score(self, features: np.ndarray) -> float:
        """Return the log-odds that a segment with these features answers the question."""
        return float(features @ self.weights + self.bias)

    def probability(self, features: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(features)))


@lru_cache(maxsize=1)
def load_ranker(path: Path = WEIGHTS_PATH) -> Ranker:
    """Return the dev-fitted ranker, or the hand-set one when no fitted weights are stored."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = np.array([float(data["weights"][name]) for name in FEATURES], dtype=np.float64)
        return Ranker(weights, float(data["bias"]), "dev-fitted")
    except (OSError, ValueError, KeyError):
        return Ranker(np.array([DEFAULT_WEIGHTS[n] for n in FEATURES], dtype=np.float64), DEFAULT_BIAS, "hand-set")


def vector(values: dict[str, float]) -> np.ndarray:
    """Return the feature vector in FEATURES order (missing features are 0)."""
    return np.array([float(values.get(name, 0.0)) for name in FEATURES], dtype=np.float64)
