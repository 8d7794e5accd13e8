"""List answers: every item of the list that fits the question (「19技術を全部」, 「3原則は」), an
enumeration written inside one sentence, the kinds under numbered headings, a chapter's sections,
and the items a newer edition adds."""
from __future__ import annotations

import re

from ..normalize import COLONS, circled_number_value, compact, normalize_text
from ..question import EDITION_ORDER, WRITTEN_NUMBER, Analysis, items_named, number_value
from ..records import unit_id
from ..search import Searcher
from ..structure import QUOTABLE_KINDS, enumeration, go_on, without_list_mark
from ..tokenize_ja import tokenize
from .evidence import AnswerSettings, Candidate, _cover, names_whole, Prepared, says_part
from .wording import ADDED_NOTICE, LIST_EDITION_NOTICE, SAMPLE_NOTICE
from .blocks import (_about_topic, _asks_contents, _block_items, blocks_after, Composition, _CONTENTS, _heading_candidates,
                     _numbered_sections, _numbered_slides, restates_text, _same_place, scene_of, _section_under,
                     _unit_segments, _with_footnotes, _with_heading)


# Words for the items of any list (「どんな項目に分かれてる」): they name no kind of thing
_ANY_ITEMS = frozenset({"項目", "一覧", "リスト", "もの", "こと", "内容", "中身"})


def _asks_for(head: str, question: str) -> bool:
    """Return True when the question asks for things of the kind `head` names (「管理基準にはどんなもの」,
    「…が挙げる課題」), not of another word (「技術が流出するパターン」), nor for any items (項目)."""
    return head not in _ANY_ITEMS and bool(re.search(
        rf"{re.escape(head)}(?:には|は|って|を|が|として)?[、,]?\s*(?:どんな|どの|何|なに|どれ|[？?。]?$|挙げ|教え|示)",
        normalize_text(question)))


# The mark a note opens with, which the line it explains carries too (「（※）」「※1」; a bare ※ marks any note)
_NOTE_MARK = re.compile(r"^(?:（※[0-9０-９]*）|\(※[0-9０-９]*\)|※[0-9０-９]+)")


# A question after the kinds of something (「どんなパターンがある」「種類は」): the numbered headings answer it.
KINDS_ASKED = re.compile(r"パターン|種類|類型|分類|タイプ|ルート|経路|形態")


_CIRCLED_MARK = r"[①-⑳]"  # an item's number: ⑥ in 「⑥炭素繊維」
_INLINE_MARK = re.compile(_CIRCLED_MARK + r"|[(（]\s*(\d{1,2})\s*[)）]")


def inline_items(text: str) -> int:
    """Return how many items a sentence enumerates in itself (「①重要物資、②基幹インフラ、③…」 → 3):
    marks of one kind counting up from 1; 0 when it enumerates nothing."""
    for kind in ("circled", "parenthesised"):
        values = [circled_number_value(m.group(0)) if kind == "circled" else int(m.group(1))
                  for m in _INLINE_MARK.finditer(text) if (m.group(1) is None) == (kind == "circled")]
        if len(values) >= 2 and values == list(range(1, len(values) + 1)):
            return len(values)
    return 0


# 「…半導体、蓄電池、…、天然ガスの８つ」: an enumeration that states its own count at its end
_COUNT_CLOSING = re.compile(r"の\s*" + WRITTEN_NUMBER + r"\s*つ")


def _comma_parts(text: str) -> list[str]:
    """Return the things a line lists by 、 (its parts between commas, the empty ones left out)."""
    return [part for part in re.split(r"[、，]", text) if part.strip()]


def counted_enumeration(text: str) -> int:
    """Return how many things a sentence lists by 、 and counts itself (「※経産省関係では、半導体、蓄電池、
    クラウド、…、天然ガスの８つ」 → 8); 0 when the count it states is not the count it lists."""
    text = normalize_text(text)
    closing = _COUNT_CLOSING.search(text)
    if closing is None:
        return 0
    stated = number_value(closing.group(1))
    parts = _comma_parts(text[: closing.start()])
    # the words before the first 、 may lead in (「…では、」) or be the first item
    return stated if stated >= 2 and stated in (len(parts), len(parts) - 1) else 0


def _inline_list(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                 settings: AnswerSettings) -> Composition | None:
    """Return the sentence that enumerates exactly as many items as the question says there are
    (「4つの制度」 answered by 「…①重要物資、②基幹インフラ、③先端重要技術、④特許出願非公開に関する制度を措置。」),
    or, for any list question, one that counts what it lists itself, about as good as the best segment."""
    if not pool:
        return None
    best = pool[0].score
    for cand in pool:
        if cand.score < best - settings.close_enough:
            break
        if not _about_topic(analysis, cand, settings):
            continue
        if analysis.items and inline_items(cand.text) == analysis.items:
            return Composition([cand])
        # (a line may count its things in the note its ※ points to: the note comes with it, _with_footnotes)
        for line in _with_footnotes(searcher, [cand]):
            counted = counted_enumeration(line.text)
            if counted and (not analysis.items or counted == analysis.items):
                return Composition([cand])
        if not analysis.items and max(len(_things_of_kind(analysis.question, cand.text)),
                                      _labelled_items(analysis, cand.text)) >= 3:
            return Composition([cand])
        if not analysis.items and _lists_what_is_done(analysis.question, cand.text):
            return Composition([cand])
    return None


# 「…などを加えていく。」: what a sentence says is done to the things it has just listed
_DONE_TO_LISTED = re.compile(r"(?:など|等)を([一-龥]+[ぁ-ん]?)")


def _lists_what_is_done(question: str, text: str) -> bool:
    """Return True for a sentence that lists three or more things by 、 and says what is done to them in the
    words the question asks with (「現在は「初版」であり、…支援策、…強化、…深化、…防衛策などを加えていく。」 for
    「…に今後加えていくとされている内容」)."""
    line = normalize_text(text)
    done = _DONE_TO_LISTED.search(line)
    return done is not None and done.group(1) in normalize_text(question) \
        and len(_comma_parts(line[: done.start()])) >= 3


# 「大学：東北大、弘前大、…」「講師：経済産業省、宮城県警」: a label, then what it labels
_LABELLED = re.compile(rf"^[・•\-\s]*([^{COLONS}\s、。]{{1,12}})\s*[{COLONS}]\s*(\S.*)$")


def line_label(text: str) -> str | None:
    """Return the label a line begins with (「大学：東北大、…」 → 大学), or None."""
    found = _LABELLED.match(normalize_text(text))
    return found.group(1) if found else None


def _labelled_items(analysis: Analysis, text: str) -> int:
    """Return how many things a line lists by 、 under a label that is a topic word of the question
    (「訪問した大学は？」: 「大学：東北大、弘前大、日大工学部（郡山）…」); 0 for any other line."""
    found = _LABELLED.match(normalize_text(text))
    if found is None or found.group(1) not in analysis.focus:
        return 0
    return len(_comma_parts(found.group(2)))


def _things_of_kind(question: str, text: str) -> set[str]:
    """Return the things a line names of a kind the question asks for, each named by a compound ending
    in the kind's word (「どんな窓口がある？」: 「海外展開知財支援窓口/アカデミア知財支援窓口/…」)."""
    found: set[str] = set()
    line = normalize_text(text)
    # (the word after どんな is the kind: in 「技術ってどんなルートで漏れる」 the things are routes, and a line
    # naming 対象技術, 重要技術 and コア技術 lists no routes)
    asked = normalize_text(question)
    after = re.findall(r"(?:どんな|どのような|どういう|どの)([一-龥ァ-ヶー]{2,})", asked)
    for kind in set(after or re.findall(r"[一-龥ァ-ヶー]{2,}", asked)):
        names = set(re.findall(rf"[一-龥ァ-ヶーA-Za-z]+?{re.escape(kind)}", line))
        if len(names) > len(found):
            found = names
    return found


def _item_names(text: str) -> list[str]:
    """Return the things a list row names, one per circled number (「⑥炭素繊維 ⑯量子ドット」 → 炭素繊維,
    量子ドット), compacted; the whole row when it holds no such number."""
    parts = [compact(p) for p in re.split(_CIRCLED_MARK, text) if compact(p)]
    return parts or [compact(text)]


def compose_added(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Composition | None:
    """The rows of the newest edition of a list naming things its older edition did not list (「事前報告の
    対象技術」: 15 rows in 2025, 19 in 2026 → the rows with ⑯–⑲), when two documents of different dates hold
    the list about the topic under headings that say the same; None otherwise."""
    analysis, pool = prepared.analysis, prepared.candidates
    lists = sorted((c for c in pool if c.piece.kind in ("list", "table") and c.chunk.date
                    and _about_topic(analysis, c, settings)), key=lambda c: -c.score)
    # the best list about the topic that another dated document holds too, under a heading saying the same
    pair = next(((lead, other) for lead in lists for other in lists
                 if other.chunk.date != lead.chunk.date and _same_place(other, lead, settings)), None)
    if pair is None:
        return None
    newest, oldest = sorted(pair, key=lambda c: c.chunk.date, reverse=True)
    rows = _block_items(searcher, newest.chunk, newest.piece.block)
    listed = {name for row in _block_items(searcher, oldest.chunk, oldest.piece.block) for name in _item_names(row.text)}
    added = [row for row in rows if any(name not in listed for name in _item_names(row.text))]
    if not added or len(added) == len(rows):
        return None  # nothing new, or two lists with nothing in common
    notice = ADDED_NOTICE.format(new=newest.chunk.date, old=oldest.chunk.date)
    return Composition(_with_heading(added[0], _heading_candidates(searcher, added[0]))[:-1] + added, notice)


def compose_list(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Composition | None:
    """A list: all the items of the list or table whose heading and items fit the question best."""
    analysis, pool = prepared.analysis, prepared.candidates
    sections = _sections_asked(searcher, analysis, pool, settings)
    if sections:
        return Composition(sections)
    inline = _inline_list(searcher, analysis, pool, settings)
    if inline is not None:
        return inline
    # 「5つのイニシアティブを教えて」: a lead-in naming that many (「以下の５つのイニシアティブを提案。」) over
    # that many numbered sections (「１．…」 … 「５．…」) is the set asked for, whatever lists sit under each
    # (「技術流出の3つの経路は？」: 「【技術流出経路の例】」 over ① ② ③ counts them by its sections)
    for head in pool if analysis.items else ():
        if _introduces_list(head) and items_named(head.text) in (None, analysis.items) and head.qualified \
                and _about_topic(analysis, head, settings):
            sections = _numbered_sections(searcher, head)
            if len(sections) == analysis.items:
                return Composition([head] + sections)
    # 「推進法で法制化された取組って、どんな柱がある？」: the best line about the topic, right over numbered
    # sections of its own (「2. 経済安全保障推進法の施行…」 over 「① サプライチェーン強靱化」 … 「④ 特許出願非公開
    # 制度」), leads in to them, counted or not
    lead = pool[0] if pool and not analysis.items else None
    if lead is not None and lead.qualified and _about_topic(analysis, lead, settings) \
            and len(sections := _numbered_sections(searcher, lead)) >= settings.lead_in_sections:
        return Composition([lead, *sections])
    # 「技術流出の経路の例って、どんなのがある？」: a heading about as good as the best that says every word of the
    # topic (「【技術流出経路の例】」) over numbered sections of its own leads in to them too
    for head in pool if lead is not None else ():
        if head.score < lead.score - settings.close_enough:
            break
        if head.piece.kind in ("heading", "title") and head.cover >= 1.0 and head.qualified \
                and len(sections := _numbered_sections(searcher, head)) >= settings.lead_in_sections:
            return Composition([head, *sections])
        # 「東北局の資料で、…施策例として紹介されている制度・ツールを挙げて」: a heading saying the whole topic
        # over the first of a series of slides numbered on (「(1) …」 … 「(7) …」) leads in to the series
        if head.piece.kind in ("heading", "title") and head.topic_cover >= 1.0 and head.qualified \
                and len(sections := _numbered_slides(searcher, head)) >= settings.lead_in_sections:
            return Composition([head, *sections])
    # 「EWSに必要な要素として整理されている項目は」: numbered headings of one family among the best
    # segments (③対象範囲, ⑤脅威察知) are items of the set asked for, whatever text sits between them
    family = _family_among_best(searcher, analysis, pool, settings)
    if family:
        named = _member_named(prepared, family)
        under = [c for c in _unit_segments(searcher, named.chunk.unit_id)
                 if c.piece.heading == named.text and c.piece.kind in ("list", "paragraph")] if named else []
        if under:
            # 「海外に工場を出すと、どんなリスクがある？」: the question names one of the set (「① 生産拠点の海外
            # 移転」, 工場 ≈ 生産拠点) by what it asks about; what that one heads answers, not the set's headings
            return Composition([named, *under[: settings.max_list_items]])
        return Composition(family)
    blocks: dict[tuple[str, int], list[Candidate]] = {}
    for cand in pool:
        if cand.piece.kind in ("list", "table"):
            blocks.setdefault((cand.chunk.unit_id, cand.piece.block), []).append(cand)
    conditional = any(q.kind not in EDITION_ORDER for q in analysis.qualifiers)
    contents_asked = _asks_contents(analysis)
    scene = scene_of(analysis)
    best: tuple[float, tuple[str, int]] | None = None
    scored: dict[tuple[str, int], float] = {}
    unit_headings: dict[str, list[Candidate]] = {}  # each unit's headings, read once
    for key, members in blocks.items():
        if conditional and not any(m.qualified for m in members):
            continue  # 「ロシア向けの…」「罰則は」: a list must meet the question's conditions like any answer
        items = _block_items(searcher, members[0].chunk, key[1])
        if len(items) < 2 or _prose(items, settings):
            continue
        if scene and any(restates_text(scene, item, settings) for item in items):
            continue  # 「…「行動規範・ガイドライン等」の初版公表を2025年秋頃に目指すとされていた。」: the list it is from
            # is what the asker brings, not the answer to what the newer document says
        # a list is named by its own heading, and by the heading that one sits under (「<ミッション>」 under
        # 「ミッション志向の産業政策（8分野）」); the slide's title above names every block of the slide
        own = members[0].piece.heading
        heading = own or members[0].chunk.heading
        if own and members[0].chunk.unit_id not in unit_headings:
            unit_headings[members[0].chunk.unit_id] = _heading_candidates(searcher, members[0])
        context = _parent_of(members[0], unit_headings[members[0].chunk.unit_id]) if own else members[0].chunk.heading
        if own and (mark := _NOTE_MARK.match(own)):
            # 「（※）考慮すべきリスクの例」 over （１）–（３）: a note's list is about what the line carrying its mark
            # says (「…リスク・脅威分析（※）を共有」)
            context += " " + next((c.text for c in _unit_segments(searcher, members[0].chunk.unit_id)
                                   if mark.group(0) in c.text and c.piece.kind != "note"), "")
        heading_cover = _cover(prepared.terms, compact(heading), compact(context), set(tokenize(heading)),
                               set(tokenize(context)), settings)
        head_named = bool(analysis.head and own and compact(analysis.head) in compact(own))
        if head_named:
            # 「EUの産業政策の背景として挙げる課題」: a list headed by the kind of thing asked (【課題】) is
            # as much about the topic as the passage it sits in (the EU slide's)
            passage = f"{members[0].chunk.heading} {members[0].chunk.text}"
            heading_cover = max(heading_cover, _cover(prepared.terms, compact(passage), "", set(tokenize(passage)),
                                                      set(), settings))
        if heading_cover < settings.min_topic_cover and not any(_about_topic(analysis, m, settings) for m in members):
            continue  # a list is on topic like any segment: by its heading, or by an item (with its heading)
        if _CONTENTS.search(f"{items[0].piece.heading or ''} {heading} {context}") and not contents_asked:
            continue
        sentences = sum(1 for i in items if i.text.endswith("。")) / len(items)
        top = len(_top_level(items))
        miscounted = bool(analysis.items) and top != analysis.items  # 「4つの制度」 but 3 items
        # 「何分野ある？全部教えて」: a heading that counts its list in the asked unit (（8分野）) over 8 items
        counted = analysis.counter is not None and not miscounted and \
            top in _counts_stated(f"{heading} {context}", analysis.counter)
        score = (max(m.score for m in members) + settings.list_heading_weight * heading_cover
                 - settings.list_count_penalty * miscounted + settings.list_counted_bonus * counted
                 + settings.list_length_bonus * min(len(items), settings.list_length_cap) / settings.list_length_cap
                 + settings.list_head_bonus * (head_named and _asks_for(analysis.head, analysis.question))
                 - settings.list_sentence_penalty * sentences)
        scored[key] = score
        if best is None or score > best[0]:
            best = (score, key)
    if best is None:
        return None
    notice = None
    # The same list in decks of different dates (「事前報告の対象技術」 with 15, then 19 rows): the newest
    # is shown, with a notice when the other edition lists other items.
    lead = blocks[best[1]][0]
    editions = [key for key, score in scored.items() if score >= best[0] - settings.close_enough
                and blocks[key][0].chunk.date != lead.chunk.date and _same_place(blocks[key][0], lead, settings)]
    if editions:
        newest = max([best[1], *editions], key=lambda k: (blocks[k][0].chunk.date, scored[k]))
        oldest = min([best[1], *editions], key=lambda k: blocks[k][0].chunk.date)
        listed = {k: {compact(c.text) for c in _block_items(searcher, blocks[k][0].chunk, k[1])} for k in (newest, oldest)}
        if listed[newest] != listed[oldest]:
            notice = LIST_EDITION_NOTICE.format(new=blocks[newest][0].chunk.date, old=blocks[oldest][0].chunk.date)
        best = (scored[newest], newest)
    block = best[1][1]
    first = blocks[best[1]][0]
    kinds = _kinds(searcher, analysis, first)
    if kinds is not None:
        kinds.notice = notice
        return kinds
    items = _block_items(searcher, first.chunk, block)
    top = _top_level(items)
    parts = [q.text for q in analysis.qualifiers if q.kind == "subset"]
    if parts and len(top) >= 2:
        # 「そのうち鉱物資源の機関のほうは？」: of a list whose items have sub-items, the items that say the part
        # named, each with its sub-items (the others are not asked about)
        groups = _item_groups(items)
        named = [group for group in groups if all(says_part(analysis, part, " ".join(c.text for c in group)) for part in parts)]
        if named and len(named) < len(groups):
            items = top = [c for group in named for c in group]
    shown = top if len(items) > settings.max_list_items and len(top) >= 2 else items
    # 「事例を3つ挙げて」: that many things, the first of them (a table's header row is no thing of its own)
    headers = {c.piece.heading for c in shown}
    things = [c for c in shown if c.text not in headers]
    if analysis.sample and len(things) > analysis.sample:
        cut = SAMPLE_NOTICE.format(total=len(things), shown=analysis.sample)
        notice = f"{notice} {cut}" if notice else cut
        kept = things[: analysis.sample]
        shown = [c for c in shown if c in kept or any(k.piece.heading == c.text for k in kept)]
    if len(shown) > settings.max_list_items:
        cut = f"項目が多いため、最初の {settings.max_list_items} 件を示します（全 {len(shown)} 件）。"
        notice = f"{notice} {cut}" if notice else cut
        shown = shown[: settings.max_list_items]
    headings = _heading_candidates(searcher, first)
    lead = _with_heading(shown[0], headings)[:-1]
    if lead and analysis.counter and not _counts_stated(lead[0].text, analysis.counter):
        above = _with_heading(lead[0], headings)[:-1]  # the heading that states the count (「（8分野）」)
        lead = [*above, *lead] if above and _counts_stated(above[0].text, analysis.counter) else lead
    return Composition(lead + shown, notice)


def nth_item(composed: Composition | str | None, place: int, focus: tuple[str, ...] = ()) -> Candidate | None:
    """Return the item at `place` of a composed list (「そのうち3つ目は？」): the item its mark numbers so
    (③, 3., (3)) — in a row of two items too, 「③電解銅箔 ⑬正負極バインダ」 — else the place-th item after
    the list's lead; None when there is no list or it is shorter. Where the list nests numbered lists
    (「3. 原則」 over 「① …」), the item is of the most used numbering, under the outer item that names
    more of the question's topic words (`focus`): 「4. 個別領域における取組の方向性」 for a question on 個別領域."""
    if not isinstance(composed, Composition):
        return None
    lines = composed.lines
    marks = [enumeration(line.text) for line in lines]
    families = [mark[0] for mark in marks if mark]
    family = max(families, key=families.count) if families else None
    marked = [line for line, mark in zip(lines, marks) if mark and mark == (family, place)] or \
        [line for line in lines if any(circled_number_value(m.group(0)) == place or m.group(1) and int(m.group(1)) == place
                                       for m in _INLINE_MARK.finditer(line.text))]
    if marked:
        def outer(line: Candidate) -> int:
            at = lines.index(line)
            above = next((lines[k].text for k in range(at - 1, -1, -1) if marks[k] and marks[k][0] != family), "")
            return sum(compact(word) in compact(above) for word in focus)
        return max(marked, key=outer)  # (the first of equals)
    items = lines[1:] if lines and lines[0].piece.kind in ("heading", "title") else lines
    return items[place - 1] if 0 < place <= len(items) else None


def _sections_asked(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                    settings: AnswerSettings) -> list[Candidate]:
    """Return a numbered heading the question names (「産業防衛策の柱」: 「②産業防衛策（Protection Side）」)
    with the headings of the sections under it, when it has no list or text of its own but sections
    (「安全保障上重要な技術の流出防止」 …); [] otherwise."""
    # (the thing whose parts are asked, named right before them: 「産業防衛策（…）の柱」)
    question = normalize_text(analysis.question)
    owner = next((t for t in analysis.focus if analysis.head and t != analysis.head and re.search(
        rf"{re.escape(t)}(?:[（(][^）)]*[）)])?の{re.escape(analysis.head)}", question)), None)
    if owner is None or len(owner) < 2:
        return []
    for head in pool[: settings.family_pool]:
        if head.piece.kind == "heading" and enumeration(head.text) and compact(owner) in compact(head.text) \
                and _about_topic(analysis, head, settings) and len(sections := _subsections(searcher, head)) >= 2 \
                and not any(enumeration(s.text) for s in sections):  # (numbered ones: see _family_among_best)
            return [head, *sections]
    return []


# 「…と…って、それぞれ何を」「…（論点②）および…（論点④）について」: each of the things named asked
# 「それぞれ」: each of the things named is asked (also a list of things joined by および, 並びに)
_EACH_ONE = re.compile(r"それぞれ|各々|おのおの")
EACH_ASKED = re.compile(_EACH_ONE.pattern + r"|および|及び|並びに|ならびに")
# What a heading says besides its name: a gloss or aside in brackets (「(Promotion)」), a label's mark
# (「＜論点①＞︓」「【課題】」), a number (「① 」)
_BESIDE_NAME = re.compile(rf"[(（][^)）]*[)）]|[<＜〈][^>＞〉]*[>＞〉][{COLONS}]?|【[^】]*】|^[\s①-⑳\d.．、)）]+")


def headings_named(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                    settings: AnswerSettings) -> list[Candidate]:
    """Return two or more headings of one slide the question names (「産業支援策と、国際連携・官民連携って、
    それぞれ何を」 over 「産業支援策(Promotion)」 … 「国際連携・官民連携(Partnership)」), each with what it heads,
    in the slide's order; [] otherwise."""
    question = compact(analysis.question)
    for unit in dict.fromkeys(c.chunk.unit_id for c in pool[: settings.family_pool]):
        segments = _unit_segments(searcher, unit)
        named = []
        for heading in segments:
            name = compact(_BESIDE_NAME.sub("", heading.text))
            if heading.piece.kind != "heading" or len(name) < 3 or name not in question:
                continue
            under = [c for c in segments if c.piece.heading == heading.text and c.piece.kind in QUOTABLE_KINDS]
            if under:
                named.append([heading, *under])
        if len(named) >= 2:
            return [c for group in named for c in group]
    return []


def lines_naming_quoted(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                        settings: AnswerSettings) -> list[Candidate]:
    """Return the lines of one slide that name the word the question quotes as the documents' own for the things
    it asks each of (「「ホワイトペーパー」として発表された文書は、それぞれいかなる分野に」 over 「「輸出管理に関する
    ホワイトペーパー」を発表。」 … 「「対外投資に関するホワイトペーパー」を発表。」), two or more, in the slide's order
    (the slide is the best such line's); [] otherwise."""
    if not _EACH_ONE.search(normalize_text(analysis.question)):
        return []
    for key in (compact(term) for term in analysis.quoted):
        lead = next((c for c in pool[: settings.family_pool] if c.piece.kind in ("list", "paragraph")
                     and key in compact(c.text)), None)
        if lead is None:
            continue
        lines = [c for c in _unit_segments(searcher, lead.chunk.unit_id) if c.piece.kind in ("list", "paragraph")
                 and key in compact(c.text)]
        if len(lines) >= 2:
            return lines
    return []


def _subsections(searcher: Searcher, head: Candidate) -> list[Candidate]:
    """Return the headings right under a numbered heading, up to the next heading of its own series (a
    series opened inside it, ① ② under 「①産業支援策」, belongs to it); [] when text comes first."""
    mark = enumeration(head.text)
    out: list[Candidate] = []
    in_force = [mark]  # the numbered series open, innermost last (see structure.go_on)
    for candidate in blocks_after(searcher, head):
        if candidate.piece.kind == "title":
            break
        if candidate.piece.kind != "heading":
            if not out:
                return []  # its own text or list comes first: it is no heading over sections
            continue
        number = enumeration(candidate.text)
        if number is not None and number[0] == mark[0] and go_on(in_force, number) == 0:
            break  # the next section of the heading's own series
        out.append(candidate)
    return out


def _family_among_best(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                       settings: AnswerSettings) -> list[Candidate]:
    """Return the numbered headings of one family (① … ⑤, in one unit) when two or more of them are among
    the best segments about the topic; [] otherwise."""
    best = [c for c in pool[: settings.family_pool] if c.piece.kind == "heading" and enumeration(c.text)
            and _about_topic(analysis, c, settings)]
    for heading in best:
        family = _numbered_family(searcher, heading, heading.text)
        named = {compact(c.text) for c in family}
        if len(family) >= 3 and sum(compact(c.text) in named for c in best) >= 2:
            return family
    return []


# 「TICSの認証って、どんなことが基準になってるの？」「基準の例を教えて」: the things that make up what is named
_MADE_UP_OF = re.compile(r"(?:どんな|どのような|どういう)(?:こと|もの)(?:が|を)([一-龥ァ-ヶー]{2,6}?)(?:に|と|として)(?:なって|され|して|い|あ)"
                         r"|([一-龥ァ-ヶー]{2,6})の(?:例|具体例)(?:を|は|って)")


# A label over a list of examples: 【…】, or ending in （例） (「【技術情報の管理基準（例）】」 → 技術情報の管理基準)
_LIST_LABEL = re.compile(r"【([^】]+?)\s*(?:[（(]例[）)])?】|([^【】]+?)\s*[（(]例[）)]")


def list_labelled_as(searcher: Searcher, analysis: Analysis, pool: list[Candidate],
                     settings: AnswerSettings) -> Composition | None:
    """The list a slide labels, in brackets or as examples, with the word a question asks what things make up
    (「どんなことが基準に」 → 「【技術情報の管理基準（例）】」 over its items), on a slide of the best segments about
    the topic; None when the question asks no such thing or no such list is there."""
    asked = _MADE_UP_OF.search(normalize_text(analysis.question))
    if asked is None:
        return None
    # (and the unit after each: a slide's diagram may run on into a unit of its own, 「事業者」 over the list)
    units = dict.fromkeys(u for c in pool[: settings.family_pool] if _about_topic(analysis, c, settings)
                          for u in (c.chunk.unit_id, unit_id(c.chunk.doc_id, c.chunk.position + 1)))
    for unit in units:
        for head in _unit_segments(searcher, unit):
            label = _LIST_LABEL.fullmatch(normalize_text(head.text).strip())
            if head.piece.kind not in ("heading", "title") or label is None \
                    or not (label.group(1) or label.group(2)).endswith(asked.group(1) or asked.group(2)):
                continue
            items = [c for c in _section_under(searcher, head) if c.piece.kind == "list"]
            if len(items) >= 3:
                return Composition([head, *items[: settings.max_list_items]])
    return None


def _member_named(prepared: Prepared, family: list[Candidate]) -> Candidate | None:
    """The one heading of a numbered family that names the thing the question asks about (its head), when
    no other member does; None otherwise."""
    head = next((t for t in prepared.terms if t.term == prepared.analysis.head and t.weight), None)
    # (as a word of its own: 「供給」 is not named by 「② 供給元の撤退」)
    naming = [c for c in family if head is not None and any(a in compact(c.text) for a in head.alternatives)
              and names_whole(head, c.text)]
    return naming[0] if len(naming) == 1 else None


def _parent_of(item: Candidate, headings: list[Candidate]) -> str:
    """Return the heading above a segment's own heading among its unit's `headings` ("" when none)."""
    own = compact(item.piece.heading or "")
    return next((c.piece.heading or "" for c in headings if c.piece.heading and compact(c.text) == own), "")


def _counts_stated(text: str, counter: str) -> set[int]:
    """Return the counts a heading states in a unit (「（8分野）」「4つの分野」 → {8} / {4} for 分野)."""
    return {int(n) for n in re.findall(rf"(\d+)\s*(?:つの)?\s*{re.escape(counter)}", normalize_text(text))}


def _item_groups(items: list[Candidate]) -> list[list[Candidate]]:
    """Return a list's outermost items, each with the sub-items under it."""
    level = min(c.piece.level for c in items)
    groups: list[list[Candidate]] = []
    for item in items:
        if item.piece.level == level or not groups:
            groups.append([item])
        else:
            groups[-1].append(item)
    return groups


def _top_level(items: list[Candidate]) -> list[Candidate]:
    """Return the items of a list at its outermost level (its sub-items left out)."""
    level = min(c.piece.level for c in items)
    return [c for c in items if c.piece.level == level]


def _kinds(searcher: Searcher, analysis: Analysis, item: Candidate) -> Composition | None:
    """Return, for a question after the kinds of something (「どんなパターンがある」), the numbered headings
    the item sits under with their siblings (① ② ③, not what ③ says), or None."""
    if not KINDS_ASKED.search(analysis.question):
        return None
    family = _numbered_family(searcher, item)
    return Composition(family) if len(family) >= 2 else None


def _numbered_family(searcher: Searcher, item: Candidate, own: str | None = None) -> list[Candidate]:
    """Return the numbered headings a list sits under (or the numbered heading `own`) together with their
    siblings of one mark family counting up from 1 in the same unit (① 生産拠点の海外移転, ② 投資買収,
    ③ 人を通じた流出), or []."""
    own = (item.piece.heading or "") if own is None else own
    headings = sorted(_heading_candidates(searcher, item), key=lambda c: c.piece.block)
    return numbered_run(headings, own)


def numbered_run(segments: list[Candidate], own: str) -> list[Candidate]:
    """Return, of `segments` in order, the run of one mark family counting up from 1 (「① …」「② …」「③ …」,
    other lines between them) that the line `own` belongs to, or [] when it starts with no numbered
    mark or is in no run."""
    mark = enumeration(own)
    if mark is None:
        return []
    runs: list[list[Candidate]] = []
    for candidate in segments:
        number = enumeration(candidate.text)
        if number is None or number[0] != mark[0]:
            continue
        if number[1] == 1:
            runs.append([candidate])
        elif runs and number[1] == len(runs[-1]) + 1:
            runs[-1].append(candidate)
    return next((run for run in runs if any(compact(c.text) == compact(own) for c in run)), [])


def _list_under(searcher: Searcher, analysis: Analysis, pool: list[Candidate], lead: Candidate,
                settings: AnswerSettings) -> Composition | None:
    """Return the list a heading or lead-in introduces (「3. 経営者等が認識すべき原則」 then ①②③), when
    that heading fits the question at least as well as the best sentence."""
    # (a lead-in naming as many things as the question says there are, 「以下の５つのイニシアティブ」 for
    # 「5つのイニシアティブを教えて」, introduces them however it scores beside the best sentence)
    headings = [c for c in pool if _introduces_list(c) and _about_topic(analysis, c, settings) and c.qualified
                and (_asks_contents(analysis) or not _CONTENTS.search(c.text))
                and (c.score >= lead.score - settings.close_enough
                     or analysis.items is not None and items_named(c.text) == analysis.items)]
    asked = compact(analysis.head or analysis.topic or "")
    if analysis.answer_type == "lookup" and not _asks_contents(analysis) and asked and asked in compact(lead.piece.heading or ""):
        # 「B社のほうは？」: the best line sits under the heading that names what is asked (「B社の例（機械）」);
        # a list under another heading of the slide (a table of the collection's themes) is another thing's
        # (a list question asks for a list, and a question after a document's parts for its contents,
        # wherever the thing they are of is named)
        headings = [c for c in headings if asked in compact(c.text)]
    if _CHAPTER.search(normalize_text(analysis.question)) or _CHAPTER_NAMED.search(normalize_text(analysis.question)):
        # 「第2章には何が書いてある？」 answered best by an entry of the contents (or an entry under one):
        # its chapter's entries
        contents = [c for c in _unit_segments(searcher, lead.chunk.unit_id)
                    if c.piece.kind in ("heading", "title") and _CONTENTS.search(c.text)
                    and (c.text == lead.piece.heading or c.piece.block + 1 == lead.piece.block)]
        headings = contents[:1] + headings
    for head in headings[:3]:
        items = [c for c in _block_items(searcher, head.chunk, head.piece.block + 1) if c.piece.kind in ("list", "table")]
        if _CONTENTS.search(head.text):
            items = _chapter_of_contents(items, analysis.question)
        if len(items) >= 2 and not _prose(items, settings):
            return Composition([head] + items[: settings.max_list_items])
        sections = _numbered_sections(searcher, head)
        if len(sections) >= 2:
            return Composition([head] + sections[: settings.max_list_items])
    return None


_CHAPTER = re.compile(r"第\s*" + WRITTEN_NUMBER + r"\s*章")
# 「ガイダンスの海外進出の章」: a chapter named by what it is about
_CHAPTER_NAMED = re.compile(r"([一-龥ァ-ヶーA-Za-z]{2,})の章")


def _chapter_of_contents(items: list[Candidate], question: str) -> list[Candidate]:
    """Return the part of a table of contents a question asks about: 「第2章には何が書いてある？」 gets
    the 第2章 entry and the entries under it, up to the next chapter; the whole table otherwise."""
    asked = _CHAPTER.search(normalize_text(question))
    named = _CHAPTER_NAMED.search(normalize_text(question))
    if asked is None and named is None:
        return items
    if asked is not None:
        wanted = number_value(asked.group(1))
        starts = [i for i, c in enumerate(items)
                  if (m := _CHAPTER.match(without_list_mark(c.text))) and number_value(m.group(1)) == wanted]
    else:  # the chapter whose title says most of what the question says it is about
        from difflib import SequenceMatcher

        before = normalize_text(question)[: named.end(1)]

        def shared(text: str) -> int:
            return SequenceMatcher(None, before, text, autojunk=False).find_longest_match().size

        chapters = [(shared(normalize_text(c.text)), i) for i, c in enumerate(items) if _CHAPTER.match(without_list_mark(c.text))]
        best = max(chapters, default=(0, 0))
        starts = [best[1]] if best[0] >= 2 else []
    if not starts:
        return items
    part = [items[starts[0]]]
    for item in items[starts[0] + 1:]:
        if _CHAPTER.match(without_list_mark(item.text)):
            break
        part.append(item)
    return part


def _prose(items: list[Candidate], settings: AnswerSettings) -> bool:
    """Return True for bullets that are paragraphs (a slide's body set as bullets), not a list of
    things: quoting all of them under the section heading answers nothing in particular."""
    long = sum(1 for c in items if len(c.text) > settings.prose_item_chars)
    return long * 2 > len(items)


def _introduces_list(candidate: Candidate) -> bool:
    """Return True for a heading, or a short line that announces what follows (「…の3つの切り口。」「…：」)."""
    text = candidate.text
    return candidate.piece.kind in ("heading", "title") or (
        len(text) <= 60 and (text.rstrip("。").endswith(("：", ":", "」")) or re.search(r"\d\s*つの|次の", text) is not None))
