"""Calibrate the refusal decision on the dev split, and say when dev cannot calibrate it.

The answer stage refuses by rules (a name the documents never mention, a topic word they never use,
no passage about the topic, a value the passages don't state). What is *learned* in it is one score
per question, the answerability evidence the rules fall back on: the ranker's log-odds of the lead
candidate segment (``pipeline.ranker``). This module measures, on dev only:

- how well that score separates answerable from unanswerable questions (ROC AUC with a bootstrap
  interval), for the questions the rules leave answered — the only ones a threshold could still
  refuse;
- the operating point: the lowest threshold on the score that maximises balanced accuracy
  ``(refusal rate on unanswerables + (1 − false-refusal rate)) / 2`` of the whole decision
  (rules + threshold).

When the interval of the AUC reaches 0.5, dev cannot tell the two apart by this score: the report
says so and proposes no threshold (the product then keeps refusing by its rules alone).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dataset import Question, load_questions
from .metrics import separation_auc

BOOTSTRAP_SAMPLES = 2000


@dataclass(frozen=True)
class Decision:
    """What the product did with one dev question, and the score a threshold would act on."""

    question: Question
    answered: bool  # by the product as it is (rules only)
    score: float  # the lead candidate's log-odds; -inf when there is no candidate


def decisions(searcher, questions: list[Question]) -> list[Decision]:
    """Return the product's decision and lead score for every question (follow-ups asked in turn)."""
    from pipeline.answer import AnswerSettings, answer_from_prepared, prepare

    from .runner import ask_in_conversation

    settings = AnswerSettings()
    seen: dict[str, Any] = {}

    def ask(text: str, history: list[dict[str, str]]):
        prepared = prepare(searcher, text, settings=settings, history=history)
        answer = answer_from_prepared(searcher, prepared, settings)
        seen["score"] = prepared.candidates[0].score if prepared.candidates else -math.inf
        return answer

    out = []
    for q in questions:
        answer = ask_in_conversation(ask, q)
        out.append(Decision(q, answer.found, seen["score"]))
    return out


def auc_interval(pos: list[float], neg: list[float], level: float = 0.95,
                 samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> tuple[float, float] | None:
    """Return the bootstrap interval of the AUC (both groups resampled), or None without both."""
    if not pos or not neg:
        return None
    rng = np.random.default_rng(seed)
    p, n = np.asarray(pos, dtype=float), np.asarray(neg, dtype=float)
    values = []
    for _ in range(samples):
        ps, ns = rng.choice(p, p.size), rng.choice(n, n.size)
        greater = (ps[:, None] > ns[None, :]).mean()
        ties = (ps[:, None] == ns[None, :]).mean()
        values.append(greater + ties / 2)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))


def rates(rows: list[Decision], threshold: float) -> dict[str, float | None]:
    """Refusal rate on unanswerables, false-refusal rate and balanced accuracy of rules + threshold."""
    answered = [r.answered and r.score >= threshold for r in rows]
    unans = [a for a, r in zip(answered, rows) if not r.question.answerable]
    ans = [a for a, r in zip(answered, rows) if r.question.answerable]
    refused = sum(1 for a in unans if not a) / len(unans) if unans else None
    false_refusal = sum(1 for a in ans if not a) / len(ans) if ans else None
    parts = [x for x in (refused, None if false_refusal is None else 1 - false_refusal) if x is not None]
    return {"unanswerable_refused": refused, "false_refusal": false_refusal,
            "balanced": sum(parts) / len(parts) if parts else None}


def calibrate(rows: list[Decision]) -> dict[str, Any]:
    """Return the separation of the score and, when dev can separate, the chosen threshold."""
    open_rows = [r for r in rows if r.answered]  # what the rules leave for a threshold to decide
    pos = [r.score for r in open_rows if r.question.answerable and math.isfinite(r.score)]
    neg = [r.score for r in open_rows if not r.question.answerable and math.isfinite(r.score)]
    auc = separation_auc(pos, neg)
    interval = auc_interval(pos, neg)
    report: dict[str, Any] = {"n": len(rows), "n_unanswerable": sum(1 for r in rows if not r.question.answerable),
                              "left_to_score": {"answerable": len(pos), "unanswerable": len(neg)},
                              "auc": auc, "auc_interval": interval, "rules_only": rates(rows, -math.inf),
                              "separable": bool(interval and interval[0] > 0.5), "threshold": None}
    if not report["separable"]:
        return report
    candidates = sorted({-math.inf, *pos, *neg})
    scored = [(rates(rows, t)["balanced"] or 0.0, -i, t) for i, t in enumerate(candidates)]
    best = max(scored)
    report["threshold"] = best[2]
    report["at_threshold"] = rates(rows, best[2])
    return report


def run_calibration(split: str = "dev") -> dict[str, Any]:
    """Load the built index and calibrate on `split` (dev only: the test split is never tuned on)."""
    if split != "dev":
        raise ValueError("calibration runs on the dev split only")
    from pipeline.embedder import load_embedder
    from pipeline.index import load_index
    from pipeline import config
    from pipeline.search import Searcher

    embedder = load_embedder()
    searcher = Searcher(load_index(config.INDEX_DIR, config.CORPUS_DIR, embedder), embedder)
    rows = decisions(searcher, load_questions(split))
    report = calibrate(rows)
    report["split"] = split
    report["questions"] = [{"id": r.question.id, "answerable": r.question.answerable, "answered": r.answered,
                            "score": r.score if math.isfinite(r.score) else None} for r in rows]
    return report


def format_calibration(report: dict[str, Any]) -> str:
    """Return the calibration report as text: separation first, then the operating point or why none."""
    def pct(x):
        return "—" if x is None else f"{x * 100:.1f}%"

    left = report["left_to_score"]
    rules = report["rules_only"]
    lines = [f"Refusal calibration on the {report['split']} split: {report['n']} questions, "
             f"{report['n_unanswerable']} unanswerable.",
             f"Rules alone: unanswerables refused {pct(rules['unanswerable_refused'])}, "
             f"false refusals {pct(rules['false_refusal'])}.",
             f"Left answered by the rules: {left['answerable']} answerable, {left['unanswerable']} unanswerable."]
    if report["auc"] is None:
        lines.append("No unanswerable question is left answered by the rules (or none answerable): "
                     "there is nothing for a threshold to separate on dev.")
        return "\n".join(lines)
    lo, hi = report["auc_interval"]
    lines.append(f"Separation of the lead score (ROC AUC): {report['auc']:.3f} [{lo:.3f}–{hi:.3f}] "
                 "(1.0 separates perfectly, 0.5 is no signal).")
    if not report["separable"]:
        lines.append("Dev cannot separate answerable from unanswerable questions by this score (the interval "
                     "reaches 0.5): no threshold is proposed; the product refuses by its rules alone.")
        return "\n".join(lines)
    at = report["at_threshold"]
    lines.append(f"Operating point: refuse when the lead score is below {report['threshold']:.3f} → "
                 f"unanswerables refused {pct(at['unanswerable_refused'])}, false refusals "
                 f"{pct(at['false_refusal'])} (balanced {pct(at['balanced'])}, rules alone "
                 f"{pct(rules['balanced'])}).")
    return "\n".join(lines)
