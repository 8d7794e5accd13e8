"""Answer-level grading by rule: correct / partly / wrong / refused, reproducible from the JSON.

For an answerable question, A = compact(answer text). A key group is satisfied when any of its
alternatives (compacted) is a substring of A; `need` = the question's `min_keys` or all groups.

- correct: answered and at least `need` groups satisfied;
- partly: answered and some but fewer groups satisfied, or none satisfied but a cited passage
  contains an evidence string (the right place, the wrong sentence);
- wrong: answered otherwise;
- refused: the product said the documents don't hold the answer.

For an unanswerable question a refusal is right and any answer is wrong.
"""
from __future__ import annotations

import re
from typing import Any

from .dataset import Question

VERDICTS = ("correct", "partly", "wrong", "refused")
_ANSWER_LINE = re.compile(r"^(.*?)((?:\[\d+\])+)\s*$")
_MARKER = re.compile(r"\[(\d+)\]")
_CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def parse_answer_lines(text: str) -> list[tuple[str, int | None]]:
    """Return (quote, first citation number) for each non-empty answer line; None if unmarked. The line
    the product writes above its quotes (pipeline.answer.is_lead) is no quote and is left out; any other
    unmarked line counts as a quote that cites nothing."""
    from pipeline.answering.wording import is_lead

    out = []
    for line in text.splitlines():
        if not line.strip() or is_lead(line):
            continue
        match = _ANSWER_LINE.match(line.strip())
        if match:
            out.append((match.group(1).strip(), int(_MARKER.findall(match.group(2))[0])))
        else:
            out.append((line.strip(), None))
    return out


def keys_satisfied(question: Question, answer_text: str) -> list[bool]:
    """Return, per key group of the question, whether the answer text contains one of its alternatives."""
    from pipeline.normalize import compact

    body = compact(answer_text)
    return [any(compact(alt) and compact(alt) in body for alt in group) for group in question.answer_keys]


def case_mentioned(case: str, text: str) -> bool:
    """Return True when `text` names `case` (事例15 as 事例⑮ or 事例15, No.14, Case 1), not a longer number."""
    from pipeline.normalize import compact

    body = compact(text)
    match = re.fullmatch(r"(事例|No\.|Case ?)(\d+)", case)
    if not match:
        return compact(case) in body
    prefix, number = match.group(1).replace(" ", ""), int(match.group(2))
    forms = [rf"{re.escape(prefix)}{number}(?!\d)"]
    if prefix == "事例" and 1 <= number <= len(_CIRCLED_DIGITS):
        forms.append(re.escape(prefix + _CIRCLED_DIGITS[number - 1]))
    return any(re.search(f, body) for f in forms)


def same_case(label: str | None, wanted: str) -> bool:
    """Return True when a chunk's case label (事例⑥ or 事例6, No.14, Case 1) is the wanted one."""
    if not label:
        return False
    digits = "".join(str(_CIRCLED_DIGITS.index(ch) + 1) if ch in _CIRCLED_DIGITS else ch for ch in label)
    return digits.replace(" ", "") == wanted.replace(" ", "")


def whole_segment_quote(quote: str, chunk) -> bool:
    """Return True when `quote` is one whole sentence, list item or table row of its passage."""
    from pipeline.normalize import compact

    return compact(quote) in {compact(segment) for segment in chunk.segments}


def verdict(question: Question, found: bool, satisfied: list[bool], cited_relevant: bool) -> str:
    """Return the grade of one answer (see the module docstring)."""
    if not question.answerable:
        return "refused" if not found else "wrong"
    if not found:
        return "refused"
    hits = sum(satisfied)
    if question.answer_keys and hits >= question.keys_needed:
        return "correct"
    if hits or cited_relevant:
        return "partly"
    return "wrong"


def judge_answer(answer, question: Question, evidence_keys: tuple[str, ...], whole_quote=None) -> dict[str, Any]:
    """Return the grading row of one Answer: verdict, key coverage, citations, quote checks.

    `whole_quote(quote, chunk) -> bool` says whether a quote is a whole sentence, list item or table
    row of its source (None: not checked)."""
    from pipeline.normalize import compact

    from .metrics import is_relevant

    cited = {c.n: c for c in answer.citations}
    citations = [{"n": c.n, "chunk_id": c.chunk.chunk_id, "case": c.chunk.case, "citation": c.chunk.citation,
                  "relevant": is_relevant(c.chunk.text, evidence_keys, precompacted=True)}
                 for c in answer.citations]
    lines = parse_answer_lines(answer.text) if answer.found else []
    verbatim = whole = 0
    for quote, n in lines:
        source = cited.get(n)
        if source is not None and compact(quote) and compact(quote) in compact(source.chunk.text):
            verbatim += 1
            if whole_quote is not None and whole_quote(quote, source.chunk):
                whole += 1
    satisfied = keys_satisfied(question, answer.text) if answer.found else [False] * len(question.answer_keys)
    cited_relevant = any(c["relevant"] for c in citations)
    first = answer.citations[0].chunk if answer.found and answer.citations else None
    return {
        "verdict": verdict(question, answer.found, satisfied, cited_relevant),
        "found": bool(answer.found), "text": answer.text, "notice": answer.notice,
        "refusal_reason": getattr(answer, "refusal_reason", None),
        "answer_type": getattr(answer, "answer_type", None),
        "keys_satisfied": sum(satisfied), "keys_total": len(satisfied), "keys_needed": question.keys_needed,
        "citations": citations, "cited_relevant": cited_relevant,
        "sentences": len(lines), "verbatim_sentences": verbatim,
        "whole_sentences": whole if whole_quote is not None else None,
        "case_correct": None if not question.case else bool(first is not None and same_case(first.case, question.case)),
        "case_mentioned": None if not question.case else bool(
            first is not None and (same_case(first.case, question.case) or case_mentioned(question.case, first.text))),
    }
