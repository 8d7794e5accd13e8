"""Fit the answer stage's segment ranker on the dev split (never on test).

For every answerable dev question the product's own analysis, search and candidate segments are
computed; a segment is a positive example when it contains one of the question's answer keys.
A linear scorer over pipeline.ranker.FEATURES is fitted listwise: per question, a softmax over its
candidate segments, maximising the probability given to the segments holding a key (so it learns
to put one of them first, which is what the answer uses), with L2 regularisation. 5-fold
cross-validation grouped by question reports how often the top-scored segment holds a key on
questions the fold did not see (the honest figure for dev), next to the hand-set weights; the
weights fitted on all of dev are written to pipeline/ranker_weights.json with what they were
fitted on.

Usage: .venv/bin/python -m eval.train_ranker [--dry-run] [--without=d1680-d1709,d1710-d1739]
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from .dataset import files_sha256, held_out_ranges, is_held_out, load_questions, split_files


def collect(searcher, held_out: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return features, labels and question groups over the dev split's candidate segments, leaving
    out the batches held out."""
    from pipeline.answer import AnswerSettings, prepare
    from pipeline.normalize import compact
    from pipeline.ranker import vector

    rows, labels, groups = [], [], []
    for number, question in enumerate(load_questions("dev")):
        if not question.answerable or not question.answer_keys or is_held_out(question.id, held_out):
            continue
        history = [{"role": "user", "content": h} for h in question.history]
        prepared = prepare(searcher, question.question, settings=AnswerSettings(), history=history)
        keys = [compact(k) for group in question.answer_keys for k in group if compact(k)]
        flags = [any(k in compact(c.text) for k in keys) for c in prepared.candidates]
        if not any(flags):
            continue  # nothing to learn from: retrieval missed it
        for candidate, flag in zip(prepared.candidates, flags):
            rows.append(vector(candidate.features))
            labels.append(int(flag))
            groups.append(number)
    return np.array(rows), np.array(labels), np.array(groups)


def top1(weights: np.ndarray, x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """Return the share of questions whose best-scored segment is a positive one."""
    scores = x @ weights
    hits = []
    for group in np.unique(groups):
        mask = groups == group
        hits.append(y[mask][int(np.argmax(scores[mask]))])
    return float(np.mean(hits))


def fit_listwise(x: np.ndarray, y: np.ndarray, groups: np.ndarray, l2: float, steps: int = 400) -> np.ndarray:
    """Return weights maximising Σ_questions log(Σ_pos e^s / Σ_all e^s) − l2·|w|² (s = x·w), by
    gradient ascent with a step that backs off when the objective falls."""
    order = np.argsort(groups, kind="stable")
    x, y, groups = x[order], y[order], groups[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    bounds = list(zip(starts, np.r_[starts[1:], len(groups)]))

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        total, grad = 0.0, np.zeros_like(w)
        for a, b in bounds:
            scores = s[a:b] - s[a:b].max()
            e = np.exp(scores)
            p_all = e / e.sum()
            pos = y[a:b] == 1
            p_pos = e * pos / (e * pos).sum()
            total += np.log((e * pos).sum()) - np.log(e.sum())
            grad += x[a:b].T @ (p_pos - p_all)
        return total - l2 * float(w @ w), grad - 2 * l2 * w

    w = np.zeros(x.shape[1])
    value, grad = objective(w)
    step = 0.1
    for _ in range(steps):
        trial = w + step * grad / (np.linalg.norm(grad) + 1e-12)
        trial_value, trial_grad = objective(trial)
        if trial_value >= value:
            w, value, grad = trial, trial_value, trial_grad
            step *= 1.2
        else:
            step *= 0.5
            if step < 1e-6:
                break
    return w


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    from pipeline.ranker import DEFAULT_WEIGHTS, FEATURES, WEIGHTS_PATH
    from pipeline.service import load_service
    from pipeline.storage import write_atomic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="report cross-validation only, write nothing")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 strength")
    parser.add_argument("--without", type=held_out_ranges, default=[],
                        help="dev batches held out, not fitted on (d1680-d1709,d1710-d1739)")
    args = parser.parse_args(argv)

    searcher = load_service().searcher
    x, y, groups = collect(searcher, args.without)
    print(f"dev: {len(np.unique(groups))} questions, {len(y)} segments, {int(y.sum())} holding a key")

    # Fit on standardised features (so one L2 strength suits cosines and counts alike), then map the
    # weights back to raw features: the product scores raw features.
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    hand = np.array([DEFAULT_WEIGHTS[n] for n in FEATURES])
    folds, hand_folds = [], []
    for train, held in GroupKFold(n_splits=5).split(x, y, groups):
        w = fit_listwise(z[train], y[train], groups[train], args.l2)
        folds.append(top1(w, z[held], y[held], groups[held]))
        hand_folds.append(top1(hand, x[held], y[held], groups[held]))
    w = fit_listwise(z, y, groups, args.l2) / scale  # per question, the constant offset doesn't matter
    print(f"top segment holds a key, 5-fold grouped CV on dev: fitted {np.mean(folds):.3f} (folds "
          + ", ".join(f"{f:.2f}" for f in folds) + f"), hand-set {np.mean(hand_folds):.3f}; "
          f"fitted on all dev: {top1(w, x, y, groups):.3f}")
    weights = dict(zip(FEATURES, (round(float(v), 4) for v in w)))
    for name, weight in weights.items():
        print(f"  {name:<20}{weight:+.3f}")
    if args.dry_run:
        return 0
    record = {"fitted": time.strftime("%Y-%m-%d"), "split": "dev",
              "dev_sha256": files_sha256(split_files("dev"))[:16],
              "held_out": [f"{a}-{b}" for a, b in args.without], "questions": int(len(np.unique(groups))),
              "segments": int(len(y)), "cv_top1": round(float(np.mean(folds)), 4),
              "cv_top1_hand_set": round(float(np.mean(hand_folds)), 4), "l2": args.l2,
              "weights": weights, "bias": 0.0}
    write_atomic(WEIGHTS_PATH, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
