#!/usr/bin/env python3
"""Validate eval/questions.jsonl against the corpus.

Checks
  * schema of every line (fields, allowed values, unique ids, consistency
    between type / evidence / doc_id / case / answer);
  * every evidence string, normalised exactly like the corpus
    (NFKC, then CJK-radical supplement -> unified ideograph, then all
    whitespace removed), is a substring of the corpus, lies inside ONE slide,
    is found in the expected document (when doc_id is set);
  * warnings: evidence found in more than 3 slides, also found in another
    document, containing markdown markup, outside 8-40 characters;
  * counts per split / type / persona / doc and the minimums of the brief.

Exit status 1 on missing evidence, evidence in the wrong document,
evidence spanning slides, schema errors or unmet minimums; 0 otherwise
(warnings alone do not fail).

Usage: python eval/check_questions.py [questions.jsonl] [--corpus DIR] [-q]
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = ROOT / "eval" / "questions.jsonl"
DEFAULT_CORPUS = ROOT / "corpus"

DOC_IDS = ("kyushu-2025-tech-leakage", "tohoku-2026-econ-security", "meti-2024-action-plan")
SPLITS = ("dev", "test")
PERSONAS = ("sme", "officer", "evaluator")
TYPES = ("lookup", "paraphrase", "numeric", "case", "edition", "unanswerable")
FIELDS = ("id", "split", "persona", "type", "question", "evidence", "doc_id", "case", "answer")
CASE_RE = re.compile(r"^(No\.\d+|事例\d+|Case \d+)$")
ID_RE = re.compile(r"^q\d{3}$")
UNANSWERABLE_ANSWER = "資料に記載なし"

MINIMUMS = {"total": 90, "paraphrase": 15, "numeric": 10, "case": 12, "edition": 5, "unanswerable": 12}
DEV_TARGET = (15, 25)  # "about 20"
PERSONA_TARGET = {"sme": 0.45, "officer": 0.35, "evaluator": 0.20}
PERSONA_TOLERANCE = 0.08
EVIDENCE_LEN = (8, 40)
MAX_SLIDES = 3

# CJK Radicals Supplement (U+2E80-U+2EFF) is left untouched by NFKC (except
# U+2E9F, U+2EF3).  These are the ones that occur in the corpus (found by
# scanning it: ⺠ ⻄ ⻑ in meti-2024-action-plan.txt), plus a few other look-alikes that
# have an unambiguous unified ideograph.
RADICAL_SUPPLEMENT = {
    "\u2ea0": "民",  # ⺠ CJK RADICAL CIVILIAN
    "\u2ec4": "西",  # ⻄ CJK RADICAL WEST TWO
    "\u2ed1": "長",  # ⻑ CJK RADICAL LONG ONE
    "\u2ed2": "長",  # ⻒ CJK RADICAL LONG TWO
    "\u2ec1": "虎",  # ⻁ CJK RADICAL TIGER
    "\u2ed8": "青",  # ⻘ CJK RADICAL BLUE
}
_WS = re.compile(r"\s+")
_SLIDE_SPLIT = re.compile(r"\n[ \t\u3000\r\f\v]*\n\s*\n")


def normalize(text: str) -> str:
    """NFKC + radical mapping; whitespace is kept (see `squash`)."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x2E80 <= cp <= 0x2EFF:
            ch = RADICAL_SUPPLEMENT.get(ch, ch)
        elif 0x2F00 <= cp <= 0x2FDF:  # Kangxi radicals; NFKC maps 2F00-2FD5 already
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def squash(text: str) -> str:
    return _WS.sub("", normalize(text))


def leftover_radicals(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in normalize(text) if 0x2E80 <= ord(ch) <= 0x2FDF)


def load_corpus(corpus_dir: Path):
    docs, slides = {}, {}
    for doc_id in DOC_IDS:
        path = corpus_dir / f"{doc_id}.txt"
        raw = path.read_text(encoding="utf-8")
        docs[doc_id] = squash(raw)
        slides[doc_id] = [s for s in (squash(p) for p in _SLIDE_SPLIT.split(raw)) if s]
    return docs, slides


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", nargs="?", default=str(DEFAULT_QUESTIONS))
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("-q", "--quiet", action="store_true", help="print only errors and the summary")
    args = ap.parse_args(argv)

    errors: list[str] = []
    warnings: list[str] = []
    docs, slides = load_corpus(Path(args.corpus))
    for doc_id in DOC_IDS:
        rest = leftover_radicals((Path(args.corpus) / f"{doc_id}.txt").read_text(encoding="utf-8"))
        if rest:
            warnings.append(f"{doc_id}: radicals left after normalisation: {dict(rest)} (extend RADICAL_SUPPLEMENT)")

    questions = []
    for lineno, line in enumerate(Path(args.questions).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {lineno}: invalid JSON ({e})")
            continue
        if not isinstance(q, dict):
            errors.append(f"line {lineno}: not a JSON object")
            continue
        q["_line"] = lineno
        questions.append(q)

    seen_ids: set[str] = set()
    seen_questions: dict[str, str] = {}
    for q in questions:
        qid = q.get("id", f"line{q['_line']}")
        tag = f"{qid}"
        missing = [f for f in FIELDS if f not in q]
        extra = [f for f in q if f not in FIELDS and f != "_line"]
        if missing:
            errors.append(f"{tag}: missing fields {missing}")
            continue
        if extra:
            warnings.append(f"{tag}: unexpected fields {extra}")
        if not isinstance(qid, str) or not ID_RE.match(qid):
            errors.append(f"{tag}: bad id {qid!r}")
        if qid in seen_ids:
            errors.append(f"{tag}: duplicate id")
        seen_ids.add(qid)
        if q["split"] not in SPLITS:
            errors.append(f"{tag}: bad split {q['split']!r}")
        if q["persona"] not in PERSONAS:
            errors.append(f"{tag}: bad persona {q['persona']!r}")
        if q["type"] not in TYPES:
            errors.append(f"{tag}: bad type {q['type']!r}")
        if not isinstance(q["question"], str) or not q["question"].strip():
            errors.append(f"{tag}: empty question")
        else:
            key = squash(q["question"])
            if key in seen_questions:
                errors.append(f"{tag}: same question text as {seen_questions[key]}")
            seen_questions[key] = qid
        if not isinstance(q["answer"], str) or not q["answer"].strip():
            errors.append(f"{tag}: empty answer")
        doc_id, case, ev = q["doc_id"], q["case"], q["evidence"]
        if doc_id is not None and doc_id not in DOC_IDS:
            errors.append(f"{tag}: unknown doc_id {doc_id!r}")
            doc_id = None
        if case is not None and (not isinstance(case, str) or not CASE_RE.match(case)):
            errors.append(f"{tag}: bad case label {case!r} (want No.14 / 事例6 / Case 1)")
        if not isinstance(ev, list) or not all(isinstance(e, str) for e in ev):
            errors.append(f"{tag}: evidence must be a list of strings")
            continue

        if q["type"] == "unanswerable":
            if ev:
                errors.append(f"{tag}: unanswerable question with evidence")
            if q["doc_id"] is not None or case is not None:
                errors.append(f"{tag}: unanswerable question must have doc_id=null, case=null")
            if q["answer"] != UNANSWERABLE_ANSWER:
                errors.append(f"{tag}: unanswerable answer must be {UNANSWERABLE_ANSWER!r}")
            continue
        if not 1 <= len(ev) <= 3:
            errors.append(f"{tag}: answerable question needs 1-3 evidence strings (has {len(ev)})")
        if q["type"] == "case" and case is None:
            errors.append(f"{tag}: type=case but case is null")
        if q["answer"] == UNANSWERABLE_ANSWER:
            errors.append(f"{tag}: answerable question with answer {UNANSWERABLE_ANSWER!r}")

        for e in ev:
            ne = squash(e)
            etag = f"{tag}: evidence {e!r}"
            if not EVIDENCE_LEN[0] <= len(ne) <= EVIDENCE_LEN[1]:
                warnings.append(f"{etag}: length {len(ne)} outside {EVIDENCE_LEN}")
            if "*" in ne or "<" in ne:
                warnings.append(f"{etag}: contains markup characters")
            in_docs = [d for d in DOC_IDS if ne in docs[d]]
            if not in_docs:
                errors.append(f"{etag}: NOT FOUND in corpus")
                continue
            if doc_id is not None and doc_id not in in_docs:
                errors.append(f"{etag}: found only in {in_docs}, not in doc_id {doc_id}")
                continue
            if doc_id is not None and len(in_docs) > 1:
                warnings.append(f"{etag}: also found in {[d for d in in_docs if d != doc_id]}")
            hits = [(d, i) for d in in_docs for i, s in enumerate(slides[d]) if ne in s]
            if not hits:
                errors.append(f"{etag}: spans two slides (found in {in_docs} but in no single slide)")
                continue
            if len(hits) > MAX_SLIDES:
                warnings.append(f"{etag}: found in {len(hits)} slides {hits[:6]}")
            if case is not None:
                marker = _case_marker(case)
                if not any(marker in slides[d][i] for d, i in hits):
                    warnings.append(f"{etag}: no slide containing it mentions {case} ({marker!r})")

    # ---- counts and minimums -------------------------------------------------
    valid = [q for q in questions if all(f in q for f in FIELDS)]
    n = len(valid)
    by_split = collections.Counter(q["split"] for q in valid)
    by_type = collections.Counter(q["type"] for q in valid)
    by_persona = collections.Counter(q["persona"] for q in valid)
    by_doc = collections.Counter(q["doc_id"] or ("(none: unanswerable)" if q["type"] == "unanswerable" else "(several)") for q in valid)
    split_type = collections.Counter((q["split"], q["type"]) for q in valid)
    by_case = collections.Counter(q["case"] for q in valid if q["case"])
    # which documents are touched by evidence at all
    ev_docs = collections.Counter()
    for q in valid:
        hit = {d for e in q["evidence"] for d in DOC_IDS if squash(e) in docs[d]}
        for d in hit:
            ev_docs[d] += 1

    if n < MINIMUMS["total"]:
        errors.append(f"only {n} questions (< {MINIMUMS['total']})")
    for t in ("paraphrase", "numeric", "case", "edition", "unanswerable"):
        if by_type[t] < MINIMUMS[t]:
            errors.append(f"type {t}: {by_type[t]} (< {MINIMUMS[t]})")
    for s in SPLITS:
        for t in TYPES:
            if split_type[(s, t)] == 0:
                errors.append(f"split {s} has no question of type {t}")
    if not DEV_TARGET[0] <= by_split["dev"] <= DEV_TARGET[1]:
        warnings.append(f"dev split has {by_split['dev']} questions (target about 20)")
    for p, share in PERSONA_TARGET.items():
        actual = by_persona[p] / n if n else 0
        if abs(actual - share) > PERSONA_TOLERANCE:
            warnings.append(f"persona {p}: {actual:.0%} (target {share:.0%})")
    for d in DOC_IDS:
        if by_doc[d] == 0:
            errors.append(f"no question with doc_id {d}")

    if not args.quiet:
        for w in warnings:
            print(f"WARN  {w}")
    for e in errors:
        print(f"ERROR {e}")
    print()
    print(f"questions: {n}   errors: {len(errors)}   warnings: {len(warnings)}")
    print("split:   " + ", ".join(f"{k}={v}" for k, v in sorted(by_split.items())))
    print("type:    " + ", ".join(f"{t}={by_type[t]}" for t in TYPES))
    print("persona: " + ", ".join(f"{p}={by_persona[p]} ({by_persona[p] / max(n, 1):.0%})" for p in PERSONAS))
    print("doc_id:  " + ", ".join(f"{k}={v}" for k, v in sorted(by_doc.items())))
    print("docs touched by evidence: " + ", ".join(f"{d}={ev_docs[d]}" for d in DOC_IDS))
    print("cases:   " + ", ".join(f"{k}={v}" for k, v in sorted(by_case.items())))
    print("split x type:")
    for s in SPLITS:
        print(f"  {s:5s} " + " ".join(f"{t}={split_type[(s, t)]}" for t in TYPES))
    return 1 if errors else 0


def _case_marker(case: str) -> str:
    """A string that the slide holding a case's text should contain (normalised)."""
    if case.startswith("No."):
        return f"{case[3:]}."
    if case.startswith("Case "):
        return f"Case{case[5:]}"
    return case  # 事例6 (circled ⑥ becomes 6 under NFKC)


if __name__ == "__main__":
    sys.exit(main())
