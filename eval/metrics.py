"""Retrieval metrics over runs and qrels, and the evidence-based relevance judgement.

Conventions (the same as trec_eval / ir_measures, so numbers can be cross-checked):

* a **run** is ``{query_id: {passage_id: score}}``; a higher score ranks higher and ties keep
  the order in which the retriever returned the passages (dict insertion order, stable sort);
* **qrels** are ``{query_id: {passage_id: grade}}``; a grade > 0 means relevant;
* a metric is averaged over the queries of the qrels (a query the run did not answer scores 0;
  a run entry for a query without qrels is ignored) — unanswerable questions are therefore kept
  out of retrieval metrics simply by leaving them out of the qrels.

Relevance is judged on the passage text, not on ids, so it does not depend on how a system cut
the corpus: a passage is relevant iff its compacted text contains the compacted text of any of
the question's evidence strings (``pipeline.normalize.compact``: NFKC, unified ideographs, no
markup, no whitespace).

nDCG uses binary gains and counts only the **first** relevant passage, against an ideal of one
relevant passage at rank 1: ``ndcg@k = 1 / log2(1 + rank of first relevant)`` (0 if none in the
top k). How many passages contain the evidence depends on the chunking (a system with
overlapping 1,000-character nodes has more of them than one with 300-character chunks), so the
standard ideal (all relevant passages ranked first) would not compare systems fairly. The
standard form is available with ``ideal="all"``.

Nothing here mutates its arguments.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

Run = Mapping[str, Mapping[str, float]]
Qrels = Mapping[str, Mapping[str, int]]

DEFAULT_METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
_METRIC = re.compile(r"^(recall|mrr|ndcg)@(\d+)$")


# ---------------------------------------------------------------------------------------------
# relevance


def compact_evidence(evidence: Iterable[str]) -> tuple[str, ...]:
    """Return the compacted, non-empty evidence strings of a question."""
    from pipeline.normalize import compact

    return tuple(e for e in (compact(x) for x in evidence) if e)


def is_relevant(passage_text: str, evidence: Sequence[str], precompacted: bool = False) -> bool:
    """Return True when the passage contains any evidence string (both compacted)."""
    from pipeline.normalize import compact

    keys = tuple(evidence) if precompacted else compact_evidence(evidence)
    if not keys:
        return False
    text = compact(passage_text)
    return any(k in text for k in keys)


def judge_collection(passages: Mapping[str, str], evidence_by_query: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """Return qrels: for each query with evidence, the ids of every passage that contains some of it.

    A query whose evidence no passage contains gets an empty dict (it is "unreachable" for that
    collection); a query without evidence (unanswerable) is left out.
    """
    from pipeline.normalize import compact

    compacted = {pid: compact(text) for pid, text in passages.items()}
    qrels: dict[str, dict[str, int]] = {}
    for qid, evidence in evidence_by_query.items():
        keys = compact_evidence(evidence)
        if not keys:
            continue
        qrels[qid] = {pid: 1 for pid, text in compacted.items() if any(k in text for k in keys)}
    return qrels


# ---------------------------------------------------------------------------------------------
# ranking helpers


def ranking(scores: Mapping[str, float]) -> list[str]:
    """Return the passage ids by descending score; ties keep insertion order."""
    items = list(scores.items())
    order = sorted(range(len(items)), key=lambda i: -float(items[i][1]))
    return [items[i][0] for i in order]


def first_relevant_rank(scores: Mapping[str, float], relevant: Mapping[str, int], k: int | None = None) -> int | None:
    """Return the 1-based rank of the first relevant passage (within the top k), or None."""
    for rank, pid in enumerate(ranking(scores), 1):
        if k is not None and rank > k:
            break
        if relevant.get(pid, 0) > 0:
            return rank
    return None


def parse_metric(name: str) -> tuple[str, int]:
    match = _METRIC.match(name)
    if not match:
        raise ValueError(f"unknown metric {name!r} (want recall@k, mrr@k or ndcg@k)")
    return match.group(1), int(match.group(2))


# ---------------------------------------------------------------------------------------------
# per-query metrics


def recall_at(scores: Mapping[str, float], relevant: Mapping[str, int], k: int) -> float:
    """Hit rate: 1.0 if any relevant passage is in the top k, else 0.0.

    With evidence-based judging the number of relevant passages depends on the chunking, so
    "recall" here means: was the answer reachable from the top k (success@k)."""
    return 1.0 if first_relevant_rank(scores, relevant, k) is not None else 0.0


def mrr_at(scores: Mapping[str, float], relevant: Mapping[str, int], k: int) -> float:
    rank = first_relevant_rank(scores, relevant, k)
    return 1.0 / rank if rank else 0.0


def ndcg_at(scores: Mapping[str, float], relevant: Mapping[str, int], k: int, ideal: str = "one") -> float:
    """nDCG@k with binary gains.

    ideal="one": only the first relevant passage earns a gain, ideal = one relevant at rank 1.
    ideal="all": the textbook form, every relevant passage earns a gain, ideal = min(|R|, k)
    relevant passages ranked first.
    """
    if ideal == "one":
        rank = first_relevant_rank(scores, relevant, k)
        return 1.0 / math.log2(rank + 1) if rank else 0.0
    if ideal != "all":
        raise ValueError(f"ideal must be 'one' or 'all', not {ideal!r}")
    n_relevant = sum(1 for g in relevant.values() if g > 0)
    if n_relevant == 0:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, pid in enumerate(ranking(scores)[:k], 1)
              if relevant.get(pid, 0) > 0)
    idcg = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(n_relevant, k) + 1))
    return dcg / idcg


def query_metric(name: str, scores: Mapping[str, float], relevant: Mapping[str, int]) -> float:
    kind, k = parse_metric(name)
    if kind == "recall":
        return recall_at(scores, relevant, k)
    if kind == "mrr":
        return mrr_at(scores, relevant, k)
    return ndcg_at(scores, relevant, k)


# ---------------------------------------------------------------------------------------------
# aggregates


def per_query(run: Run, qrels: Qrels, metrics: Sequence[str] = DEFAULT_METRICS) -> dict[str, dict[str, float]]:
    """Return {query_id: {metric: value}} for every query of the qrels."""
    empty: dict[str, float] = {}
    return {qid: {m: query_metric(m, run.get(qid, empty), relevant) for m in metrics}
            for qid, relevant in qrels.items()}


def mean_metrics(rows: Mapping[str, Mapping[str, float]], metrics: Sequence[str] = DEFAULT_METRICS,
                 query_ids: Iterable[str] | None = None) -> dict[str, float | int]:
    """Return the mean of each metric over `query_ids` (default: all rows) and the count "n"."""
    ids = [q for q in (rows if query_ids is None else query_ids) if q in rows]
    out: dict[str, float | int] = {m: (sum(rows[q][m] for q in ids) / len(ids) if ids else 0.0) for m in metrics}
    out["n"] = len(ids)
    return out


def evaluate(run: Run, qrels: Qrels, metrics: Sequence[str] = DEFAULT_METRICS) -> dict[str, float | int]:
    """Return the mean of each metric over the queries of the qrels, plus "n"."""
    return mean_metrics(per_query(run, qrels, metrics), metrics)


def grouped(rows: Mapping[str, Mapping[str, float]], group_of: Mapping[str, str],
            metrics: Sequence[str] = DEFAULT_METRICS) -> dict[str, dict[str, float | int]]:
    """Return metric means per group (e.g. question type) over the queries of `rows`."""
    groups: dict[str, list[str]] = {}
    for qid in rows:
        if qid in group_of:
            groups.setdefault(group_of[qid], []).append(qid)
    return {g: mean_metrics(rows, metrics, ids) for g, ids in sorted(groups.items())}


def percentile(values: Sequence[float], p: float) -> float:
    """Return the p-th percentile (0–100) with linear interpolation (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


# ---------------------------------------------------------------------------------------------
# uncertainty


BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20261122


def bootstrap_ci(values: Sequence[float], level: float = 0.95, samples: int = BOOTSTRAP_SAMPLES,
                 seed: int = BOOTSTRAP_SEED) -> tuple[float, float] | None:
    """Return the percentile-bootstrap interval of the mean of `values` (questions resampled with
    replacement, fixed seed so a rerun prints the same interval); None for no values."""
    import numpy as np

    data = np.asarray(list(values), dtype=np.float64)
    if data.size == 0:
        return None
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(samples, data.size))].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    return float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail))


def separation_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Return P(a random positive scores above a random negative), ties counting half (ROC AUC).

    1.0: some threshold separates them perfectly; 0.5: the score carries no signal."""
    if not positives or not negatives:
        return None
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))
