"""What lies around a segment in its document: its unit, block, heading, section and footnotes, and
whether a segment is about the question's topic. The compositions build on these."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..normalize import COLONS, compact, normalize_text
from ..question import Analysis, items_named
from ..records import Chunk, unit_id
from ..search import Searcher, SearchFilters
from ..structure import ARROWS, QUOTABLE_KINDS, enumeration, without_list_mark
from ..tokenize_ja import tokenize
from .evidence import AnswerSettings, Candidate, _context, _names, _organisation_keys, says_words_of, TopicTerm


@dataclass
class Composition:
    lines: list[Candidate]
    notice: str | None = None
    lead: str | None = None  # a line of our own before the quotes (never a fact)


def _distinct(candidates: list[Candidate], limit: int, floor: float) -> list[Candidate]:
    chosen: list[Candidate] = []
    for cand in candidates:
        if len(chosen) == limit or cand.score < floor:
            break
        key = compact(cand.text)
        if any(key in compact(c.text) or compact(c.text) in key for c in chosen):
            continue
        chosen.append(cand)
    return chosen


def _about_topic(analysis: Analysis, candidate: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a segment about the question's topic: it (or its heading) covers enough of the
    topic words, or the most specific one (「安全保障貿易管理等説明会」 above 「管内中小企業等 48社」).
    A measure rarely repeats the problem it prevents, so how-to questions ask for less."""
    needed = settings.howto_topic_cover if analysis.answer_type == "howto" else settings.min_topic_cover
    return (not analysis.focus or candidate.cover >= needed or candidate.topic_cover >= settings.main_term_cover)


def _with_heading(candidate: Candidate, pool: list[Candidate]) -> list[Candidate]:
    """Return the value line led by its heading when the line alone doesn't say what it counts
    (「15分野指定」 under 「③ 基幹インフラ事前届出制度」), or by the item it is a sub-item of (「80名超が参加」
    under 「8/4 中堅企業等合同施策説明会」)."""
    heading = candidate.piece.heading
    if not heading or heading in candidate.text:
        return [candidate]
    for other in pool:
        if other.chunk.chunk_id == candidate.chunk.chunk_id and other.piece.kind in ("heading", "title", "note", "list") \
                and other.text == heading and other.piece_index < candidate.piece_index:
            return [other, candidate]
    return [candidate]


def _bigrams(text: str) -> set[str]:
    text = compact(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _same_place(a: Candidate, b: Candidate, settings: AnswerSettings) -> bool:
    """Return True when two segments sit under headings that say the same (「① サプライチェーン強靭化」 and
    「① サプライチェーン強靱化」 in two editions)."""
    x, y = _bigrams(a.piece.heading or a.chunk.heading), _bigrams(b.piece.heading or b.chunk.heading)
    return bool(x and y) and len(x & y) / len(x | y) >= settings.heading_overlap


def _same_statement(a: Candidate, b: Candidate, settings: AnswerSettings) -> bool:
    """Return True when two value lines say the same but for their figures (「事前報告対象として、15技術を指定
    している」 and 「事前報告対象として、現在 19 技術を指定。」 in two editions): most character pairs of the
    shorter, figures left out, are in the longer."""
    x, y = (_bigrams(re.sub(r"[\d,.]", "", normalize_text(c.text))) for c in (a, b))
    return min(len(x), len(y)) >= settings.statement_pairs and len(x & y) / min(len(x), len(y)) >= settings.statement_overlap


def scene_of(analysis: Analysis) -> str:
    """Return what the sentences before a question's asking one say (see Analysis.asking), or ""."""
    return normalize_text(analysis.question).replace(analysis.asking, "") if analysis.asking is not None else ""


@lru_cache(maxsize=32)
def _words_said(said: str) -> frozenset[str]:
    return frozenset(tokenize(said))  # (what the asker says, read once for all the lines set against it)


def restates_text(said: str, line: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a line whose words `said` (what the asker says) has nearly all of."""
    words = tokenize(line.text)
    asked = _words_said(said)
    # (a label of a word or two, 「相談例」, heads a list rather than saying something)
    return len(words) >= settings.restated_min_words and sum(w in asked for w in words) >= settings.restated_share * len(words)


def _edition_pair(lead: Candidate, pool: list[Candidate], settings: AnswerSettings,
                  newest_asked: bool = False) -> Candidate | None:
    """Return a candidate from a document of another date stating another value for the same topic
    (about it as much as the lead, or under a heading that says the same; when the newest is asked for,
    「現在」「最新の資料では」, in a line that says the same too)."""
    for other in pool:
        if (other.chunk.date != lead.chunk.date and other.value and lead.value and other.value != lead.value
                and other.typed and (other.about or _same_place(lead, other, settings)
                                     or newest_asked and _same_statement(lead, other, settings))):
            return other
    return None


def _about_value_topic(analysis: Analysis, candidate: Candidate, settings: AnswerSettings) -> bool:
    """Return True for a segment about what a value question asks of. A contact block rarely repeats
    the topic; one of the asked place (its office) will do. Contact details sit under the office's
    name, not under the subject: a contact line headed by the organisation the question names will
    do too (九州局 is named 九州経済産業局 there)."""
    placed = any(q.kind == "place" for q in analysis.qualifiers)
    return _about_topic(analysis, candidate, settings) or (
        analysis.answer_type == "contact" and candidate.typed and candidate.qualified
        and (placed or _names_its_organisation(analysis, candidate) or _link_about(analysis.topic, candidate)))


_OPENS_WITH_ADDRESS = re.compile(r"\s*<?https?://")


def _link_about(term: str | None, candidate: Candidate, passage: str | None = None) -> bool:
    """Return True for a web address whose passage (by default its chunk and the headings above it) says
    every word of `term` (「事前届出制度」: 事前, 届出 and 制度 on the slide of 「事前届出書の提出」 and
    「制度の詳細はこちら」): a link at the foot of a slide is for what the slide is about, whatever its own
    label says. So is a line that opens with a web address (「https://… より作成」, a source's address)."""
    if not term or candidate.piece.kind != "link" and not _OPENS_WITH_ADDRESS.match(candidate.text):
        return False
    passage = passage if passage is not None else f"{_context(candidate.chunk, candidate.piece)} {candidate.chunk.text}"
    # (a term of one word, 「投資家」, is said by the slide naming it, 「外国投資家」)
    return says_words_of(term, passage) or compact(term) in compact(passage)


def _near_context(candidate: Candidate) -> str:
    """Return what a value line is stated under: its headings, the line right above and the line itself
    (「③金属シリコン→③ポリシリコン」 two lines above 「ポリシリコンの生産は約7割」 is not what that share
    is of; another line of the same passage names another thing)."""
    above = candidate.chunk.pieces[candidate.piece_index - 1].text if candidate.piece_index else ""
    # (nor is all of a chain of steps over it, 「③金属シリコン→③ポリシリコン→③ウェハ→③太陽電池セル」: a line
    # under it states values of the steps it names, 「ポリシリコン」, or names by their last word, 「セル、…」)
    over = [_steps_named(line, candidate.text) for line in (candidate.chunk.heading, candidate.piece.heading or "", above)]
    return " ".join((*over, candidate.text))


def _steps_named(line: str, text: str) -> str:
    """Return `line` as it names what `text` is about: of a chain of steps (「A→B→C」), the steps `text`
    names whole or by their last word standing alone (セル in 「セル、モジュールは」, not シリコン in
    ポリシリコン); any other line whole."""
    steps = [without_list_mark(step).strip() for step in re.split("|".join(ARROWS), line)]
    if len(steps) < 2:
        return line
    said = compact(text)

    def named(step: str) -> bool:
        last = next(reversed(tokenize(step)), "")
        return compact(step) in said or len(last) >= 2 and bool(
            re.search(rf"(?<![ァ-ヶーA-Za-z]){re.escape(compact(last))}(?![ァ-ヶーA-Za-z])", said))
    return " ".join(step for step in steps if named(step))


def _named_just_above(analysis: Analysis, candidate: Candidate, at: dict[tuple[str, int], Candidate],
                      settings: AnswerSettings) -> Candidate | None:
    """Return the line right above a value line that names the thing the value is of, when the value
    line itself does not (「EU復興パッケージ <2020年7月>」 over 「グリーンやデジタルへの移行：7年間で約1.8兆
    ユーロ」): a short line about the topic stating no value, in the same passage (`at`: the pool's
    segments by chunk and place)."""
    if _about_topic(analysis, candidate, settings):
        return None
    above = at.get((candidate.chunk.chunk_id, candidate.piece_index - 1))
    if above is None or above.typed or above.piece.kind in ("heading", "title") \
            or len(above.text) > settings.name_line_chars or not _about_topic(analysis, above, settings):
        return None
    return above


def _names_its_organisation(analysis: Analysis, candidate: Candidate) -> bool:
    """Return True when the segment's passage names an organisation the question names, by the
    question's name or the documents' (九州局 / 九州経済産業局): an office's name sits on a line of its own
    above its phone number."""
    where = compact(f"{candidate.text} {_context(candidate.chunk, candidate.piece)} {candidate.chunk.text}")
    return any(key in where for key in _organisation_keys(*analysis.names))


def _unit_segments(searcher: Searcher, unit: str) -> list[Candidate]:
    """Return every segment of a unit, in order, wherever the chunker put it, as (unscored) candidates."""
    return [Candidate(chunk, index, 0.0, 0) for chunk in searcher.unit_chunks(unit) for index in range(len(chunk.pieces))]


def _headings_above(searcher: Searcher, candidate: Candidate, depth: int = 4) -> list[str]:
    """Return the headings above a segment's own heading in its unit, nearest first (「70社超」 under
    「問い合わせのあった個別企業」 under 「特定の技術・製品を有する企業群」 under 「＜戦略的対話の実績＞」)."""
    # each unit's heading → the heading it sits under, worked out once per loaded index (see _view)
    cache = searcher.__dict__.setdefault("_unit_headings", {})
    headings = cache.get(candidate.chunk.unit_id)
    if headings is None:
        headings = cache[candidate.chunk.unit_id] = {}
        for segment in _unit_segments(searcher, candidate.chunk.unit_id):
            if segment.piece.kind in ("heading", "title"):
                headings.setdefault(segment.text, segment.piece.heading)
    out: list[str] = []
    current = headings.get(candidate.piece.heading) if candidate.piece.heading else None
    while current and current not in out and len(out) < depth:
        out.append(current)
        current = headings.get(current)
    return out


def _block_items(searcher: Searcher, chunk: Chunk, block: int) -> list[Candidate]:
    """Return every segment of one block of a unit, in order, wherever the chunker put it; for a list
    that ends its unit, also the items it goes on with at the top of the next one (see _continued)."""
    segments = _unit_segments(searcher, chunk.unit_id)
    items = [c for c in segments if c.piece.block == block]
    last = max((c.piece.block for c in segments), default=block)
    if items and items[0].piece.kind == "list" and block == last:
        items += _continued(searcher, chunk)
    return items


# A line of a table of contents runs short, without a sentence's end (an entry naming a part of a document)
CONTENTS_ENTRY_CHARS = 40


def _in_contents(searcher: Searcher, candidate: Candidate) -> bool:
    """Return True for an entry of a table of contents: a short line under a 目次 heading, with only such
    entries between them (「4 撤退・契約終了時に取り組むべき事項」 under 「目次」 … 「第1章 …」)."""
    segments = _unit_segments(searcher, candidate.chunk.unit_id)
    at = next((i for i, c in enumerate(segments)
               if c.chunk.chunk_id == candidate.chunk.chunk_id and c.piece_index == candidate.piece_index), None)
    for segment in reversed(segments[: at + 1] if at is not None else []):
        # (「目次」 alone on its line is the contents' heading, whatever kind the structure gave it)
        if (segment.piece.kind in ("heading", "title") or _CONTENTS.fullmatch(compact(segment.text))) \
                and _CONTENTS.search(segment.text):
            return True
        if segment.text.rstrip().endswith("。") or len(segment.text) > CONTENTS_ENTRY_CHARS:
            return False
    return False


def _continued(searcher: Searcher, chunk: Chunk) -> list[Candidate]:
    """Return the items a list ending its unit goes on with in the next unit: that unit's opening list,
    when the unit has no title or heading of its own (a slide continued, or split by the extraction)."""
    following = searcher.unit_chunks(unit_id(chunk.doc_id, chunk.position + 1))
    if not following or following[0].unit_title != chunk.unit_title:
        return []
    pieces = [(c, i, p) for c in following for i, p in enumerate(c.pieces)]
    if not pieces or pieces[0][2].kind != "list" or pieces[0][2].heading:
        return []
    first = pieces[0][2].block
    return [Candidate(c, i, 0.0, 0) for c, i, p in pieces if p.block == first]


_CONTENTS = re.compile(r"目次|もくじ|contents", re.IGNORECASE)


def _asks_contents(analysis: Analysis) -> bool:
    """Return True for a question about a document's parts (目次, 第2章, 構成, 何が書いてある): a table
    of contents answers it, and no other question (「技術流出にはどんなパターンがある？」 is not asked of
    the guidance's chapters, though their titles name 技術流出)."""
    return bool(re.search(r"目次|もくじ|章|構成|何が書いて", normalize_text(analysis.question)))


def _heading_candidates(searcher: Searcher, item: Candidate) -> list[Candidate]:
    """Return the segments of the item's unit that head something: its title and headings, and a note
    that leads a list (「（※）考慮すべきリスクの例」)."""
    segments = _unit_segments(searcher, item.chunk.unit_id)
    leads = {c.piece.heading for c in segments if c.piece.kind == "list"}
    return [c for c in segments if c.piece.kind in ("heading", "title") or (c.piece.kind == "note" and c.text in leads)]


def _section_under(searcher: Searcher, heading: Candidate) -> list[Candidate]:
    """Return what may be quoted under a heading: the segments it heads, with their sub-items; when it
    heads only a sub-heading (a slide's title over a table's header row), what that one heads."""
    segments = _unit_segments(searcher, heading.chunk.unit_id)
    first = next((c for c in segments if c.piece.heading == heading.text), None)
    if first is not None and first.piece.kind in ("heading", "title") and \
            not any(c.piece.heading == heading.text and c.piece.kind in QUOTABLE_KINDS for c in segments):
        heading = first
    names, under = {heading.text}, []
    for segment in segments:
        if segment.piece.heading in names and segment.piece.kind in QUOTABLE_KINDS:
            under.append(segment)
            if segment.piece.kind in ("list", "table"):
                names.add(segment.text)  # an item's sub-items, a row's sub-rows
    return under


# A sentence opening with a word that points back to the one before it (その, この, それ, こうした …; not
# その後 or その他, which go on to other things)
POINTS_BACK = re.compile(r"(?:その|この|それ|これ|こうした|そうした|このような|そのような)(?!後|他|ほか|上で|一方|中で|際)")


def _following(line: Candidate, limit: int) -> list[Candidate]:
    """Return up to `limit` segments right after a line in its passage."""
    pieces = range(line.piece_index + 1, min(line.piece_index + 1 + limit, len(line.chunk.pieces)))
    return [Candidate(line.chunk, index, 0.0, 0) for index in pieces]


def next_block(searcher: Searcher, line: Candidate) -> list[Candidate]:
    """Return every segment of the block right after a line's own in its unit, in order ([] at the unit's end)."""
    after = blocks_after(searcher, line)
    return _block_items(searcher, after[0].chunk, after[0].piece.block) if after else []


def blocks_after(searcher: Searcher, head: Candidate) -> list[Candidate]:
    """Return the first segment of each block after `head` in its unit, in order."""
    firsts: dict[int, Candidate] = {}
    for candidate in _unit_segments(searcher, head.chunk.unit_id):
        if candidate.piece.block > head.piece.block:
            firsts.setdefault(candidate.piece.block, candidate)
    return [firsts[block] for block in sorted(firsts)]


def _numbered_sections(searcher: Searcher, head: Candidate) -> list[Candidate]:
    """Return the numbered headings that follow a lead-in, each over its own text (「3つの切り口」 then
    「① …」 text 「② …」 text 「③ …」): one mark family counting up from 1, as many as the lead-in says."""
    limit = items_named(head.text) or 20
    out: list[Candidate] = []
    family = None
    for candidate in blocks_after(searcher, head):
        mark = enumeration(candidate.text)
        # an item opening a list block of its own (「２．…」 over its bullets) counts on like a heading does
        counts_on = bool(out) and mark is not None and mark == (family, len(out) + 1)
        if candidate.piece.kind not in ("heading", "title") and not counts_on:
            if not out:
                return []  # the lead-in is followed by text, not by its items
            continue  # the text under an item
        if mark is None or (family is not None and mark[0] != family) or mark[1] != len(out) + 1:
            break
        family = mark[0]
        out.append(candidate)
        if len(out) == limit:
            break
    return out


_SERIES_SPAN = 40  # slides a numbered series may run over after its lead-in


def _numbered_slides(searcher: Searcher, head: Candidate, limit: int = 20) -> list[Candidate]:
    """Return a series of slides numbered on from the item that ends a lead-in's slide (「…に関する施策例」
    over 「(1) 官民対話による…」 alone at its foot, then slides titled 「(2) …」 … 「(7) …」, whatever slides sit
    between them): the item, then each heading of a later slide of the document that counts on in its
    family; empty when the lead-in is not so followed."""
    after = [c for c in _unit_segments(searcher, head.chunk.unit_id) if c.piece.block > head.piece.block]
    # (one item alone after the lead-in, ending its slide, the first of its family)
    if len(after) != 1 or (first := enumeration(after[0].text)) is None or first[1] != 1:
        return []
    out = [after[0]]
    for position in range(head.chunk.position + 1, head.chunk.position + 1 + _SERIES_SPAN):
        if len(out) == limit:
            break
        if not (chunks := searcher.unit_chunks(unit_id(head.chunk.doc_id, position))):
            continue  # (a unit number the extraction left empty)
        marks = [(c, enumeration(c.text)) for c in _unit_segments(searcher, chunks[0].unit_id)
                 if c.piece.kind in ("heading", "title")]
        family = [(c, mark) for c, mark in marks if mark is not None and mark[0] == first[0]]
        if family and family[0][1][1] != len(out) + 1:
            break  # the family counts otherwise here: another series
        if family:
            out.append(family[0][0])
    return out if len(out) > 1 else []


# 「※βラクタム系抗菌薬4物資：」: a footnote that names what it explains before a colon
_FOOTNOTE_LABEL = re.compile(rf"^※\s*([^{COLONS}]{{2,40}})[{COLONS}]")


def _with_footnotes(searcher: Searcher, lines: list[Candidate]) -> list[Candidate]:
    """Return the quotes, each followed by the footnote of its unit that explains a term it marks with ※
    (「βラクタム系抗菌薬4物資※の安定供給」 then 「※βラクタム系抗菌薬4物資：」 and the four names)."""
    out: list[Candidate] = []
    for line in lines:
        out.append(line)
        if "※" not in line.text[1:] or line.piece.kind == "note":
            continue
        notes: dict[int, list[Candidate]] = {}
        for segment in _unit_segments(searcher, line.chunk.unit_id):
            if segment.piece.kind == "note":
                notes.setdefault(segment.piece.block, []).append(segment)
        marked = compact(line.text)
        labelled = [segments for segments in notes.values() if (label := _FOOTNOTE_LABEL.match(segments[0].text))
                    and compact(label.group(1)) + "※" in marked]
        # 「11の特定重要物資※を指定。」 and one unnumbered note 「※経産省関係では、…の８つ」: the only
        # note its unit has for a bare ※ is the one it points to
        bare = [segments for segments in notes.values() if re.match(r"※(?![\d０-９])", segments[0].text)
                and not _FOOTNOTE_LABEL.match(segments[0].text)]
        if not labelled and len(bare) == 1 and re.search(r"※(?![\d０-９])", line.text[1:]):
            labelled = bare
        for segments in labelled:
            out.extend(s for s in segments if all(s.text != o.text for o in out))
    return out


# A line that states a plan or a thing under consideration, not yet in place
_PENDING = re.compile(r"検討中|検討(?:を開始|を進め|して)|議論(?:中|して|を開始|を進め)|想定|予定|見込")
# Words saying what holds now (「現在 19 技術を指定」「現時点で」)
_NOW_STATED = re.compile(r"現在(?!の)|現時点")
# Words saying a thing is done (策定, 公表 …): a newer slide's title often says so of what a plan became
# (「(4) 経済安全保障経営ガイドライン (第1版) の策定」)
_DONE_STATED = re.compile(r"策定|公表|施行|開始|創設|設置|発足|公開|決定|成立|改訂|改定")


def _successor(searcher: Searcher, plan: Candidate, terms: list[TopicTerm], settings: AnswerSettings,
               filters: SearchFilters | None = None) -> list[Candidate]:
    """Return what the newest document that speaks of a plan says of it: its line closest in meaning to the
    plan (at least settings.successor_similarity), naming a topic word of the question the plan names and
    stating no plan itself, with the lines after it under the same heading; [] when no later document the
    user's filters keep does."""
    later = min((c.date for c in searcher.index.chunks if c.date and c.date > (plan.chunk.date or "")), default=None)
    if later is None:
        return []
    filters = filters or SearchFilters()
    after_plan = replace(filters, date_from=max(later, filters.date_from or ""))
    result = searcher.search(plan.text, top_k=settings.passages, filters=after_plan)
    if result.query_vector is None:
        return []
    shared = [t for t in terms if t.weight and _names(t, plan.text)]

    def done_title(segment: Candidate) -> bool:  # a title saying a thing the plan names is done
        # (「ガイドライン等」 names ガイドライン and things like it: a title naming ガイドライン names it)
        return segment.piece.kind in ("title", "heading") and bool(_DONE_STATED.search(segment.text)) \
            and not _PENDING.search(segment.text) and any(_names(t, segment.text) or t.term.endswith("等") and
                                                          compact(t.term[:-1]) in compact(segment.text) for t in shared)

    found, titles = [], []
    for hit in result.hits:
        for index, similarity in searcher.line_similarities(result.query_vector, hit.chunk).items():
            line = Candidate(hit.chunk, index, similarity, 0)
            if similarity >= settings.successor_similarity and _says_more(line) \
                    and not _PENDING.search(line.text) and any(_names(t, line.text) for t in shared):
                found.append(line)
            elif done_title(line):
                titles.append(line)
    if not found:
        # no line of it close enough: a newer slide whose title says the thing done (the closest such title) is
        # what the plan became, told by its title and the lines under it
        lead = max(titles, key=lambda c: (c.similarity, c.chunk.date or ""), default=None)
        if lead is None:
            return []
        under = [c for c in _unit_segments(searcher, lead.chunk.unit_id) if c.piece.heading == lead.text and _says_more(c)]
        return [lead, *under[: settings.max_quotes - 1]]
    # of the lines about as close, the newest document's
    best = max(c.similarity for c in found)
    lead = max((c for c in found if c.similarity >= best - settings.successor_margin),
               key=lambda c: (c.chunk.date or "", c.similarity))
    after = [c for c in _following(lead, settings.max_quotes - 1) if c.piece.heading == lead.piece.heading and _says_more(c)]
    # (the title the line sits under, when it says the thing done, names what the plan became: it leads)
    title = next((c for c in _unit_segments(searcher, lead.chunk.unit_id) if lead.piece.heading and c.text == lead.piece.heading
                  and c.piece_index <= lead.piece_index and c.chunk.chunk_id == lead.chunk.chunk_id and done_title(c)), None)
    # (「事前報告対象として、現在 19 技術を指定。」: a line of its slide saying what holds now tells where the plan
    # stands, which is what is asked of it; it takes the last place)
    now = next((c for c in _unit_segments(searcher, lead.chunk.unit_id) if c.piece.heading == lead.piece.heading
                and _NOW_STATED.search(c.text) and _says_more(c) and c.text != lead.text), None)
    if now is not None and all(c.text != now.text for c in after):
        after = after[: settings.max_quotes - 2] + [now]
    if title is not None:
        return [title, lead, *after[: settings.max_quotes - 2]]
    return [lead, *after]


def _says_more(line: Candidate) -> bool:
    """Return True for a segment of the document's own text that may be quoted as what a thing has become:
    a sentence, item or row (QUOTABLE_KINDS), not a heading, a note, a link or an entry of the contents."""
    return line.piece.kind in QUOTABLE_KINDS and line.piece.kind != "note"
