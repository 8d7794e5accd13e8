"""Calibrate the answer stage's refusal threshold on the dev split.

For every question the product's search runs once; the evidence score of the best candidate
sentence is computed as ``pipeline.answer`` computes it (``_candidates``, private on purpose:
calibration mirrors it), and whether the question is answered at a given threshold is decided
by the product itself — ``pipeline.answer.answer_from_result`` with that threshold — so the other
refusal rules (names the documents never mention, a figure the quotes don't state) are counted
too. The threshold chosen maximises the balanced accuracy
``(refusal accuracy + (1 − false-refusal rate)) / 2``; among equally good thresholds the middle of
the widest interval is taken (furthest from flipping any dev question).
"""
from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .dataset import Question, load_questions


@dataclass(frozen=True)
class Scored:
    question: Question
    score: float  # -inf when there is no candidate sentence at all
    quote: str | None
    result: Any = field(default=None, compare=False, repr=False)  # the SearchResult the answer is built from


Decider = Callable[[Scored, float], bool]  # (question, threshold) -> answered?


def _by_score(s: Scored, threshold: float) -> bool:
    return s.score >= threshold


def best_scores(searcher, questions: list[Question], settings=None) -> list[Scored]:
    """Return the best candidate-sentence score per question (the number the refusal compares)."""
    from pipeline.answer import AnswerSettings, _candidates
    from pipeline.tokenize_ja import tokenize

    settings = settings or AnswerSettings()
    takes_query = "query" in inspect.signature(_candidates).parameters
    out = []
    for q in questions:
        result = searcher.search(q.question, top_k=settings.passages)
        if not result.hits:
            out.append(Scored(q, -math.inf, None, result))
            continue
        extra = {"query": result.query} if takes_query else {}
        cands = _candidates(searcher, result.hits, result.query_vector, set(tokenize(result.query)), settings, **extra)
        out.append(Scored(q, cands[0].score, cands[0].quote, result) if cands else Scored(q, -math.inf, None, result))
    return out


def product_decider(searcher, settings=None) -> Decider:
    """Return a decider that asks the product's answer stage itself (memoised per question and threshold)."""
    from pipeline.answer import AnswerSettings, answer_from_result

    settings = settings or AnswerSettings()
    memo: dict[tuple[str, float], bool] = {}

    def answered(s: Scored, threshold: float) -> bool:
        key = (s.question.id, threshold)
        if key not in memo:
            memo[key] = answer_from_result(searcher, s.result, replace(settings, refusal_threshold=threshold)).found
        return memo[key]

    return answered


def rates(scored: list[Scored], threshold: float, answered: Decider = _by_score) -> dict[str, float | None]:
    """Refusal accuracy, false-refusal rate and their balanced accuracy at `threshold`."""
    unans = [s for s in scored if not s.question.answerable]
    ans = [s for s in scored if s.question.answerable]
    ra = sum(1 for s in unans if not answered(s, threshold)) / len(unans) if unans else None
    frr = sum(1 for s in ans if not answered(s, threshold)) / len(ans) if ans else None
    parts = [x for x in (ra, None if frr is None else 1 - frr) if x is not None]
    return {"refusal_accuracy": ra, "false_refusal_rate": frr,
            "balanced": sum(parts) / len(parts) if parts else None}


def separation_auc(scored: list[Scored]) -> float | None:
    """Return P(score of a random answerable > score of a random unanswerable), ties counting half.

    1.0 means some threshold separates them perfectly; 0.5 means the score carries no signal."""
    pos = [s.score for s in scored if s.question.answerable]
    neg = [s.score for s in scored if not s.question.answerable]
    if not pos or not neg:
        return None
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def choose_threshold(scored: list[Scored], margin: float = 0.05,
                     answered: Decider = _by_score) -> tuple[float, list[dict[str, Any]]]:
    """Return the best threshold and one table row per distinct decision.

    With distinct observed scores s_1 < … < s_m, every threshold in (s_{i-1}, s_i] makes the same
    decisions (refuse the questions scoring ≤ s_{i-1}); row i stands for that interval. Among the
    rows with the best balanced accuracy, the widest consecutive run is taken and the threshold is
    the middle of its interval (open ends are capped `margin` beyond the extreme scores).
    """
    finite = sorted({s.score for s in scored if math.isfinite(s.score)})
    if not finite:
        raise ValueError("no question has a candidate sentence")
    m = len(finite)
    lows = [finite[i - 1] if i > 0 else finite[0] - margin for i in range(m + 1)]
    highs = [finite[i] if i < m else finite[-1] + margin for i in range(m + 1)]
    table = []
    for i in range(m + 1):
        table.append({"threshold": highs[i] if i < m else lows[i] + 1e-9, "interval": (lows[i], highs[i]),
                      **rates(scored, highs[i] if i < m else lows[i] + 1e-9, answered)})
    best = max(r["balanced"] for r in table)
    runs: list[tuple[int, int]] = []
    for i, row in enumerate(table):
        row["best"] = row["balanced"] == best
        if row["best"]:
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
    a, b = max(runs, key=lambda r: highs[r[1]] - lows[r[0]])
    lo, hi = lows[a], highs[b]
    chosen = (lo + hi) / 2
    rounded = round(chosen, 3)
    if lo < rounded <= hi:
        chosen = rounded
    return chosen, table


def run_calibration(split: str = "dev", questions_path: Path | None = None, model_dir=None,
                    index_dir=None, corpus_dir=None) -> dict[str, Any]:
    from pipeline import config
    from pipeline.answer import AnswerSettings
    from pipeline.embedder import load_embedder
    from pipeline.index import load_index
    from pipeline.search import Searcher

    embedder = load_embedder(model_dir)
    index = load_index(Path(index_dir or config.INDEX_DIR), Path(corpus_dir or config.CORPUS_DIR), embedder)
    searcher = Searcher(index, embedder)
    questions = load_questions(split, path=questions_path)
    settings = AnswerSettings()
    scored = best_scores(searcher, questions, settings)
    answered = product_decider(searcher, settings)
    chosen, table = choose_threshold(scored, answered=answered)
    current = settings.refusal_threshold
    return {"split": split, "chosen": chosen, "current": current, "at_chosen": rates(scored, chosen, answered),
            "at_current": rates(scored, current, answered), "table": table, "auc": separation_auc(scored),
            "questions": [{"id": s.question.id, "type": s.question.type, "answerable": s.question.answerable,
                           "score": s.score if math.isfinite(s.score) else None, "quote": s.quote,
                           "refused_by_other_rule": not answered(s, -1e9)}
                          for s in scored]}


def format_calibration(report: dict[str, Any]) -> str:
    def pct(x):
        return "—" if x is None else f"{x * 100:5.1f}%"

    lines = [f"Calibration of refusal_threshold on the {report['split']} split "
             f"({len(report['questions'])} questions, "
             f"{sum(1 for q in report['questions'] if not q['answerable'])} unanswerable)", ""]
    lines.append("Best candidate-sentence score per question (refused when below the threshold):")
    for q in sorted(report["questions"], key=lambda q: -(q["score"] if q["score"] is not None else -9)):
        score = "  none" if q["score"] is None else f"{q['score']:.4f}"
        kind = "answerable  " if q["answerable"] else "UNANSWERABLE"
        other = "  [refused by another rule at any threshold]" if q.get("refused_by_other_rule") else ""
        lines.append(f"  {q['id']}  {kind}  {q['type']:<12} {score}  {(q['quote'] or '')[:50]}{other}")
    lines.append("")
    lines.append("threshold interval    refusal-acc  false-refusal  balanced")
    for row in report["table"]:
        mark = "  <- best" if row["best"] else ""
        lo, hi = row["interval"]
        lines.append(f"  ({lo:.4f}, {hi:.4f}]  {pct(row['refusal_accuracy'])}       "
                     f"{pct(row['false_refusal_rate'])}      {pct(row['balanced'])}{mark}")
    lines.append("")
    c, k = report["at_chosen"], report["at_current"]
    lines.append(f"current AnswerSettings.refusal_threshold = {report['current']}: refusal accuracy "
                 f"{pct(k['refusal_accuracy'])}, false-refusal {pct(k['false_refusal_rate'])}, "
                 f"balanced {pct(k['balanced'])}")
    lines.append(f"chosen refusal_threshold = {report['chosen']}: refusal accuracy {pct(c['refusal_accuracy'])}, "
                 f"false-refusal {pct(c['false_refusal_rate'])}, balanced {pct(c['balanced'])}")
    if report.get("auc") is not None:
        lines.append(f"separation AUC (answerable scored above unanswerable) = {report['auc']:.3f} "
                     "(1.0 = some threshold separates them, 0.5 = no signal)")
    return "\n".join(lines)
