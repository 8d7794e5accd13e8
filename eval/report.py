"""Write a run's results: latest.json (everything), latest.md (the report), latest.png (chart)."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pipeline.storage import write_atomic

from .dataset import PERSONA_ORDER, TYPE_ORDER
from .grading import VERDICTS

FAIL_LIMIT = 40
HEADLINE_METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10")
_VERDICT_LABELS = {"correct": "correct", "partly": "partly", "wrong": "wrong", "refused": "refused"}


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _rate(rate: dict[str, Any] | None) -> str:
    """Return "72.0% (64.1–79.3)" for a rate with its 95 % interval."""
    if not rate or rate.get("value") is None:
        return "—"
    lo, hi = rate["ci"]
    return f"{rate['value'] * 100:.1f}% ({lo * 100:.1f}–{hi * 100:.1f})"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _ordered(keys, order) -> list[str]:
    return [k for k in order if k in keys] + sorted(k for k in keys if k not in order)


def _answers_section(result: dict[str, Any]) -> list[str]:
    a = result.get("answers")
    if not a:
        return ["Skipped (`--skip-ask`).", ""]
    out = ["Every question asked as a user would (follow-ups after their earlier turns), graded by rule "
           "(see [eval/README.md](../README.md#grading)). 95 % bootstrap intervals in brackets.", "",
           "| | share | over |", "|---|---:|---|"]
    n_ans, n_un = a["n_answerable"], a["n_unanswerable"]
    for verdict in VERDICTS:
        out.append(f"| answerable answered **{verdict}** | {_rate(a[verdict])} | {n_ans} answerable |")
    out.append(f"| unanswerable refused | {_rate(a['unanswerable_refused'])} | {n_un} unanswerable |")
    out.append(f"| … near misses refused (topic in the documents, fact not) | {_rate(a['near_miss_refused'])} | "
               f"{a['n_near_miss']} near misses |")
    out.append(f"| … off-topic refused | {_rate(a['off_topic_refused'])} | {n_un - a['n_near_miss']} off-topic |")
    out.append(f"| false refusals (answerable refused) | {_rate(a['false_refusal'])} | {n_ans} answerable |")
    out.append(f"| answers whose every quote is verbatim in its cited passage | {_rate(a['verbatim_answers'])} | "
               f"{a['verbatim_answers']['n']} answered |")
    if a.get("whole_quote_answers"):
        out.append(f"| answers whose every quote is a whole sentence / list item / table row | "
                   f"{_rate(a['whole_quote_answers'])} | {a['whole_quote_answers']['n']} answered |")
    out.append(f"| case number of the first citation right | {_rate(a['case_correct'])} | "
               f"{a['case_correct']['n']} case questions |")
    out.append(f"| … or the first cited passage names the case | {_rate(a['case_mentioned'])} | "
               f"{a['case_mentioned']['n']} case questions |")
    out.append(f"| refusals that say why | {_rate(a['refusals_with_reason'])} | {a['refusals_with_reason']['n']} refusals |")
    if a.get("list_item_coverage") is not None:
        out.append(f"| list items covered (mean per list question) | {_pct(a['list_item_coverage'])} | list questions |")
    out.append("")
    types = _ordered(a["by_type"], TYPE_ORDER)
    out += ["By question type (counts):", "", "| type | n | " + " | ".join(VERDICTS) + " |",
            "|---|---:|" + "---:|" * len(VERDICTS)]
    for t in types:
        row = a["by_type"][t]
        out.append(f"| {t} | {row['n']} | " + " | ".join(str(row[v]) for v in VERDICTS) + " |")
    out.append("")
    return out


def _retrieval_section(result: dict[str, Any]) -> list[str]:
    cfg = result["config"]
    product = cfg["product"]
    out = ["| config | " + " | ".join(HEADLINE_METRICS) + " | case@1 | passages |",
           "|---|" + "---:|" * (len(HEADLINE_METRICS) + 2)]
    for name in cfg["configs"]:
        r = result["retrieval"][name]
        cells = [f"{r['overall'][m]:.3f} ({r['ci'][m][0]:.2f}–{r['ci'][m][1]:.2f})" for m in HEADLINE_METRICS]
        cells += [_fmt(r["overall"].get("case@1")), str(r["passages"])]
        label = f"**{name}** (product)" if name == product else name
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Configs:")
    out.append("")
    for name in cfg["configs"]:
        out.append(f"- `{name}`: {cfg['descriptions'].get(name, '')}")
    for name, info in cfg.get("baselines", {}).items():
        zero = info.get("queries_with_all_zero_scores") or 0
        out.append(f"  - `{name}`: {info.get('nodes')} nodes (median {info.get('chars_median')} chars), built in "
                   f"{info.get('build_seconds')} s" + (f"; {zero} questions scored every node 0" if zero else ""))
    out.append("")
    unreachable = {n: result["retrieval"][n]["unreachable"] for n in cfg["configs"] if result["retrieval"][n]["unreachable"]}
    if unreachable:
        out.append("Unreachable (no passage of that system contains any evidence string; counted as misses): "
                   + "; ".join(f"`{n}` {len(ids)}" for n, ids in unreachable.items()) + ".")
        out.append("")
    for title, group, order in (("question type", "by_type", TYPE_ORDER), ("persona", "by_persona", PERSONA_ORDER)):
        groups = _ordered({g for c in cfg["configs"] for g in result["retrieval"][c][group]}, order)
        counts = {g: next((result["retrieval"][c][group][g]["n"] for c in cfg["configs"]
                           if g in result["retrieval"][c][group]), 0) for g in groups}
        out.append(f"recall@5 by {title}:")
        out.append("")
        out.append("| config | " + " | ".join(f"{g} (n={counts[g]})" for g in groups) + " |")
        out.append("|---|" + "---:|" * len(groups))
        for name in cfg["configs"]:
            row = result["retrieval"][name][group]
            out.append(f"| {name} | " + " | ".join(_fmt(row[g]["recall@5"]) if g in row else "—" for g in groups) + " |")
        out.append("")
    return out


def _diff_section(result: dict[str, Any]) -> list[str]:
    diff = result.get("diff")
    if not diff:
        return []
    out = ["## Changes since the previous committed run", ""]
    if not diff.get("comparable"):
        return out + [f"Not compared: {diff.get('reason')}.", ""]
    out.append(f"Previous run {diff['previous_date']} (commit {str(diff.get('previous_commit'))[:10]}): "
               f"answers {diff['answers_better']} better, {diff['answers_worse']} worse; "
               f"retrieval (rank band of the first relevant passage) {diff['retrieval_better']} better, "
               f"{diff['retrieval_worse']} worse.")
    out.append("")
    if diff["answers"]:
        out += ["| id | type | before | after | question |", "|---|---|---|---|---|"]
        for row in diff["answers"]:
            mark = "+" if row["better"] else "−"
            out.append(f"| {row['id']} | {row['type']} | {row['before']} | {mark} {row['after']} | {_cell(row['question'])} |")
        out.append("")
    return out


def _failures_section(result: dict[str, Any]) -> list[str]:
    rows = [r for r in result["per_query"] if "ask" in r]
    bad = [r for r in rows if r["ask"]["verdict"] in ("wrong", "partly") or (r["answerable"] and not r["ask"]["found"])]
    if not bad:
        return []
    out = ["## Answers that were not right (error analysis)", "",
           f"{len(bad)} questions" + (f", first {FAIL_LIMIT} shown (all in latest.json)" if len(bad) > FAIL_LIMIT else "")
           + ".", "", "| id | type | verdict | question | answer (first line) / refusal reason |", "|---|---|---|---|---|"]
    for r in bad[:FAIL_LIMIT]:
        a = r["ask"]
        first = (a["text"].splitlines() or [""])[0] if a["found"] else (a.get("refusal_reason") or a["text"])
        out.append(f"| {r['id']} | {r['type']} | {a['verdict']} | {_cell(r['question'])} | {_cell(first[:100])} |")
    out.append("")
    return out


def render_markdown(result: dict[str, Any]) -> str:
    cfg = result["config"]
    qs = cfg["questions"]
    out: list[str] = ["# Retrieval and answer benchmark", ""]
    out.append(f"Run {result['date']} · split **{cfg['split']}**" + (f" (first {cfg['limit']})" if cfg.get("limit") else "")
               + f" · {qs['n']} questions ({qs['answerable']} answerable, {qs['unanswerable']} unanswerable)"
               + f" · questions sha256 {qs['sha256']} · model {cfg['model']['name']}"
               + (f" · commit {cfg['git_commit'][:10]}" if cfg.get("git_commit") else "")
               + (" (+ uncommitted changes)" if cfg.get("uncommitted_changes") else ""))
    out.append("")
    out += ["## Answers", ""] + _answers_section(result)
    out += ["## Retrieval", "",
            "A passage is relevant iff its compacted text contains a compacted evidence string, so systems that "
            "cut the text differently are judged alike. recall@k: share of answerable questions with a relevant "
            "passage in the top k. 95 % bootstrap intervals in brackets.", ""]
    out += _retrieval_section(result)
    out.append("![answers by type and recall](latest.png)")
    out.append("")
    out += _diff_section(result)
    if cfg["split"] == "test":
        out += ["Per-question rows are in latest.json; error analysis is done on the dev split, never here.", ""]
    else:
        out += _failures_section(result)
    lat = result["latency"]
    out += ["## Latency and build", ""]
    s = lat["search"]
    out.append(f"Warm, this machine ({lat.get('threads')} CPUs, load average at the end {lat.get('load_average_at_end')}), "
               f"first call discarded: search p50 {_fmt(s['p50_ms'], 1)} ms, p95 {_fmt(s['p95_ms'], 1)} ms (n={s['n']})"
               + (f"; ask p50 {_fmt(lat['ask']['p50_ms'], 1)} ms, p95 {_fmt(lat['ask']['p95_ms'], 1)} ms per turn"
                  if lat.get("ask") else "")
               + (f"; query embedding {_pct(lat['embed_share_of_search'])} of search time" if lat.get("embed_share_of_search") else "")
               + ".")
    build = result.get("build")
    out.append("")
    out.append(f"Index build from scratch: **{build['seconds']:.1f} s** for {build['chunks']} passages and "
               f"{build['lines']} lines." if build else "Index build time: skipped.")
    out += ["", "## Versions", "", ", ".join(f"{k} {v}" for k, v in cfg.get("versions", {}).items()), ""]
    idx = cfg.get("index", {})
    out.append(f"Index: built {idx.get('built_at')}, code {idx.get('code_version')}, "
               f"corpus {str(idx.get('corpus_checksum'))[:16]}, {idx.get('chunk_count')} passages.")
    out.append("")
    return "\n".join(out)


def render_chart(result: dict[str, Any]) -> bytes:
    """Return a PNG: the product's answer verdicts per question type, and recall@5 per config."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 2]})
    answers = result.get("answers")
    colors = {"correct": "#2e7d32", "partly": "#f9a825", "wrong": "#c62828", "refused": "#9e9e9e"}
    if answers:
        types = _ordered(answers["by_type"], TYPE_ORDER)
        bottom = [0.0] * len(types)
        for verdict in VERDICTS:
            shares = [answers["by_type"][t][verdict] / answers["by_type"][t]["n"] for t in types]
            left.bar(range(len(types)), shares, bottom=bottom, color=colors[verdict], label=verdict)
            bottom = [b + s for b, s in zip(bottom, shares)]
        left.set_xticks(range(len(types)))
        left.set_xticklabels([f"{t}\n(n={answers['by_type'][t]['n']})" for t in types], fontsize=8)
        left.set_ylim(0, 1.0)
        left.set_title("answers by question type (unanswerable: refused is right)")
        left.legend(fontsize=8, loc="lower right")
    configs = result["config"]["configs"]
    values = [result["retrieval"][c]["overall"]["recall@5"] for c in configs]
    errors = [[v - result["retrieval"][c]["ci"]["recall@5"][0] for c, v in zip(configs, values)],
              [result["retrieval"][c]["ci"]["recall@5"][1] - v for c, v in zip(configs, values)]]
    right.barh(range(len(configs)), values, xerr=errors, color=["#1565c0" if c == result["config"]["product"]
                                                              else "#90a4ae" for c in configs])
    right.set_yticks(range(len(configs)))
    right.set_yticklabels(configs, fontsize=8)
    right.invert_yaxis()
    right.set_xlim(0, 1.0)
    right.set_title("recall@5 with 95% interval")
    fig.suptitle(f"{result['config']['split']} split, {result['date'][:10]}")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def write_outputs(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write latest.json, latest.md and latest.png into `out_dir`, each atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "latest.json", out_dir / "latest.md", out_dir / "latest.png"]
    write_atomic(paths[0], json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
    write_atomic(paths[1], render_markdown(result))
    write_atomic(paths[2], render_chart(result))
    return paths
