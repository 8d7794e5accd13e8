#!/usr/bin/env python3
"""Validate the evaluation questions (eval/questions/test.jsonl and dev.jsonl) against the corpus.

Checks
  * the frozen test split: the sha256 of eval/questions/test.jsonl must equal TEST_SHA256
    (changing the file needs a new TEST_VERSION, a new hash and a note in eval/questions/README.md);
  * schema of every line: fields, types, allowed values, id format and split, ids unique across
    files, no question text shared between dev and test (compared after normalisation);
  * type rules: `list` has >= 3 key groups, `followup` has a non-empty history, `case` names a case,
    `unanswerable` has no evidence / keys / doc_id / case and the answer 資料に記載なし, near_miss only
    on unanswerable questions (and then with a focus term), min_keys <= number of key groups;
  * every evidence string and every answer-key alternative, normalised with
    `pipeline.normalize.compact` (NFKC keeping circled numbers, unified ideographs, markup removed,
    all whitespace removed), is a substring of the normalised corpus; evidence lies inside one slide
    and in the question's doc_id;
  * the questions quoted in the project's issues are not in test and are all in dev;
  * per-split counts against the minimums of issue 9.
Warnings (do not fail): evidence found in several decks, a near-miss focus term that does not occur
in the corpus, key groups whose every alternative is very common, evidence outside 8-40 characters,
markup in evidence, a case question whose evidence slide does not name the case, persona shares.

Exit status 1 on any error or unmet minimum, 0 otherwise.

Usage: python eval/check_questions.py [FILE ...] [--corpus DIR] [-q]
  (default files: eval/questions/test.jsonl eval/questions/dev.jsonl; the corpus is found through
  DIR/manifest.toml, default corpus/)
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_DIR = ROOT / "eval" / "questions"
TEST_FILE = QUESTIONS_DIR / "test.jsonl"
DEV_FILE = QUESTIONS_DIR / "dev.jsonl"
DEFAULT_CORPUS = ROOT / "corpus"

# ---- the frozen test split ------------------------------------------------------------------
# Changing eval/questions/test.jsonl needs a new version number, the new hash here and a note in
# eval/questions/README.md saying why. Never edit the file to make a result look better.
TEST_VERSION = 2
TEST_SHA256 = "3b6579e036fc73ccd70f96b0f0b09c3e3d7050efb05228ac3624c8e80be8d00b"

SPLITS = ("dev", "test")
PERSONAS = ("sme", "officer", "evaluator")
TYPES = ("lookup", "paraphrase", "numeric", "case", "edition", "list", "yesno", "howto",
         "followup", "contact", "unanswerable")
FIELDS = ("id", "split", "persona", "type", "question", "history", "evidence", "answer_keys",
          "min_keys", "doc_id", "case", "near_miss", "focus", "answer")
ID_RE = {"test": re.compile(r"^t\d{3}$"), "dev": re.compile(r"^[qd]\d{3,4}$")}
CASE_RE = re.compile(r"^(No\.\d+|事例\d+|Case \d+)$")
UNANSWERABLE_ANSWER = "資料に記載なし"
MAX_EVIDENCE = 6
EVIDENCE_LEN = (8, 40)
COMMON_SLIDES = 12  # a key group whose every alternative occurs in more slides than this is "common"

# Minimums (issue 9 and the brief that produced this layout). "new" = dev questions with d-ids.
TEST_MINIMUMS = {
    "answerable": 150, "unanswerable": 40, "list": 18, "yesno": 12, "howto": 15, "followup": 15,
    "contact": 6, "numeric": 20, "case": 15, "edition": 8, "per_doc_answerable": 40,
}
DEV_MINIMUMS = {
    "old": 120, "new": 70, "list": 10, "yesno": 8, "howto": 10, "followup": 10, "contact": 4,
    "unanswerable": 16, "near_miss": 8, "numeric": 1, "edition": 1, "case": 1,
}
PERSONA_TARGET = {"sme": 0.45, "officer": 0.35, "evaluator": 0.20}
PERSONA_TOLERANCE = 0.08

# Questions quoted in the project's issues: the developer has seen them, so they must not be in
# test, and they are all kept in dev.
SEEN_QUESTIONS = (
    "退職者による技術の持ち出しを防ぐには？", "ライバルと一緒に材料買うのってヤバい？",
    "官民対話スキームの対象技術はいくつ？", "対象技術はいくつ？", "事前報告の対象技術は現在いくつ？",
    "民間ベストプラクティス集No.14はどんな取組？", "事例を3つ挙げて", "TICSとは何ですか？",
    "それを取ると何かいいことある？", "それの申込先は？", "事業再構築補助金の申請締切はいつですか？",
    "下請法の改正内容は？", "専門家派遣事業は1社あたり何回まで？", "基幹インフラの事前届出制度は何分野？",
    "説明会には何人参加？", "特定重要物資は現在いくつ？", "19技術の一覧", "原則は？",
    "重要原材料の共同調達は独禁法上問題になる？", "量子ドットは対象技術に含まれますか",
    "明日の東京の天気は？", "東芝の研究データ流出事件の損害額は？",
    "TICSの認証を取るのに審査料はいくらかかりますか？",
)
SEEN_VARIANTS = ("退職者による持ち出しを防ぐには？",)  # the issue quotes it with and without 技術の

# ---- normalisation ----------------------------------------------------------------------------
sys.path.insert(0, str(ROOT))
from pipeline.normalize import compact  # noqa: E402  the normaliser the product and the scorer use (stdlib only)

_HTML_LIKE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_SLIDE_SPLIT = re.compile(r"\n[ \t\u3000\r\f\v]*\n\s*\n")  # slides are separated by 2+ blank lines


def read_manifest(corpus_dir: Path) -> dict[str, Path]:
    """Return {doc_id: path} from corpus_dir/manifest.toml (every .txt by stem if it has none)."""
    manifest = corpus_dir / "manifest.toml"
    if not manifest.exists():
        return {p.stem: p for p in sorted(corpus_dir.glob("*.txt"))}
    try:
        import tomllib
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        entries = [(d["id"], d["file"]) for d in data.get("document", [])]
    except ModuleNotFoundError:  # Python < 3.11: the manifest is simple enough to scan
        text = manifest.read_text(encoding="utf-8")
        entries = []
        for block in text.split("[[document]]")[1:]:
            fields = dict(re.findall(r'^\s*(id|file)\s*=\s*"([^"]*)"', block, re.M))
            entries.append((fields["id"], fields["file"]))
    return {doc_id: corpus_dir / file for doc_id, file in entries}


def load_corpus(corpus_dir: Path):
    """Return ({doc_id: compact text}, {doc_id: [compact slide texts]})."""
    docs, slides = {}, {}
    for doc_id, path in read_manifest(corpus_dir).items():
        raw = path.read_text(encoding="utf-8")
        docs[doc_id] = compact(raw)
        slides[doc_id] = [s for s in (compact(p) for p in _SLIDE_SPLIT.split(raw)) if s]
    return docs, slides


def load_questions(path: Path, errors: list[str]) -> list[dict]:
    """Parse one JSONL file; bad lines are reported in `errors` and skipped."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}:{lineno}: invalid JSON ({e})")
            continue
        if not isinstance(q, dict):
            errors.append(f"{path.name}:{lineno}: not a JSON object")
            continue
        q["_where"] = f"{path.name}:{lineno}"
        out.append(q)
    return out


def case_markers(case: str) -> tuple[str, ...]:
    """Strings that a slide about `case` contains after compaction."""
    if case.startswith("No."):
        return (f"{case[3:]}.",)
    if case.startswith("Case "):
        return (f"Case{case[5:]}",)
    n = int(case[2:])
    return (f"事例{chr(0x2460 + n - 1)}" if 1 <= n <= 20 else case, case)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- per-question checks -----------------------------------------------------------------------
def _is_str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)


# What the checks print about a test question is its id and the problem, never its content: whoever
# runs the validator (a developer, a helper writing dev questions) must not read the frozen split.
# --show-test shows it, for whoever deliberately versions the test split.
SHOW_TEST = False


def _shown(q: dict, value) -> str:
    return repr(value) if q.get("split") != "test" or SHOW_TEST else "<test content hidden>"


def check_question(q: dict, docs, slides, errors: list[str], warnings: list[str]) -> bool:
    """Validate one question; return False when its schema is too broken for the counts."""
    tag = f"{q.get('id', '?')} ({q['_where']})"
    missing = [f for f in FIELDS if f not in q]
    if missing:
        errors.append(f"{tag}: missing fields {missing}")
        return False
    extra = [f for f in q if f not in FIELDS and not f.startswith("_")]
    if extra:
        errors.append(f"{tag}: unexpected fields {extra}")
    split, qtype = q["split"], q["type"]
    ok = True
    if split not in SPLITS:
        errors.append(f"{tag}: bad split {split!r}")
        ok = False
    elif not isinstance(q["id"], str) or not ID_RE[split].match(q["id"]):
        errors.append(f"{tag}: id {q['id']!r} does not fit split {split} (test: t001…, dev: q001…/d001…)")
    if q["persona"] not in PERSONAS:
        errors.append(f"{tag}: bad persona {q['persona']!r}")
        ok = False
    if qtype not in TYPES:
        errors.append(f"{tag}: bad type {qtype!r}")
        ok = False
    for f in ("question", "answer"):
        if not isinstance(q[f], str) or not q[f].strip():
            errors.append(f"{tag}: empty {f}")
    if not isinstance(q["history"], list) or not all(isinstance(h, str) and h.strip() for h in q["history"]):
        errors.append(f"{tag}: history must be a list of non-empty strings")
        q["history"] = []
    if not isinstance(q["near_miss"], bool):
        errors.append(f"{tag}: near_miss must be true/false")
    if q["focus"] is not None and (not isinstance(q["focus"], str) or not q["focus"].strip()):
        errors.append(f"{tag}: focus must be a non-empty string or null")
    doc_id, case = q["doc_id"], q["case"]
    if doc_id is not None and doc_id not in docs:
        errors.append(f"{tag}: unknown doc_id {doc_id!r} (not in corpus/manifest.toml)")
        doc_id = None
    if case is not None and (not isinstance(case, str) or not CASE_RE.match(case)):
        errors.append(f"{tag}: bad case label {case!r} (want No.14 / 事例6 / Case 1)")
        case = None
    ev, keys, mk = q["evidence"], q["answer_keys"], q["min_keys"]
    if not _is_str_list(ev):
        errors.append(f"{tag}: evidence must be a list of non-empty strings")
        return False
    if not isinstance(keys, list) or not all(_is_str_list(g) and g for g in keys):
        errors.append(f"{tag}: answer_keys must be a list of non-empty lists of non-empty strings")
        return False
    if mk is not None and (not isinstance(mk, int) or isinstance(mk, bool) or mk < 1):
        errors.append(f"{tag}: min_keys must be a positive integer or null")
        mk = None

    # history: only follow-ups (and unanswerable follow-ups) carry earlier turns
    if qtype == "followup" and not 1 <= len(q["history"]) <= 2:
        errors.append(f"{tag}: followup needs 1-2 earlier questions in history (has {len(q['history'])})")
    if q["history"] and qtype not in ("followup", "unanswerable"):
        errors.append(f"{tag}: only followup (or unanswerable) questions may have a history")

    if qtype == "unanswerable":
        if ev or keys:
            errors.append(f"{tag}: unanswerable question with evidence or answer_keys")
        if q["doc_id"] is not None or case is not None or mk is not None:
            errors.append(f"{tag}: unanswerable question must have doc_id, case and min_keys null")
        if q["answer"] != UNANSWERABLE_ANSWER:
            errors.append(f"{tag}: unanswerable answer must be {UNANSWERABLE_ANSWER!r}")
        if q["near_miss"] is True:
            if not q["focus"]:
                errors.append(f"{tag}: a near miss needs a focus term (the topic that is in the documents)")
            elif compact(q["focus"]) not in "".join(docs.values()):
                warnings.append(f"{tag}: near-miss focus {_shown(q, q['focus'])} does not occur in the corpus")
        return ok
    if q["near_miss"] is True:
        errors.append(f"{tag}: near_miss is only for unanswerable questions")
    if q["answer"] == UNANSWERABLE_ANSWER:
        errors.append(f"{tag}: answerable question with answer {UNANSWERABLE_ANSWER!r}")
    if not 1 <= len(ev) <= MAX_EVIDENCE:
        errors.append(f"{tag}: answerable question needs 1-{MAX_EVIDENCE} evidence strings (has {len(ev)})")
    if not keys:
        errors.append(f"{tag}: answerable question without answer_keys")
    if mk is not None and mk > len(keys):
        errors.append(f"{tag}: min_keys {mk} > {len(keys)} key groups")
    if qtype == "list" and len(keys) < 3:
        errors.append(f"{tag}: list question needs >= 3 key groups (has {len(keys)})")
    if qtype == "case" and case is None:
        errors.append(f"{tag}: type=case but case is null")

    # evidence: in the corpus, in doc_id, inside one slide
    for e in ev:
        ne = compact(e)
        etag = f"{tag}: evidence {_shown(q, e)}"
        if not EVIDENCE_LEN[0] <= len(ne) <= EVIDENCE_LEN[1]:
            warnings.append(f"{etag}: length {len(ne)} outside {EVIDENCE_LEN}")
        if "**" in e or _HTML_LIKE.search(e):
            warnings.append(f"{etag}: contains markup characters")
        in_docs = [d for d in docs if ne in docs[d]]
        if not in_docs:
            errors.append(f"{etag}: NOT FOUND in corpus")
            continue
        if doc_id is not None and doc_id not in in_docs:
            errors.append(f"{etag}: found only in {in_docs}, not in doc_id {doc_id}")
            continue
        if len(in_docs) > 1:
            warnings.append(f"{etag}: found in several decks {in_docs}")
        look_in = [doc_id] if doc_id else in_docs
        hits = [(d, i) for d in look_in for i, s in enumerate(slides[d]) if ne in s]
        if not hits:
            errors.append(f"{etag}: spans two slides (in {look_in} but in no single slide)")
            continue
        if case is not None and not any(m in slides[d][i] for d, i in hits for m in case_markers(case)):
            warnings.append(f"{etag}: no slide containing it names {case}")

    # answer keys: every alternative in the corpus; each group answerable from doc_id
    for gi, group in enumerate(keys):
        found_in_doc = False
        common = True
        for alt in group:
            na = compact(alt)
            if not na:
                errors.append(f"{tag}: key group {gi + 1}: alternative {_shown(q, alt)} is empty after normalisation")
                continue
            in_docs = [d for d in docs if na in docs[d]]
            if not in_docs:
                errors.append(f"{tag}: key group {gi + 1}: alternative {_shown(q, alt)} NOT FOUND in corpus")
                continue
            if doc_id is None or doc_id in in_docs:
                found_in_doc = True
            n_slides = sum(na in s for d in docs for s in slides[d])
            if n_slides <= COMMON_SLIDES:
                common = False
        if doc_id is not None and not found_in_doc:
            errors.append(f"{tag}: key group {gi + 1} {_shown(q, group)} has no alternative in doc_id {doc_id}")
        if common:
            warnings.append(f"{tag}: key group {gi + 1} {_shown(q, group)}: every alternative occurs in > {COMMON_SLIDES} slides")
    return ok


# ---- whole-set checks --------------------------------------------------------------------------
def check_frozen_test(errors: list[str], notes: list[str]) -> None:
    if not TEST_FILE.exists():
        errors.append(f"{TEST_FILE.relative_to(ROOT)} is missing (frozen test split v{TEST_VERSION})")
        return
    actual = sha256_of(TEST_FILE)
    if actual != TEST_SHA256:
        errors.append(
            f"{TEST_FILE.relative_to(ROOT)} has changed: sha256 {actual} but the frozen test split "
            f"v{TEST_VERSION} is {TEST_SHA256}. The test split is frozen; a change needs a new "
            f"TEST_VERSION and TEST_SHA256 in eval/check_questions.py and a note in "
            f"eval/questions/README.md saying why.")
    else:
        notes.append(f"test split v{TEST_VERSION} frozen, sha256 {TEST_SHA256}")


def check_minimums(split: str, qs: list[dict], docs, errors: list[str], warnings: list[str]) -> None:
    by_type = collections.Counter(q["type"] for q in qs)
    if split == "test":
        m = TEST_MINIMUMS
        answerable = [q for q in qs if q["type"] != "unanswerable"]
        unans = [q for q in qs if q["type"] == "unanswerable"]
        near = sum(q["near_miss"] is True for q in unans)
        if len(answerable) < m["answerable"]:
            errors.append(f"test: {len(answerable)} answerable questions (< {m['answerable']})")
        if len(unans) < m["unanswerable"]:
            errors.append(f"test: {len(unans)} unanswerable questions (< {m['unanswerable']})")
        if 2 * near < len(unans):
            errors.append(f"test: only {near} of {len(unans)} unanswerable questions are near misses (< half)")
        for t in ("list", "yesno", "howto", "followup", "contact", "numeric", "case", "edition"):
            if by_type[t] < m[t]:
                errors.append(f"test: type {t}: {by_type[t]} (< {m[t]})")
        per_doc = collections.Counter(q["doc_id"] for q in answerable)
        for d in docs:
            if per_doc[d] < m["per_doc_answerable"]:
                errors.append(f"test: {per_doc[d]} answerable questions with doc_id {d} (< {m['per_doc_answerable']})")
    else:
        m = DEV_MINIMUMS
        old = [q for q in qs if str(q["id"]).startswith("q")]
        new = [q for q in qs if str(q["id"]).startswith("d")]
        if len(old) < m["old"]:
            errors.append(f"dev: {len(old)} questions moved from the old set (< {m['old']})")
        if len(new) < m["new"]:
            errors.append(f"dev: {len(new)} new questions (< {m['new']})")
        new_type = collections.Counter(q["type"] for q in new)
        for t in ("list", "yesno", "howto", "followup", "contact", "unanswerable", "numeric", "edition", "case"):
            if new_type[t] < m[t]:
                errors.append(f"dev: new questions of type {t}: {new_type[t]} (< {m[t]})")
        new_near = sum(q["near_miss"] is True for q in new)
        if new_near < m["near_miss"]:
            errors.append(f"dev: new near misses: {new_near} (< {m['near_miss']})")
    n = len(qs)
    for p, share in PERSONA_TARGET.items():
        actual = sum(q["persona"] == p for q in qs) / n if n else 0
        if abs(actual - share) > PERSONA_TOLERANCE:
            warnings.append(f"{split}: persona {p} {actual:.0%} (target {share:.0%})")


def print_summary(split: str, qs: list[dict], docs) -> None:
    if split == "test" and not SHOW_TEST:
        # its make-up by type, persona and document is the test split's too: a helper writing dev
        # questions would steer by it
        print(f"\n{split}: {len(qs)} questions (frozen; its make-up is printed only with --show-test)")
        return
    short = {d: d.split("-")[0][:6] for d in docs}
    cols = list(PERSONAS) + [short[d] for d in docs] + ["(none)", "near"]
    print(f"\n{split}: {len(qs)} questions "
          f"({sum(q['type'] != 'unanswerable' for q in qs)} answerable, "
          f"{sum(q['type'] == 'unanswerable' for q in qs)} unanswerable, "
          f"{sum(q['near_miss'] is True for q in qs)} near misses)")
    print(f"  {'type':13s}{'n':>5s}" + "".join(f"{c:>10s}" for c in cols))
    rows = [t for t in TYPES if any(q["type"] == t for q in qs)] + ["total"]
    for t in rows:
        sel = qs if t == "total" else [q for q in qs if q["type"] == t]
        vals = [sum(q["persona"] == p for q in sel) for p in PERSONAS]
        vals += [sum(q["doc_id"] == d for q in sel) for d in docs]
        vals += [sum(q["doc_id"] is None for q in sel), sum(q["near_miss"] is True for q in sel)]
        print(f"  {t:13s}{len(sel):5d}" + "".join(f"{v:10d}" for v in vals))
    cases = collections.Counter(q["case"] for q in qs if q["case"])
    if cases:
        print("  cases: " + ", ".join(f"{k}={v}" for k, v in sorted(cases.items())))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", nargs="*", help="JSONL files (default: eval/questions/test.jsonl and dev.jsonl)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus directory holding manifest.toml")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only errors and the summary")
    ap.add_argument("--show-test", action="store_true",
                    help="print the content of test questions in messages (only when versioning the test split)")
    args = ap.parse_args(argv)
    global SHOW_TEST
    SHOW_TEST = args.show_test

    errors: list[str] = []
    warnings: list[str] = []
    notes: list[str] = []
    docs, slides = load_corpus(Path(args.corpus))
    if not docs:
        print(f"ERROR no documents found in {args.corpus}")
        return 1
    check_frozen_test(errors, notes)

    files = [Path(p) for p in args.questions] or [TEST_FILE, DEV_FILE]
    questions: list[dict] = []
    for path in files:
        if not path.exists():
            errors.append(f"{path}: file not found")
            continue
        questions.extend(load_questions(path, errors))

    valid = []
    seen_ids: dict[str, str] = {}
    for q in questions:
        if check_question(q, docs, slides, errors, warnings):
            valid.append(q)
        qid = q.get("id")
        if qid in seen_ids:
            errors.append(f"{qid} ({q['_where']}): duplicate id (also {seen_ids[qid]})")
        else:
            seen_ids[qid] = q["_where"]

    # question texts: unique (with their history) within a split, never shared between dev and test
    turns: dict[str, str] = {}
    texts: dict[str, tuple[str, str]] = {}
    for q in valid:
        key = q["split"] + "|" + "|".join(compact(t) for t in [*q["history"], q["question"]])
        if key in turns:
            errors.append(f"{q['id']}: same question text (and history) as {turns[key]}")
        turns[key] = q["id"]
        text = compact(q["question"])
        if text in texts and texts[text][1] != q["split"]:
            errors.append(f"{q['id']}: same question text as {texts[text][0]} in the {texts[text][1]} split")
        texts.setdefault(text, (q["id"], q["split"]))

    # questions quoted in the issues: never in test, all in dev
    seen = {compact(s) for s in SEEN_QUESTIONS + SEEN_VARIANTS}
    for q in valid:
        if q["split"] == "test":
            for text in [q["question"], *q["history"]]:
                if compact(text) in seen:
                    errors.append(f"{q['id']}: {_shown(q, text)} is quoted in the project's issues and must not be in test")
    splits_present = {q["split"] for q in valid}
    if "dev" in splits_present:
        dev_texts = {compact(q["question"]) for q in valid if q["split"] == "dev"}
        for s in SEEN_QUESTIONS:
            if compact(s) not in dev_texts:
                errors.append(f"dev: the issue question {s!r} is missing from dev")

    by_split = {s: [q for q in valid if q["split"] == s] for s in SPLITS}
    for s in SPLITS:
        if by_split[s]:
            check_minimums(s, by_split[s], docs, errors, warnings)

    if not args.quiet:
        for w in warnings:
            print(f"WARN  {w}")
    for e in errors:
        print(f"ERROR {e}")
    for s in SPLITS:
        if by_split[s]:
            print_summary(s, by_split[s], docs)
    for n in notes:
        print(f"\n{n}")
    print(f"\nquestions: {len(questions)}   errors: {len(errors)}   warnings: {len(warnings)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
