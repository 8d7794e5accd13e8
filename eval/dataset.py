"""The eval questions: a frozen test split for reporting and a dev split for tuning.

`eval/questions/test.jsonl` is frozen (its sha256 is checked by `eval/check_questions.py`);
`eval/questions/dev.jsonl` is the only split any rule, weight or threshold may be fitted on.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parent
QUESTIONS_DIR = EVAL_DIR / "questions"
SPLITS = ("test", "dev", "all")
TYPE_ORDER = ("lookup", "paraphrase", "numeric", "case", "edition", "list", "yesno", "howto", "followup",
              "contact", "unanswerable")
PERSONA_ORDER = ("sme", "officer", "evaluator")
UNANSWERABLE = "unanswerable"


@dataclass(frozen=True)
class Question:
    """One eval question with its retrieval evidence and the facts a correct answer must quote."""

    id: str
    split: str
    persona: str
    type: str
    question: str
    evidence: tuple[str, ...]  # a passage containing any of these is relevant
    answer_keys: tuple[tuple[str, ...], ...]  # groups of alternatives a correct answer must contain
    min_keys: int | None  # groups needed for "correct" (None: all of them)
    history: tuple[str, ...] = ()  # earlier user turns of a follow-up, oldest first
    doc_id: str | None = None
    case: str | None = None
    near_miss: bool = False  # unanswerable although its topic is in the documents
    focus: str | None = None
    answer: str = ""

    @property
    def answerable(self) -> bool:
        return self.type != UNANSWERABLE and bool(self.evidence or self.answer_keys)

    @property
    def keys_needed(self) -> int:
        return min(self.min_keys, len(self.answer_keys)) if self.min_keys else len(self.answer_keys)


def question_from_row(row: dict[str, Any]) -> Question:
    """Return a Question from one JSON line; fields the schema added later default to empty."""
    groups = tuple(tuple([g] if isinstance(g, str) else g) for g in row.get("answer_keys") or ())
    return Question(
        id=row["id"], split=row["split"], persona=row["persona"], type=row["type"], question=row["question"],
        evidence=tuple(row.get("evidence") or ()), answer_keys=groups, min_keys=row.get("min_keys"),
        history=tuple(row.get("history") or ()), doc_id=row.get("doc_id"), case=row.get("case"),
        near_miss=bool(row.get("near_miss")), focus=row.get("focus"), answer=row.get("answer", ""),
    )


def split_files(split: str, directory: Path = QUESTIONS_DIR) -> list[Path]:
    """Return the question files of `split` ("test", "dev" or "all")."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    names = ("test", "dev") if split == "all" else (split,)
    return [directory / f"{name}.jsonl" for name in names]


def load_questions(split: str = "test", limit: int | None = None, path: Path | None = None) -> list[Question]:
    """Return the questions of `split` in file order (the first `limit`); `path` reads one file instead
    and keeps its rows of that split."""
    files = [Path(path)] if path is not None else split_files(split)
    out = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if path is None or split == "all" or row["split"] == split:
                    out.append(question_from_row(row))
    return out[:limit] if limit is not None else out


def files_sha256(paths: list[Path]) -> str:
    """Return the sha256 of the question files' bytes, in order (what the report and the freeze record)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def held_out_ranges(text: str) -> list[tuple[str, str]]:
    """Parse batches of dev ids left out of tuning, 「d268-d307,d344-d383」 (both ends included)."""
    ranges = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = part.partition("-")
        ranges.append((first, last or first))
    return ranges


def is_held_out(question_id: str, ranges: list[tuple[str, str]]) -> bool:
    return any(first <= question_id <= last for first, last in ranges)
