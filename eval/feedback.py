"""Turn the app's 👎 feedback into candidate dev questions for a person to review.

The app appends one JSON line per 👍/👎 to the server's feedback file (``pipeline.conversation``).
Every 👎 becomes a row in the dev-question schema with empty evidence and answer keys and a
``review`` field holding what the user saw (the answer, its citations, the comment). A reviewer
fills in evidence and keys from the documents (or marks it unanswerable), removes ``review`` and
moves the row into ``eval/questions/dev.jsonl``; ``check_questions.py`` rejects a row that still has
``review``, so an unreviewed candidate cannot slip into the benchmark. Candidates go to dev only:
the frozen test split is never changed this way.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from .dataset import QUESTIONS_DIR

CANDIDATES_FILE = QUESTIONS_DIR / "feedback-candidates.jsonl"

# The product's answer type → the eval question type a reviewer starts from.
_EVAL_TYPE = {"number": "numeric", "date": "numeric", "amount": "numeric", "contact": "contact", "list": "list",
              "yesno": "yesno", "howto": "howto", "case": "case"}


def _eval_type(question: str, history: list[str]) -> str:
    from pipeline.question import analyse

    if history:
        return "followup"
    return _EVAL_TYPE.get(analyse(question).answer_type, "lookup")


def _next_ids(taken: set[str]) -> Iterable[str]:
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(r"d(\d{3})", i))]
    n = max(numbers, default=0)
    while True:
        n += 1
        yield f"d{n:03d}"


def candidates(records: list[dict[str, Any]], existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one candidate row per distinct 👎 question (with its history) not already a dev question."""
    asked = {(tuple(r.get("history") or ()), r["question"].strip()) for r in existing}
    ids = _next_ids({r["id"] for r in existing})
    out = []
    for record in records:
        if record.get("rating") != "down" or not str(record.get("question", "")).strip():
            continue
        history = [h for h in record.get("history") or [] if isinstance(h, str)]
        key = (tuple(history), record["question"].strip())
        if key in asked:
            continue
        asked.add(key)
        out.append({
            "id": next(ids), "split": "dev", "persona": "sme", "type": _eval_type(key[1], history),
            "question": key[1], "history": history, "evidence": [], "answer_keys": [], "min_keys": None,
            "doc_id": None, "case": None, "near_miss": False, "focus": None, "answer": "",
            "review": {"comment": record.get("comment") or "", "product_answer": record.get("answer", ""),
                       "found": record.get("found"), "refusal_reason": record.get("refusal_reason"),
                       "citations": record.get("citations", []), "mode": record.get("mode"),
                       "index_version": record.get("index_version"), "timestamp": record.get("timestamp")},
        })
    return out


def write_candidates(feedback_file: Path | None = None, out: Path = CANDIDATES_FILE,
                     dev_file: Path = QUESTIONS_DIR / "dev.jsonl") -> tuple[Path, int]:
    """Write the candidate rows (replacing an earlier candidate file) and return it and their count."""
    from pipeline.conversation import read_feedback
    from pipeline.storage import write_atomic

    existing = [json.loads(line) for line in dev_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = candidates(read_feedback(feedback_file), existing)
    write_atomic(out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return out, len(rows)
