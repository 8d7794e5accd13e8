"""Cited answers: read the question, quote the blocks that answer it, or refuse and say why.

Every answer line is a whole sentence, list item or table row quoted verbatim from a passage and
followed by its [n]. What is quoted depends on what the question asks for (pipeline.question):
a count, date, amount or contact is answered by the segment that states one for the asked topic
(its heading counts); a list by all the items of the list that fits; a case by the case's title
and first lines; a how-to by the measures; a yes/no by the line that settles it. When documents of
different dates state different values, the newest leads and the older follows with a notice.
A question is refused — with the reason — when it names something the documents never mention,
when no passage is about its topic, or when the passages about its topic don't state what it asks
for (or not under its condition, e.g. 1社あたり).

This module reads the question and picks the composition; its parts are in pipeline.answering
(evidence, wording, blocks, lists, values, ranked).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .normalize import compact, ends_sentence, normalize_text
from .question import (ADDED_ASKED, DOCUMENT_PART, LIST_REQUESTED, NAME_ASKED, OFFICE_KINDS, ORGANISATION_ENDINGS,
                       GENERIC_NOUNS, POST_TITLE, PURPOSE_OF, SOURCE_KINDS, VALUE_TYPES, WHICH_BETTER, Analysis, abbreviation_asked, analyse, anonymous_asked,
                       case_written, compare_word,
                       defined_term, is_action, item_asked, item_named, last_question, member_sets, member_term, number_value, places_named)
from .records import Answer, Citation
from .rules import case_key, case_references
from .search import SearchFilters, Searcher, SearchResult
from .structure import QUOTABLE_KINDS, enumeration
from .synonyms import organisation_names
from .tokenize_ja import tagger, tokenize
from .answering.evidence import (_abroad_holds, AnswerSettings, bracket_aliases, Candidate, _context, everyday_word,
                                 gather, in_year_span, _JUDGED, names_person, Prepared, _qualifier_met, _view,
                                 TopicTerm, _written_apart, _written_in_full)
from .answering.wording import ABROAD_NOTICE, COMPARISON_LEAD, NOT_LISTED_LEAD, calendar_notices, refusal_reason
from .answering.blocks import (_about_topic, CONTENTS_ENTRY_CHARS, _about_value_topic, _asks_contents, _block_items, Composition, _headings_above, _in_contents, _section_under, _unit_segments,
                               _with_footnotes, _with_heading)
from .answering.lists import (EACH_ASKED, compose_added, compose_list, headings_named, _labelled_items, lines_naming_quoted,
                               list_labelled_as, nth_item)
from .answering.values import compose_value, _office_of, priced_word
from .answering.ranked import (asks_category, asks_industry, compose_case, echoes_only, INDUSTRY_WORDS, compose_cases_of, compose_ranked, _concern_section, _quoted_section, _SOURCE_NAMED,
                               _heads, party_named, _restates, _source_of)


def prepare(searcher: Searcher, query: str, filters: SearchFilters | None = None,
            settings: AnswerSettings | None = None, history: list[dict[str, str]] | None = None) -> Prepared:
    """Return the question analysed (against the history) and searched with its topic filled in."""
    settings = settings or AnswerSettings()
    from .search import clean_query

    text, _ = clean_query(query)  # raises InputError for an empty question
    # (「ticsって何？」: a name typed in another case than the documents write it is theirs; so is a word typed in
    # kana beside one they write with it, 「専門家はけん」)
    def as_written(words: str, respelled: list[tuple[str, str]] | None = None) -> str:
        return searcher.in_documents_spelling(searcher.in_documents_case(words), respelled)

    respelled: list[tuple[str, str]] = []
    text = as_written(text, respelled)
    history = [{**turn, "content": as_written(turn["content"])} if turn.get("role") == "user"
               and turn.get("content") else turn for turn in history or []]
    analysis = analyse(text, history)
    result = searcher.search(analysis.resolved, top_k=max(settings.passages, settings.candidate_passages),
                             filters=filters)  # a question cut for length keeps its notice in result.notice
    prepared = Prepared(analysis, result, filters=filters, respelled=tuple(respelled))
    prepared.candidates = gather(searcher, prepared, settings)
    if analysis.followup and (item_asked(text) is not None or item_named(text) is not None):  # (it has an earlier one)
        earlier, before = last_question(history or [])
        prepared.earlier = prepare(searcher, earlier, filters, settings, before)
        prepared.earlier_answer = next((turn.get("content") for turn in reversed(history or [])
                                        if turn.get("role") == "assistant"), None)
    return prepared


def answer_question(searcher: Searcher, query: str, filters: SearchFilters | None = None,
                    settings: AnswerSettings | None = None, history: list[dict[str, str]] | None = None) -> Answer:
    """Return a cited extractive answer to `query` (a follow-up read against `history`), or a refusal
    that says why, with the nearest passages."""
    settings = settings or AnswerSettings()
    return answer_asked(searcher, prepare(searcher, query, filters, settings, history), settings, history)


# A question that asks a second thing in a sentence of its own after the first one's end: 「…は何ですか。また、…は
# 何年ですか。」「…どのくらいよくあるって書いてある？どんな怪しいメールがあるの？」 (a first sentence that only
# sets the scene, 「…とされていました。」, asks nothing: it ends as no question does)
_ASK_END = r"(?:[？?]|か。|(?:示せ|挙げよ|述べよ|答えよ|教えて|ください)。)"
_SECOND_ASK = re.compile(rf"^(?P<first>.+{_ASK_END})\s*(?:(?:また|あわせて|併せて|さらに)[、,]\s*)?"
                         rf"(?P<ask>[^。？?]{{4,}}{_ASK_END})\s*$")


def answer_asked(searcher: Searcher, prepared: Prepared, settings: AnswerSettings,
                 history: list[dict[str, str]] | None = None) -> Answer:
    """Return the answer to a prepared question; to one asking a second thing in a sentence of its own, with
    the lines that answer that sentence (read as a follow-up of the first) after the first one's, each
    passage cited once."""
    answer = answer_from_prepared(searcher, prepared, settings)
    second = _SECOND_ASK.search(normalize_text(prepared.analysis.question))
    if not answer.found or second is None or prepared.analysis.answer_type == "comparison":
        return answer
    first = second.group("first")
    turns = [*(history or []), {"role": "user", "content": first}, {"role": "assistant", "content": answer.text}]
    more = answer_from_prepared(searcher, prepare(searcher, second.group("ask"), prepared.filters, settings, turns), settings)
    return _joined(answer, more) if more.found else answer


def _joined(answer: Answer, more: Answer) -> Answer:
    """Return `answer` followed by the lines of `more` it does not quote yet, `more`'s passages numbered
    after its own (a passage both quote keeps its number)."""
    citations = {c.chunk.chunk_id: c for c in answer.citations}
    quoted = set(citations)  # the passages the first answer quotes
    renumbered: dict[int, int] = {}
    for citation in more.citations:
        chunk_id = citation.chunk.chunk_id
        if (kept := citations.get(chunk_id)) is not None:  # the quotes of both, each piece once
            pieces = tuple(dict.fromkeys((*kept.pieces, *citation.pieces)))
            quote = "\n".join(dict.fromkeys((*kept.quote.splitlines(), *citation.quote.splitlines())))
            citations[chunk_id] = replace(kept, quote=quote, pieces=pieces)
        else:
            citations[chunk_id] = replace(citation, n=len(citations) + 1)
        renumbered[citation.n] = citations[chunk_id].n
    # (a heading of a passage the first answer quotes already, 「A社の例（金属）」, says nothing new after its lines)
    headings = {c.chunk.pieces[i].text for c in more.citations if c.chunk.chunk_id in quoted
                for i in c.pieces if c.chunk.pieces[i].kind in ("heading", "title")}
    lines = answer.text.splitlines()
    for line in more.text.splitlines():
        marked = _MARKER.search(line)
        if marked is None or line[: marked.start()] in headings:
            continue  # (a lead of its own, 「資料では、次のように記載されています。」: the first answer's leads)
        line = line[: marked.start()] + f"[{renumbered.get(int(marked.group(1)), int(marked.group(1)))}]"
        if line not in lines:
            lines.append(line)
    notices = " ".join(dict.fromkeys(n for n in (answer.notice, more.notice) if n)) or None
    return replace(answer, text="\n".join(lines), citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
                   notice=notices)


_MARKER = re.compile(r"\[(\d+)\]$")


def answer_from_result(searcher: Searcher, result: SearchResult, settings: AnswerSettings | None = None) -> Answer:
    """Return the answer for an already retrieved search result (its query read as a new question)."""
    settings = settings or AnswerSettings()
    prepared = Prepared(analyse(result.query), result)
    prepared.candidates = gather(searcher, prepared, settings)
    return answer_from_prepared(searcher, prepared, settings)


def _item_at(searcher: Searcher, prepared: Prepared, place: int, settings: AnswerSettings) -> Composition | None:
    """Return the item at `place` of the list the last answer gave (「そのうち3つ目は？」), led by its
    heading; None when the last question got no list or a shorter one."""
    earlier = prepared.earlier
    item = nth_item(compose_list(searcher, earlier, settings), place, earlier.analysis.focus) if earlier else None
    if item is None:
        return None
    lines = _with_heading(item, earlier.candidates)
    # (a heading numbered like the item is the item before it, 「１．…」 over 「２．…」: not what it belongs to)
    family = enumeration(item.text)
    if len(lines) > 1 and family and (above := enumeration(lines[0].text)) and above[0] == family[0]:
        lines = [item]
    return Composition(lines)


def _item_called(searcher: Searcher, prepared: Prepared, name: str, settings: AnswerSettings) -> Composition | None:
    """Return the one line of the last answer that bears `name` (「そのうち、人を通じた流出って」: 「③ 人を通じた
    流出」), with what it heads; None when no one line of it bears the name."""
    said = [line.rsplit("[", 1)[0] for line in (prepared.earlier_answer or "").splitlines() if line.endswith("]")]
    bearing = [line for line in said if compact(name) in compact(line)]
    if len(bearing) != 1:
        return None
    key = compact(bearing[0])
    cited = {c.chunk.chunk_id for c in prepared.earlier.candidates} if prepared.earlier else set()
    items = sorted((Candidate(chunk, index, 0.0, 0) for chunk in searcher.chunks_containing(key)
                    for index, piece in enumerate(chunk.pieces) if compact(piece.text) == key),
                   key=lambda c: c.chunk.chunk_id not in cited)
    if not items:
        return None
    under = _section_under(searcher, items[0]) if items[0].piece.kind in ("heading", "title") else []
    return Composition([items[0], *under[: settings.max_quotes]])


# A list item asked by its number (「14番と15番の区分」「3番目の項目」), not 「1番多い」 (the most) nor 番号
_ITEM_NUMBERED = re.compile(r"(?<![\d.])(\d{1,2})\s*番(?:目)?(?=と|の|、|,|って|は|を|も|が|\s)")


def _items_numbered(analysis: Analysis, pool: list[Candidate]) -> Composition | None:
    """Return the items a question asks by their numbers (「リストの14番と15番の区分って何が載ってる？」): the lines
    whose list marks number them so (⑭, ⑮), of one numbering, the best line's first, each in a list about the topic
    (it or its headings name a topic word: 「⑫ スポンジチタン」 of a list of materials is no 事例集's 12th); None
    when not all are there."""
    places = [int(m.group(1)) for m in _ITEM_NUMBERED.finditer(normalize_text(analysis.question))]
    if not places:
        return None
    marked = [(c, mark) for c in pool if c.piece.kind in ("list", "table") and c.cover > 0 and (mark := enumeration(c.text))]
    for family in dict.fromkeys(mark[0] for _, mark in marked):  # (the pool is best first)
        lines = [next((c for c, mark in marked if mark == (family, place)), None) for place in places]
        if all(lines):
            return Composition(lines)
    return None


def _part_written(searcher: Searcher, part: re.Match[str]) -> bool:
    """Return True when the documents write the numbered part a question names (第10条), as it is or
    within a range of parts they write (「第5項～第15項」 writes 第10項)."""
    number, unit = number_value(part.group(1)), part.group(2)
    corpus = searcher.corpus_text()
    if f"第{number}{unit}" in corpus or compact(part.group(0)) in corpus:
        return True
    return any(int(low) <= number <= int(high)
               for low, high in re.findall(rf"第(\d+){unit}[～〜~\-－ー]第?(\d+){unit}", corpus))


def _mentioned(searcher: Searcher, name: str) -> bool:
    """Return True when the documents mention a name the question gives: as it is or by another name
    of the organisation (see Searcher.mentions), or shortened (see _written_in_full)."""
    names = organisation_names(name)
    return any(map(searcher.mentions, names)) or any(_written_in_full(searcher, n) or _written_apart(searcher, n)
                                                      for n in names)


def _full_name_line(searcher: Searcher, name: str, filters: SearchFilters | None) -> Candidate | None:
    """Return the first line that gives a name's full form beside it in brackets: 「技術情報管理認証制度
    (TICS)」, or 「TICS（技術情報管理認証制度）」; None when no line does."""
    short = re.escape(normalize_text(name))
    pattern = re.compile(rf"([一-龥ぁ-んァ-ヶー・A-Za-z]{{3,}})\s*[（(]\s*{short}\s*[)）]|"
                         rf"{short}\s*[（(]\s*([^（）()]{{3,40}})[)）]")
    for chunk in searcher.chunks_containing(compact(name), filters):
        for index, piece in enumerate(chunk.pieces):
            # (a heading too: 「(6) 技術情報管理認証制度 (TICS)」 says the full name as well as any line)
            if piece.kind not in (*QUOTABLE_KINDS, "heading", "title"):
                continue
            if any(_expands(name, found.group(1) or found.group(2))
                   for found in pattern.finditer(normalize_text(piece.text))):
                return Candidate(chunk, index, 0.0, 0)
    return None


def _expands(name: str, other: str) -> bool:
    """Return True when `other` can be the full form of `name`: longer, and for a name in Japanese
    holding its characters in order (外為法 in 外国為替及び外国貿易法; 「外為法（輸出管理）」 glosses
    what the law governs, it does not spell out its name). An acronym (TICS) is taken to stand for any
    longer name in other letters."""
    name, other = compact(name), compact(other)
    if len(other) <= len(name):
        return False
    if name.isascii():
        return not other.isascii()
    rest = iter(other)
    return all(char in rest for char in name)


# 「…チェックリストでは」「…に沿って」: where a question says to look
_WHERE_TO_LOOK = re.compile(r"では|において|に沿って|にそって|によると|によれば|に基づいて|の中で|は[^、。？?]{0,12}?(?:求め|挙げ|示し|示さ|定め)")


def _inside_part(searcher: Searcher, analysis: Analysis, pool: list[Candidate]) -> list[Candidate] | None:
    """The candidates under a part of a document the question names as where to look (「技術流出対策チェック
    リストでは」), or None. A part is a name the documents write only as a title (headings, contents entries),
    never in a sentence: a topic their sentences discuss (アクションプラン) is no place to look in."""
    text = normalize_text(analysis.resolved)
    for term in analysis.focus:
        at = text.find(term)
        if at < 0 or len(term) < 5 or not _WHERE_TO_LOOK.match(text, at + len(term)):
            continue
        key = compact(term)
        naming = [Candidate(chunk, index, 0.0, 0) for chunk in searcher.chunks_containing(key)
                  for index, piece in enumerate(chunk.pieces) if key in compact(piece.text)]
        # (a short entry of a list of contents, 「- 参考資料 …チェックリスト」, is a title too)
        if not naming or any(c.piece.kind not in ("heading", "title", "toc") and (
                len(c.text) > CONTENTS_ENTRY_CHARS or ends_sentence(c.text)) for c in naming):
            continue
        # (the part itself is the heading over the most lines: a contents entry naming it heads little)
        part, lines = max(((heading, _within(searcher, heading)) for heading in naming
                           if heading.piece.kind in ("heading", "title")), key=lambda pair: len(pair[1]), default=(None, []))
        under = {(c.chunk.chunk_id, c.piece_index) for c in (part, *lines)} if part else set()
        inside = [c for c in pool if (c.chunk.chunk_id, c.piece_index) in under]
        if inside:
            return inside
    return None


def _within(searcher: Searcher, heading: Candidate) -> list[Candidate]:
    """What a heading heads; when that is only headings (a diagram's boxes), the lines under those."""
    return _section_under(searcher, heading) or [
        c for c in _unit_segments(searcher, heading.chunk.unit_id) if c.piece.kind in QUOTABLE_KINDS
        and c.piece.heading != heading.text and heading.text in _headings_above(searcher, c)]


def _interpretation(analysis: Analysis, respelled: tuple[tuple[str, str], ...] = ()) -> str | None:
    """How the question was read: a follow-up as about the earlier question's topic, a word typed in kana as the
    documents spell it (「「専門家はけん」を資料の表記「専門家派遣」として調べました。」)."""
    read = [f"「{typed}」を資料の表記「{written}」として調べました。" for typed, written in respelled]
    if analysis.followup and analysis.carried:
        read.append(f"前の質問の「{analysis.carried}」についての質問として答えます（{analysis.resolved}）。")
    return "".join(read) or None


def _unmet(searcher: Searcher, analysis: Analysis, pool: list[Candidate], settings: AnswerSettings) -> str | None:
    """Return the conditions of a question that no line about its topic meets even on its own, as a refusal
    names them (of 「2025年1月の施政方針演説って、どの総理が言った？」 the person, not the year the source line
    gives); None when each is met by some line, though by none together."""
    about = [c for c in pool if _about_topic(analysis, c, settings)] or pool
    views = [(c, _view(searcher, c.chunk, c.piece_index)) for c in about]
    unmet = [q for q in analysis.conditions if not any(
        _qualifier_met(replace(analysis, qualifiers=(q,)), f"{c.text} {view.context}", view.passage, c.chunk.date)
        for c, view in views)]
    return "・".join(q.named for q in unmet) or None


def answer_from_prepared(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Answer:
    analysis, result = prepared.analysis, prepared.result
    interpretation = _interpretation(analysis, prepared.respelled)
    notices = [n for n in (interpretation, result.notice) if n]

    def refuse(why: str, entry: str | None = None) -> Answer:
        reason = refusal_reason(analysis, why, prepared.terms, entry) if why != "none" else (
            result.notice or "条件に合う資料がありません。絞り込み条件を見直してください。")
        return Answer(analysis.question, reason, (), False, notice=" ".join(notices) or None,
                      suggestions=() if why == "noise" else result.hits[:3], answer_type=analysis.answer_type,
                      refusal_reason=reason,
                      interpretation=interpretation)

    def not_listed(thing: str) -> Answer | None:
        # 「メキシコってグループAに入ってる？」: a list that gives its own total (「…、米国 (計27か国)」)
        # names every member; a thing the documents never name is not among them
        listed = _closed_list_without(analysis, prepared.candidates, thing, settings) \
            if analysis.answer_type == "yesno" else None
        return _assemble(analysis, Composition([listed], lead=NOT_LISTED_LEAD.format(thing)), notices, interpretation) \
            if listed is not None else None

    if not result.hits:
        return refuse("none")
    if not analysis.focus and not tokenize(analysis.resolved):
        return refuse("noise")  # 「🙂🙂」「。、！」「<b></b>」: nothing to look for
    # (a name glossed in brackets, 「国家安全保障局（NSS）」, is mentioned when either of the two is)
    aliases = bracket_aliases(analysis)
    also_named = {name: [*aliases.get(name, ()), *(t for t, others in aliases.items() if name in others)]
                  for name in analysis.names}
    unnamed = [name for name in analysis.names
               if not any(_mentioned(searcher, n) for n in (name, *also_named[name])) and not _abroad_holds(analysis, name)]
    if unnamed:
        return not_listed(unnamed[0]) or refuse("name")
    if (letter := anonymous_asked(analysis.resolved)) is not None:
        return refuse("anonymous", letter)  # 「X国ってどこの国？」: the documents keep it a letter
    if analysis.answer_type in ("list", "lookup") and (numbered := _items_numbered(analysis, prepared.candidates)):
        return _assemble(analysis, numbered, notices, interpretation)  # 「14番と15番の区分って具体的に何が…」
    # (「具体的に何の補助金？」 asks which one of a kind: refused below as such if no line names one)
    if analysis.which_kind is None and (phrase := _specifics_asked(analysis.resolved)) is not None \
            and compact(phrase) in searcher.corpus_text() \
            and not _spelled_out_anywhere(searcher, phrase):
        # 「『一定の条件』って、具体的にどんな条件？」: the documents write the words and nothing of what they
        # stand for (no line defines them, no heading or label heads what they cover)
        return refuse("vague", phrase)
    # 「Case 3でA社は何をした？」 where the slides give Case 1 only: another case's lines are no answer
    cases = case_references(analysis.resolved) or [analysis.case] * bool(analysis.case)
    if (unknown := next((key for key in cases if not searcher.knows_case(key)), None)) is not None:
        return refuse("case", case_written(analysis.resolved, unknown) or unknown)
    # 「外為法って何の略？」「TICSの正式名称は？」: answered by a line giving the full name beside it, or
    # refused saying it is not given (正式名称 is what is asked, not a topic the documents lack)
    if (abbreviation := abbreviation_asked(analysis)) is not None:
        if not searcher.chunks_containing(compact(abbreviation)):
            return refuse("topic")  # 「ABCって何の略？」: a name the documents never use
        spelled = _full_name_line(searcher, abbreviation, prepared.filters)
        if spelled is None:
            return refuse("expansion", abbreviation)
        return _assemble(analysis, Composition([spelled]), notices, interpretation)
    pool = prepared.candidates
    if not pool:
        return refuse("topic")
    if (part := DOCUMENT_PART.search(normalize_text(analysis.resolved))) and not _part_written(searcher, part):
        return refuse("part")  # 「第5章には何が」「第10条には」: documents whose chapters go up to 第2章 have no 第5章
    # A term the documents never write, nor all its words in one passage (「みなし輸出ってなに？」), they
    # do not define: quoting what they say of 輸出 would pass it off as its definition.
    if analysis.answer_type == "definition" and (term := defined_term(analysis.resolved)) and not _mentioned(searcher, term):
        return refuse("undefined")
    # The thing asked about (or what it belongs to), a word the documents never use — not even one
    # of its words (「資格試験」「労災」) — is a topic they don't cover.
    vocabulary = searcher.index.bm25.vocab_dict
    # 「研修の参加者の男女別の構成は？」: a breakdown by a thing the documents never write (男女) is not given
    # (a stem of one kanji, 特別 or 個別, is no breakdown)
    corpus = searcher.corpus_text()
    if (by := next((t.term for t in prepared.terms if not t.weight and len(t.term) > 2 and t.term.endswith("別")
                    and compact(t.term[:-1]) not in corpus), None)) is not None:
        return refuse("divided", by)
    keys, asked = analysis.key_terms, (analysis.head, analysis.asked_thing)  # read once, not per term
    if analysis.answer_type == "yesno":
        # 「会社の車で従業員が事故を起こしたら、会社も責任を取らなきゃダメ？」: the thing a yes/no question's
        # condition names (事故) is part of what it asks (not a verbal noun there, 「応募するとき」, a story's step)
        resolved = normalize_text(analysis.resolved)
        conditions = " ".join(_CONDITION.findall(resolved))
        keys = keys | {t for t in analysis.focus if t in conditions and not is_action(t)}
        # 「…国から表彰とかしてもらえるの？」: a thing named by example (…とか, …なんか) is what is asked whether
        keys = keys | {t for t in analysis.focus if re.search(re.escape(t) + _BY_EXAMPLE, resolved)}
        # 「…顧問弁護士にも同席してもらっていいの？」: the act asked leave for (同席) is what is asked whether
        keys = keys | (set(analysis.focus) & set(_LEAVE_ASKED.findall(resolved)))
    # 「ガイダンスは、従業員がテレワークをする際の持ち出しについて、どのような対策を示していますか」: the things
    # that qualify the clause a question marks as what it is about (…について) are what it asks of; the clause's
    # own last word is the asker's name for it (「…を守る役目について」), which the documents may word otherwise
    for clause in _ABOUT_CLAUSE.findall(normalize_text(analysis.resolved)):
        named = sorted((t for t in analysis.focus if t in clause and not is_action(t)), key=clause.rfind)
        keys = keys | set(named[:-1])
    # Nor is a word of the story around a term the user quotes as the documents' own (「部品メーカーと完成品
    # メーカーが「すり合わせ」するやり方って」 asks about すり合わせ, whatever the parse took for its head) —
    # but a yes/no question asks about each thing it names.
    quoting = analysis.answer_type != "yesno" and any(t.weight and t.term in analysis.quoted for t in prepared.terms)
    def never_written(term: TopicTerm) -> bool:  # a word the documents use nowhere, nor any of its words
        return not term.weight and all(token not in vocabulary for tokens in term.tokens for token in tokens)

    def unwritten_part(term: TopicTerm) -> bool:  # a word the documents never use, one of its words nowhere either
        return not term.weight and all(any(token not in vocabulary for token in tokens) for tokens in term.tokens if tokens)

    yes_no_owner = analysis.owner_of_head(PURPOSE_OF) if analysis.answer_type == "yesno" else None
    things: list[bool] = []  # for each thing the question names (not an act, 削除), whether the documents never use it
    for term in prepared.terms:
        # A yes/no question asks about exactly the thing it names (「英語版もありますか」): if the documents
        # never use that word, they don't say yes or no.
        # (one word of it unknown is enough there: 英語版 — 版 is everywhere, 英語 nowhere).
        # Only the thing asked about counts: a word of the story around it (「うっかり」) decides nothing.
        # So does the thing a lookup asks of its topic (「スキームの英語名は？」「局の局長は誰？」): the head.
        unwritten = unwritten_part if analysis.answer_type == "yesno" or (
            term.term in asked and analysis.answer_type in ("lookup", "organisation")) else never_written
        # So does the first word of what the head belongs to, which says what kind of thing it is (「消防用設備等の
        # 点検結果」: 消防 nowhere, whatever 設備 is; 「木材メーカーのB社」 is written as 木材, whatever メーカー is)
        first = next(iter(tokenize(term.term)), "") if term.term == analysis.head_owner else ""
        kind_unknown = len(first) >= 2 and first not in vocabulary
        long_enough = (len(term.term) > settings.absent_term_chars or len(term.term) == settings.absent_term_chars
                       and not re.search(r"[ぁ-ん]", term.term)) and not everyday_word(term.term, analysis)
        # (the kind of office an office question asks for, 「担当部署」, is what it asks, not its topic)
        asked_kind = analysis.which_kind == "組織" and term.term in OFFICE_KINDS
        # (nor is the industry asked of a case, 「事例③ってどんな業界？」, which its examples give)
        asked_kind = asked_kind or term.term in INDUSTRY_WORDS and asks_industry(analysis)
        # (nor the kind of source asked for, 「どの機関・データベースを基にしているか」)
        asked_kind = asked_kind or analysis.source_asked and term.term in SOURCE_KINDS
        # (a word the user quotes as the documents' own, 「「でんさい」に切り替えたい」, is asked about wherever it
        # stands: the documents never writing it cover nothing it asks)
        never_used = not term.weight and not asked_kind and not _abroad_holds(analysis, term.term)
        if (never_used and long_enough and (term.term in keys or term.term in analysis.quoted) and not quoting
                and (kind_unknown or unwritten(term))):
            return not_listed(term.term) or refuse("topic")
        # 「パワハラ対策の社内ルールって作らないとまずい？」: what a yes/no question's head is for, a word the
        # documents use nowhere, none of its words either (パワハラ), is what it asks of — not one they write a
        # word of, which may be the user's name for theirs (「労働組合の関係者」 for 労組)
        if never_used and long_enough and term.term == yes_no_owner and never_written(term):
            return refuse("topic")
        if not is_action(term.term) and not everyday_word(term.term, analysis):
            things.append(never_used and never_written(term))
    # 「TICSの認証を取った事業者は、事前報告の手続の一部が免除または簡素化されますか」: what is asked whether it is
    # done, a word the documents never use (nor any of the alternatives asked), they say neither yes nor no of
    if analysis.answer_type == "yesno" and (done := _DONE_ASKED.search(normalize_text(analysis.resolved))):
        asked_acts = list(dict.fromkeys(re.split(_ALTERNATIVES, done.group(1))))  # in the question's order
        acts = [t for t in prepared.terms if t.term in asked_acts]
        # (an act of which one word is never used, 域外適用 where only 適用 is written, is another act)
        if acts and len(acts) == len(asked_acts) and all(unwritten_part(t) for t in acts):
            return refuse("acts", "\n".join(asked_acts))
    # 「専門家派遣をたのむとき、来てもらう専門家ってこっちで指名できるの？」: an act a yes/no question asks whether one
    # may or can do (指名), which no passage naming its topic (専門家派遣) writes, they say neither yes nor no of
    if analysis.answer_type == "yesno" and (unsettled := _act_unwritten_with_topic(searcher, analysis, prepared.terms)):
        return refuse("unsettled", unsettled)
    # 「お店のGoogleの口コミにひどいこと書かれた。削除ってお願いできる？」: when every thing the question names is a
    # word the documents never use, the act it asks about (削除) is done to those things; a line doing it to
    # another thing (an EU programme's 削除) answers nothing asked. (One such word may be the user's own telling of
    # their situation, 「人手が足りなくて…窓口相談って…」, about something the documents do cover.)
    if len(things) >= 2 and all(things):
        return refuse("topic")
    # (a value may sit under its topic's line further down: 「<2024年9月>」 under 「…(いわゆるドラギレポート)」;
    # the value composition reads the whole pool)
    if analysis.focus and not any(_about_value_topic(analysis, c, settings)
                                  for c in (pool if analysis.answer_type in VALUE_TYPES else pool[:30])):
        if pool[0].similarity < settings.min_similarity or analysis.answer_type in VALUE_TYPES:
            return refuse("topic")

    kind = analysis.answer_type
    if analysis.case and kind != "case":
        # 「No.1 の実施概要で示された3つの問い」: the case narrows where the answer is.
        inside = [c for c in pool if case_key(c.chunk.case) == analysis.case]
        pool = inside or pool
        prepared.candidates = pool
    if (inside := _inside_part(searcher, analysis, pool)) is not None:
        # 「技術流出対策チェックリストではどのような点を確認するよう求めていますか」: the part of a document the
        # question says to look in holds its answer (the checklist's rows, not the guidance's prose on the topic)
        pool = prepared.candidates = inside
    source = _source_of(searcher, analysis, pool, settings) if analysis.source_asked else None
    if analysis.source_asked and source is None and kind != "contact" and \
            _SOURCE_NAMED.search(normalize_text(analysis.question)):
        # 「EWSの図の出典は？」: what the slide says is not where it comes from (「何をもとに作られてるの」
        # may ask what a thing is based on, which its own lines say)
        return refuse("source")
    section = (_quoted_section(searcher, analysis, pool, settings) or _concern_section(searcher, pool, settings)) \
        if kind not in (*VALUE_TYPES, "yesno", "comparison") else None  # a comparison quotes both things it names
    if source is not None:
        composed = source
    elif kind in ("list", "lookup", "edition") and EACH_ASKED.search(normalize_text(analysis.question)) \
            and (named := headings_named(searcher, analysis, pool, settings)):
        # 「産業界との戦略的対話と脅威・リスクへの対応について、それぞれ」: what each heading named heads (before
        # the section the question quotes, 「本日の論点まとめ」, which holds them)
        composed = Composition(named)
    elif kind in ("list", "lookup") and (naming := lines_naming_quoted(searcher, analysis, pool, settings)):
        composed = Composition(naming)  # 「「ホワイトペーパー」として発表された文書は、それぞれ」: each line naming it
    elif section is not None:
        composed = section
    elif kind in ("list", "lookup") and (labelled := list_labelled_as(searcher, analysis, pool, settings)) is not None:
        composed = labelled  # 「どんなことが基準になってるの？」: the list the slide labels 「…管理基準（例）」
    elif kind == "comparison":
        composed = compose_comparison(searcher, prepared, settings)
    elif kind == "case" and analysis.case or asks_category(analysis) or asks_industry(analysis) or \
            kind == "list" and analysis.case and \
            not LIST_REQUESTED.search(normalize_text(analysis.question)):
        # (「事例⑥って、どんな原材料を想定してるの？」: what one named case is like, not the items of a list)
        composed = compose_case(searcher, analysis, pool)
    elif kind in VALUE_TYPES:
        composed = compose_value(analysis, pool, settings, prepared.terms, searcher, prepared.filters)
    elif (place := item_asked(analysis.question)) is not None and \
            (item := _item_at(searcher, prepared, place, settings)) is not None:
        composed = item
    elif analysis.followup and (name := item_named(analysis.question)) is not None and \
            (item := _item_called(searcher, prepared, name, settings)) is not None:
        composed = item
    elif kind in ("list", "lookup", "edition") and ADDED_ASKED.search(normalize_text(analysis.question)) and \
            (added := compose_added(searcher, prepared, settings)) is not None:
        composed = added
    elif kind in ("list", "lookup") and (cases := compose_cases_of(searcher, analysis, settings)) is not None:
        composed = cases
    elif kind == "list":
        composed = compose_list(searcher, prepared, settings) or compose_ranked(analysis, pool, settings, searcher,
                                                                                  prepared.terms, prepared.filters)
    else:
        composed = compose_ranked(analysis, pool, settings, searcher, prepared.terms, prepared.filters)
        if composed == "topic" and analysis.case and any(case_key(c.chunk.case) == analysis.case for c in pool):
            # 「ガイダンスのCase 1で、A社は何がいけなかった」: the case the user named is what it is about,
            # whatever other words the question uses; what the case says beats a refusal.
            composed = compose_case(searcher, analysis, pool)
    if isinstance(composed, str):
        # (a case the documents lack is named as the question writes it, 「事例⑦」, not by its key 事例7)
        return refuse(composed, case_written(analysis.resolved) if composed == "case"
                      else priced_word(analysis, prepared.terms) if composed in ("priced", "breakdown")
                      else _unmet(searcher, analysis, pool, settings) if composed == "qualifier"
                      else analysis.existence_of if composed == "existence" else None)
    # 「2000年以降の出来事」: of a list or timeline quoted whole, the entries in the span of years asked
    spanned = [line for line in composed.lines
               if line.piece.kind not in ("list", "table") or in_year_span(analysis, line.text)]
    if any(line.piece.kind in ("list", "table") for line in spanned):
        composed.lines = spanned
    if analysis.answer_type == "case" and analysis.judgement_asked and \
            not any(_JUDGED.search(line.text) for line in composed.lines):
        # 「事例⑮って結局セーフなの？」: a case whose quoted lines judge nothing does not settle it (named
        # as the documents label it)
        return refuse("judgement", next((line.chunk.case for line in composed.lines if line.chunk.case), None)
                      or case_written(analysis.resolved))
    if analysis.answer_type == "case" and all(_restates(analysis, line, settings) for line in composed.lines):
        # 「「事例① 展示会での技術流出リスク」は、どの展示会で起きた事例？」: a case whose lines the question says
        # itself (a video's title and nothing more) tells nothing of what is asked
        return refuse("vague", composed.lines[0].text)
    person = analysis.asks_person
    if (kind in ("lookup", "case", "definition") or person and kind == "organisation") \
            and (person or (name := NAME_ASKED.search(asked := normalize_text(analysis.resolved)))) \
            and not any(names_person(line.text) if person else _gives_name(line.text, asked, name.group(1)) for line in composed.lines):
        # 「No.42のB社が入れた可視化ツールって、なんていう製品？」 answered by 「海外製の…可視化ツールにより…」:
        # lines that describe the thing without naming it do not give its name; 「協議会の議長は誰？」 answered by
        # 「…協議会」を設置。」 under a slide naming another official: nor do lines naming no one say who
        return refuse("nameless")
    if kind == "list" and len(composed.lines) == 1 and (one := _ONE_OF.search(normalize_text(composed.lines[0].text))) \
            and compact(one.group(1)) in compact(analysis.resolved):
        # 「10の政策課題をすべて挙げよ」 answered by 「…を10の政策課題の一つと定義」: a line naming one of them
        # does not list them
        return refuse("type")
    if _REASON_ASKED.search(normalize_text(analysis.resolved)) and kind not in ("yesno", "list") \
            and not any(ends_sentence(line.text) or _STATES_REASON.search(line.text) for line in composed.lines):
        # 「…が加えられたのは、どのような懸念があったためですか」 answered by the list's heading and rows
        # (「⑧フォトレジスト ⑱位相差フィルム」): names and labels say no reason
        return refuse("reason")
    if kind in ("lookup", "howto", "definition", "list") and echoes_only(analysis, composed.lines, settings):
        return refuse("type")  # 「…の活用例って、どんな使い方？」 answered by the caption 「活用例 (イメージ)」 alone
    if kind in ("lookup", "howto", "definition") and not _asks_contents(analysis) \
            and all(_in_contents(searcher, line) for line in composed.lines):
        # 「撤退のときに何をやれって書いてある？」 answered by entries of a table of contents (「4 撤退・契約終了
        # 時に取り組むべき事項」): the document has a part on it, and these slides don't give what it says
        shown = {(line.chunk.chunk_id, line.piece_index) for line in composed.lines}
        entry = next((c for c in pool if (c.chunk.chunk_id, c.piece_index) in shown), composed.lines[0])
        return refuse("contents", entry.text)  # the entry that fits the question best
    if (office := _office_of(analysis, pool)) is not None:
        composed = Composition([office])
    which = analysis.which_kind
    # 「ガイダンスの担当部署は？」: the office a publication's cover names under its title, in the cover's order
    if which == "組織" and (cover := _cover_office(searcher, prepared)) is not None:
        composed = Composition(cover)
    elif which is not None and not any(
            _names_one(which, line.text, analysis.resolved) for line in composed.lines):
        # 「重要鉱物ってどこの国に頼ってるの？」: a line about the topic that names one (「精錬工程は中国に集中」),
        # about as good as the best; 「具体的に何の補助金？」 answered by 「補助金の加点のメリットも」 names none
        # — or a line listing the things of that kind under its name (「大学：東北大、弘前大、…」)
        floor = pool[0].score - settings.close_enough
        naming = [c for c in pool if (c.score >= floor or _labelled_items(analysis, c.text) >= 2)
                  and c.piece.kind not in ("heading", "title")
                  and _about_topic(analysis, c, settings) and _names_one(which, c.text, analysis.resolved)]
        # …or a line about the topic under a heading that names one (「2024年7月に新たに「貿易経済安全保障局」を
        # 設置」 over 「司令塔として、上記施策を総合的に推進」) — not a body of the kind the question asks about
        # (「(22) 部材情報センター」 is another センター, not where 部材相談センター is placed)
        asked_kinds = tuple(ending for term in analysis.focus for ending in _ORGANISATION_KINDS if term.endswith(ending))
        naming = naming or [c for c in pool if c.score >= floor and c.piece.heading and _about_topic(analysis, c, settings)
                            and _names_one(which, c.piece.heading, analysis.resolved)
                            and not any(name.endswith(asked_kinds) for name in _ORGANISATION.findall(normalize_text(c.piece.heading)))]
        if not naming:
            return refuse("which")
        composed = Composition(_with_heading(naming[0], pool))
    if analysis.choices and not any(compact(word) in compact(f"{line.text} {_context(line.chunk, line.piece)}")
                                    for line in composed.lines for side in analysis.choices for word in side):
        # 「オンライン開催でしたか、それとも会場での開催でしたか」: lines about the event that name neither
        # settle nothing
        return refuse("choice")
    composed.lines = _with_footnotes(searcher, composed.lines)
    if composed.notice:
        notices.append(composed.notice)
    # (a place named by what the lines sit under, 「2021年の貿易データに基づく英国の…」, is named too)
    quoted = compact(" ".join(f"{c.text} {c.chunk.heading}" for c in composed.lines))
    notices += [ABROAD_NOTICE.format(place=place) for place in dict.fromkeys(
        [q.text for q in analysis.qualifiers if q.kind == "place"] + list(analysis.names))
        if _abroad_holds(analysis, place) and compact(place) not in quoted]
    if analysis.answer_type == "date":  # 「平成でいうと何年？」: the years quoted, in the calendar asked
        notices += calendar_notices(analysis.question, " ".join(c.text for c in composed.lines))
    return _assemble(analysis, composed, notices, interpretation)


# Why, asked (「なぜ」「どうして」「理由は」「…があったためですか」), and a reason stated without a sentence's end
_REASON_ASKED = re.compile(r"なぜ|どうして|なんで(?!も)|理由|ため(?:です|でしょう)?か")
_STATES_REASON = re.compile(r"ため|から|ので|よって|により|懸念|おそれ|恐れ|リスク|必要|重要|不可欠")


# A clause that sets a condition (「…を起こしたら、」「…の場合、」「…なら、」)
_CONDITION = re.compile(r"[^、,。？?]*?(?:たら|なら|場合|れば)[、,]")
# The clause a question marks as what it is about (「…の利用について、」)
_ABOUT_CLAUSE = re.compile(r"([^、,。？?]*?)について")
# A thing named as an example of what is asked (「表彰とか」「補助金なんか」)
_BY_EXAMPLE = r"(?:とか|なんか)"
# What a yes/no question asks whether is done (「…手続の一部が免除または簡素化されますか」「…は延長されるの？」): the
# verbal nouns before its closing passive, one or several joined by または, や, か
_ALTERNATIVES = r"または|あるいは|もしくは|や|か|・|、"
_DONE_ASKED = re.compile(rf"((?:[一-龥ァ-ヶー]{{2,}}(?:{_ALTERNATIVES}))*[一-龥ァ-ヶー]{{2,}})(?:が|は|も)?\s*"
                         r"され(?:ます|る|ている|ています|てる|た|ました)(?:のか|んですか|んでしょうか|でしょうか|か|の)?[？?。\s]*$")
# An act a yes/no question asks whether one can do (「こっちで指名できるの？」「延期できますか」)
_CAN_ASKED = re.compile(r"([一-龥ァ-ヶー]{2,})(?:が|は|も|って)?\s*(?:でき|出来)(?:る|ます|ない)")


def _act_unwritten_with_topic(searcher: Searcher, analysis: Analysis, terms: list[TopicTerm]) -> str | None:
    """Return the act a yes/no question asks leave for or whether one can do (「…指名できるの？」 → 指名) when no
    passage naming the question's most specific topic word the documents write writes it; None otherwise."""
    resolved = normalize_text(analysis.resolved)
    acts = [a for a in dict.fromkeys(_CAN_ASKED.findall(resolved) + _LEAVE_ASKED.findall(resolved))
            if is_action(a) and a not in GENERIC_NOUNS]
    topics = [t for t in terms if t.weight and t.term not in acts and not is_action(t.term) and t.term in analysis.key_terms]
    topic = max(topics, key=lambda t: t.weight, default=None)
    if not acts or topic is None:
        return None
    passages = {c.chunk_id: c.text for a in topic.alternatives for c in searcher.chunks_containing(a)}
    texts = [compact(text) for text in passages.values()]
    return next((act for act in acts if not any(compact(act) in text for text in texts)), None)


# An act a yes/no question asks leave for or whether one can do (「同席してもらっていいの？」「延期してもいい？」)
_LEAVE_ASKED = re.compile(r"([一-龥ァ-ヶー]{2,})(?:を)?(?:して|させて|し)(?:も|もらって|もらっても|いただいて|いただいても|くれて)?"
                          r"(?:いい|良い|よい|大丈夫|OK|構わない|かまわない|可能|できる)")


# 「…を10の政策課題の一つと定義」: a thing said to be one of a set (the set's name after the number)
_ONE_OF = re.compile(r"(?:\d+|[一二三四五六七八九十]+)つ?の([一-龥ァ-ヶー]{2,12})の(?:一つ|ひとつ|1つ)")


# An organisation as slides name one: by a name ending in what it is (経済産業省, 貿易経済安全保障局, 技術調査・
# 流出対策室, 情報処理推進機構)
_ORGANISATION_KINDS = ("省", "庁", "官房", "局", "室", "課", "機構", "機関", "協会", "センター", "委員会", "法人", "財団", "本部")
_ORGANISATION = re.compile(r"[一-龥ァ-ヶーA-Za-z・]{2,}?(?:" + "|".join(_ORGANISATION_KINDS) + r")(?![一-龥ァ-ヶー])")
# …but a kind of body said of any (「認証機関」「関係省庁」「研究機関」「他省庁」) names none
_ANY_ORGANISATION = re.compile(r"(?:関係|関連|他|各|所管|担当|研究|研究実施|認証|審査|政府|公的|支援|行政|外部|民間|金融|教育|医療|専門)"
                               r"(?:機関|省庁|部局|団体|組織)")
# A university as slides name one: 東北大学, or 東北大 in a list (「大学：東北大、弘前大（…）」)
_UNIVERSITY = re.compile(r"[一-龥ァ-ヶー]{1,8}?大学|[一-龥ァ-ヶー]{1,6}大(?=[、,（(]|\s*他|$)")
# A company as a line names one: with its legal form before or after its name (株式会社見本, 見本(株)), or a
# name in Latin letters with its form (Sample Inc.) — the collections' lettered A社, B社 name none
COMPANY_KINDS = ("会社", "企業", "メーカー")
_COMPANY = re.compile(r"(?:株式会社|有限会社|合同会社|[(（]株[)）])\s*[一-龥ァ-ヶーA-Za-z・]{2,}|[一-龥ァ-ヶーA-Za-z・]{2,}\s*(?:株式会社|有限会社|合同会社|[(（]株[)）])"
                      r"|[A-Z][A-Za-z&.\-]+\s+(?:Inc|Corp|Co|Ltd|LLC|GmbH|AG|SA)\b")
# A post as an organisation chart names one (審議官, 局長, 室長, 参事官, 大臣): its title ending its word
_POST = re.compile(POST_TITLE + r"(?![一-龥ァ-ヶー])")


# A name written in Latin letters (TechEU, Trusted Thinktank Network) or in brackets (「…」)
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]+")
_BRACKETED = re.compile(r"「([^」]+)」")


def _gives_name(text: str, asked: str, kind: str | None) -> bool:
    """Return True when a line names something the question does not: a proper noun other than a place, a
    word in Latin letters, a name in brackets, or a thing of the kind asked (`kind`, see NAME_ASKED: 「TICSって
    何という制度？」 → 技術情報管理認証制度, see _names_one)."""
    if kind and _names_one(kind, text, asked):
        return True
    return any(w.feature.pos2 == "固有名詞" and w.feature.pos3 != "地名" and w.surface not in asked for w in tagger()(text)) \
        or any(m.group(0) not in asked for m in _LATIN_NAME.finditer(text)) \
        or any(compact(m.group(1)) not in compact(asked) for m in _BRACKETED.finditer(text))


def _names_one(kind: str, text: str, question: str) -> bool:
    """Return True when a line names a thing of the kind that the question does not name itself: a
    country by its name (ドイツ), a programme, business or law by a name ending in the kind's word
    (ものづくり補助金, 国家資源安全保障特別法), a university by its name (東北大), a post by its title (審議官)."""
    if kind in ("国", "加盟国"):
        return bool(places_named(text, countries=True) - places_named(question, countries=True))
    line = normalize_text(text)
    if kind == "組織":  # 「どこの部署？」「所管は？」: an office, a ministry, a body (技術調査・流出対策室)
        named = [name for name in _ORGANISATION.findall(line) if not _ANY_ORGANISATION.fullmatch(name)]
    elif kind == "大学":
        named = _UNIVERSITY.findall(line)
    elif kind == "役職":
        named = _POST.findall(line)
    elif kind in COMPANY_KINDS:  # a company by its registered name, not by a letter (A社)
        named = _COMPANY.findall(line)
    else:
        named = re.findall(rf"[一-龥ァ-ヶーA-Za-z・]{{2,}}?{'法' if kind == '法律' else kind}", line)
    return any(compact(name) not in compact(question) for name in named)


def _cover_office(searcher: Searcher, prepared: Prepared) -> list[Candidate] | None:
    """Return a publication's title and the office lines its cover gives right under it (「技術流出対策
    ガイダンス 第1版」 over 「経済産業省」 「貿易経済安全保障局 技術調査・流出対策室」), for 「ガイダンスの担当部署は？」:
    the office that issues a document is the one its cover names. None when no cover names one."""
    # (the title names every topic word: 「調達の手引き」 is not the cover of 「保管の手引き」 — but not the
    # organisation the office is asked of, 「経済産業省の担当部署」, nor what it did, 作成)
    topic = [t.alternatives for t in prepared.terms if t.weight and t.term not in _AUTHORING
             and not t.term.endswith(ORGANISATION_ENDINGS)]
    if not topic or not any(a.endswith(_PUBLICATION_KINDS) for a in topic[0]):
        return None  # 「経済安保のことはどこの部署に」: a subject, not a publication, has no cover
    best: list[Candidate] | None = None
    for name in topic[0]:
        for chunk in searcher.chunks_containing(name, prepared.filters):
            for index, piece in enumerate(chunk.pieces):
                if piece.kind not in (*QUOTABLE_KINDS, "heading", "title") or \
                        not all(any(a in compact(piece.text) for a in names) for names in topic):
                    continue
                # the lines right under the title that are organisation names and nothing else (an edition
                # line, 「—第2.0版—」, may come between)
                offices: list[int] = []
                for after in range(index + 1, min(index + 1 + _COVER_LINES, len(chunk.pieces))):
                    line = normalize_text(chunk.pieces[after].text).strip()
                    if _EDITION_LINE.fullmatch(line) and not offices:
                        continue
                    if not _ORGANISATION_LINE.fullmatch(line):
                        break
                    offices.append(after)
                # (the fullest cover: 「経済産業省 / 貿易経済安全保障局 / 技術調査・流出対策室」 over a banner's
                # 「経済産業省」 alone)
                # (a title given in brackets, 「(民間ベストプラクティス集)」, is the other name of the title above it,
                # 「経済安全保障上の課題への対応」: the cover's title is both lines)
                title = [index - 1, index] if index and _BRACKETED.fullmatch(normalize_text(piece.text).strip()) \
                    and chunk.pieces[index - 1].kind in (*QUOTABLE_KINDS, "heading", "title") \
                    and not _ORGANISATION_LINE.fullmatch(normalize_text(chunk.pieces[index - 1].text).strip()) else [index]
                if any(_names_one("組織", chunk.pieces[i].text, prepared.analysis.resolved) for i in offices) \
                        and (best is None or len(offices) + len(title) > len(best)):
                    best = [Candidate(chunk, i, 0.0, 0) for i in (*title, *offices)]
    return best


# What is done to a publication by the office asked for (「作成している…の担当部署」「説明資料をまとめたのは」): no
# word of its title
_AUTHORING = frozenset({"作成", "策定", "発行", "公表", "編集", "担当", "所管", "作", "まとめ", "説明"})
# What a publication's name ends in (技術流出対策ガイダンス, 民間ベストプラクティス集, 経営ガイドライン)
_PUBLICATION_KINDS = ("ガイダンス", "集", "プラン", "ガイドライン", "手引き", "手引", "指針", "報告書", "白書",
                      "レポート", "チェックリスト", "パンフレット", "マニュアル")
# A cover's lines: a title, perhaps an edition (「—第2.0版—」「第1版」), then the issuing offices one per line
_COVER_LINES = 5
_EDITION_LINE = re.compile(r"[—―\-－\s]*第\s*[\d.]+\s*版[—―\-－\s]*")
_ORGANISATION_LINE = re.compile(rf"(?:{_ORGANISATION.pattern}\s*)+")
_BRACKETED = re.compile(r"[（(][^（）()]+[)）]")  # a line that is all in brackets: 「(民間ベストプラクティス集)」


def _side_questions(analysis: Analysis) -> list[str]:
    """Return the question about each side of a comparison: what it says around the two things, with
    one of them (「韓国と台湾が講じている措置の違い」 → 「…韓国が講じている措置」), or 「Aとは」 alone."""
    text = normalize_text(analysis.resolved)
    first, second = analysis.compared
    # the pair nearest the word that compares, as compared_terms read it (a side may be named earlier too)
    second_at = text.rfind(second, 0, compare_word(text))
    at = text.rfind(first, 0, second_at)
    after = second_at + len(second)
    asked = compare_word(text, after)
    prefix, middle = text[:at].rstrip("「『"), _COMPARISON_GLUE.sub("", text[after:asked])
    if not re.search(r"[\u4e00-\u9fffァ-ヶA-Za-z]", middle):
        middle = ""
    elif not re.match(r"[がをにでへ]", middle):  # 「韓国が講じている措置」, 「人材流出の現行法令による対応」
        middle = f"の{middle}"
    return [prefix + side + (middle or ("とは" if not prefix.strip() else "")) for side in analysis.compared]


# what joins the second thing to what is said of both (「…」とでは、」「…って」「…の」), and the asking words
_COMPARISON_GLUE = re.compile(r"^[」』]?(?:とでは|とで|では|は|って|の|を)?[、\s]*|"
                              r"(?:の|にどのような|にどんな|にどう|どのような|どんな|何が|なにが|どう|どこが|と)*$")


def compose_comparison(searcher: Searcher, prepared: Prepared, settings: AnswerSettings) -> Composition | str:
    """「AとBの違いは？」: what the documents say of each of the two, side by side — each side searched and
    answered as a question of its own, its best quotes that name it first."""
    lines: list[Candidate] = []
    notices: list[str] = []
    if WHICH_BETTER.search(normalize_text(prepared.analysis.question)) and not any(
            all(compact(side) in compact(c.text) for side in prepared.analysis.compared)
            for c in prepared.candidates if c.piece.kind in QUOTABLE_KINDS):
        # 「TICSとISMS、認証取るならどっちが簡単なの？」: which is better is said only by a line naming both (not a
        # title over the two); what each is, side by side, does not settle it
        return "better"
    for side, question in zip(prepared.analysis.compared, _side_questions(prepared.analysis)):
        own = prepare(searcher, question, prepared.filters, settings)
        if case_references(side):  # 「No.14とNo.42の違い」: each case as a case lookup gives it
            composed = compose_case(searcher, replace(own.analysis, case=case_references(side)[0]), own.candidates)
        else:
            named = [t for t in own.terms if compact(t.term) in compact(side)] or own.terms
            about = [c for c in own.candidates if any(a in compact(f"{c.text} {c.piece.heading or ''}")
                                                      for t in named for a in t.alternatives)]
            composed = compose_ranked(own.analysis, about, settings, searcher, own.terms, prepared.filters)
        if isinstance(composed, str):
            return composed
        side_lines, room = composed.lines, settings.comparison_quotes
        first = side_lines[0] if side_lines else None
        if first is not None and first.piece.kind == "list" and party_named(side, first.piece.heading or ""):
            # 「No.42の…A社とC社は、…どう違いますか」: a lettered party's own list (「A社の例（金属）」) tells what it
            # did, whole and in order (its first step, 「…調達先をラベリング。」, had been cut for the best two)
            # (under its heading, which says whose lines they are)
            items = _block_items(searcher, first.chunk, first.piece.block)
            side_lines = _with_heading(items[0], _unit_segments(searcher, first.chunk.unit_id))[:-1] + items
            room = settings.max_list_items
        lines += [c for c in side_lines if all(c.text != o.text for o in lines)][:room]
        notices += [composed.notice] if composed.notice and composed.notice not in notices else []
    return Composition(lines, " ".join(notices) or None, lead=COMPARISON_LEAD.format(*prepared.analysis.compared))


# A list that states its own total (「(計27か国)」「以上 12 品目」): it names every member
_LIST_TOTAL = re.compile(r"(?:計|合計|全|以上)\s*\d+\s*(?:か国|カ国|ヶ国|品目|分野|技術|物資|社|件|機関|地域|項目)")


def _closed_list_without(analysis: Analysis, pool: list[Candidate], member: str,
                         settings: AnswerSettings) -> Candidate | None:
    """The line, among the search's best, that lists the members of the set a membership question names
    (its other topic words, in the line or its heading) and gives their total, without `member`; None
    when the question asks no membership or no such line is found."""
    if member_term(analysis.resolved, analysis.focus) != member:
        return None
    # (a word of the story around the set is not it)
    sets = [compact(t) for t in member_sets(analysis.resolved, analysis.focus, member)]
    for cand in pool[:settings.closed_list_lines]:
        text = normalize_text(cand.text)
        where = compact(f"{cand.piece.heading or ''} {text}")
        if text.count("、") + 1 >= settings.closed_list_items and _LIST_TOTAL.search(text) and sets \
                and any(s in where for s in sets) and compact(member) not in where:
            return cand
    return None


# 「『一定の条件』って、具体的にどんな条件？」「20数鉱種って、具体的にどの鉱物？」: the words the question
# takes from the documents, then what it asks they stand for
_SPECIFICS_ASKED = re.compile(r"(?:「([^「」]{2,30})」|([一-龥ァ-ヶーA-Za-z0-9・]{2,20}))(?:(?:って|とは|は)[、,]?\s*具体的に"
                              r"(?:どの|どんな|どういう|どれ|何|なに|いくら)"
                              # 「…目標の具体的な水準」: the figure the words stand for
                              r"|の具体的な(?:水準|数値|数字|値|基準))")


def _specifics_asked(question: str) -> str | None:
    """Return the words a question asks the specifics of (see _SPECIFICS_ASKED), or None."""
    found = _SPECIFICS_ASKED.search(normalize_text(question))
    return (found.group(1) or found.group(2)) if found else None


def _spelled_out_anywhere(searcher: Searcher, phrase: str) -> bool:
    """Return True when some line says what `phrase` stands for: it heads a section or the items under it
    (「1 武器」 over its list), or a line defines it (「X：…」「X（…）」「X・・・鉄砲、…」「Xとは」「Xは、…」)."""
    key = compact(phrase)
    defines = re.compile(re.escape(normalize_text(phrase)) + r"\s*(?:[：:（(＝=]|・{2,}|…|‥|とは|は、|には、)")
    for chunk in searcher.chunks_containing(key, None):
        for index, piece in enumerate(chunk.pieces):
            if key not in compact(piece.text):
                continue
            if _heads(chunk, index) or defines.search(normalize_text(piece.text)):
                return True
    return False


def _gaps_filled(lines: list[Candidate]) -> list[Candidate]:
    """「…契約を締結できること等を規定。」 then 「このほか、…政府による支援も可能。」: two sentences quoted one
    after the other that skip one sentence of their paragraph between them (「また渡航記録の開示請求も可能。」)
    would read as if they followed on; the sentence skipped goes between them."""
    shown = {(c.chunk.chunk_id, c.piece_index) for c in lines}
    filled = lines[:1]
    for before, after in zip(lines, lines[1:]):
        if before.chunk.chunk_id == after.chunk.chunk_id and after.piece_index == before.piece_index + 2 \
                and (before.chunk.chunk_id, before.piece_index + 1) not in shown:
            between = Candidate(before.chunk, before.piece_index + 1, 0.0, 0)
            if before.piece.kind == between.piece.kind == after.piece.kind == "paragraph" \
                    and before.piece.block == between.piece.block == after.piece.block:
                filled.append(between)
        filled.append(after)
    return filled


def _assemble(analysis: Analysis, composed: Composition, notices: list[str], interpretation: str | None) -> Answer:
    """Number the cited passages in order of first use and write one line per quote."""
    numbers: dict[str, int] = {}
    quotes: dict[str, list[Candidate]] = {}
    lines = [composed.lead] if composed.lead else []
    for cand in _gaps_filled(composed.lines):
        chunk_id = cand.chunk.chunk_id
        if chunk_id not in numbers:
            numbers[chunk_id] = len(numbers) + 1
            quotes[chunk_id] = []
        if all(q.piece_index != cand.piece_index for q in quotes[chunk_id]):
            quotes[chunk_id].append(cand)
        lines.append(f"{cand.text}[{numbers[chunk_id]}]")
    citations = tuple(Citation(numbers[cid], cands[0].chunk, "\n".join(c.text for c in cands),
                               tuple(c.piece_index for c in cands)) for cid, cands in quotes.items())
    return Answer(analysis.question, "\n".join(dict.fromkeys(lines)), citations, True, mode="extractive",
                  notice=" ".join(notices) or None, answer_type=analysis.answer_type, interpretation=interpretation)


def answer_to_json(answer: Answer) -> dict:
    """Return the `ask` CLI's JSON contract for an answer."""
    payload = {
        "query": answer.query, "found": answer.found, "answer": answer.text, "mode": answer.mode,
        "answer_type": answer.answer_type, "refusal_reason": answer.refusal_reason,
        "citations": [{"n": c.n, "chunk_id": c.chunk.chunk_id, "citation": c.chunk.citation, "case": c.chunk.case,
                       "quote": c.quote, "text": c.chunk.text} for c in answer.citations],
    }
    if answer.notice:
        payload["notice"] = answer.notice
    if answer.interpretation:
        payload["interpretation"] = answer.interpretation  # how the question was read (a follow-up, a word typed in kana)
    if not answer.found:
        payload["suggestions"] = [{"chunk_id": h.chunk.chunk_id, "citation": h.chunk.citation, "text": h.chunk.text}
                                  for h in answer.suggestions]
    return payload


def quote_of(line: str) -> str:
    """Return an answer line without its [n] markers."""
    return re.sub(r"(\[\d+\])+\s*$", "", line).strip()
