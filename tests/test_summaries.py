"""Storyline summaries as a reader gets them: credited, without repeats, readable on their own."""

from __future__ import annotations

import dataclasses
import importlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, write_article

from generator.build import build
from generator.config import SUMMARY_ALGORITHMS, SummaryConfig, load_config
from generator.content import load_content
from generator.errors import BriefingError
from generator.model import Article, Storyline
from generator.summaries import ranking, summarise
from generator.summaries.candidates import candidates
from generator.summaries.standalone import stands_alone
from generator.text import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "summaries"
WIRE_COPIES = ("wire-harbour-reuters", "wire-harbour-copy")


def _build(tmp_path: Path, summary: SummaryConfig) -> dict:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES, content)
    config = load_config(PROJECT / "config.yaml").with_overrides(
        content_dir=content, output_dir=tmp_path / "output", summary=summary
    )
    build(config)
    storylines = json.loads((tmp_path / "output" / "api" / "storylines.json").read_text(encoding="utf-8"))
    return next(s for s in storylines if s["id"] == "halden-strike")


def _paragraphs(article_id: str) -> list[str]:
    body = (FIXTURES / f"{article_id}.md").read_text(encoding="utf-8").split("---", 2)[2]
    return [normalise(p) for p in body.strip().split("\n\n")]


@pytest.fixture(scope="module")
def halden(tmp_path_factory) -> dict:
    """The strike storyline with room for many sentences, so repeats would have space to slip in."""
    return _build(tmp_path_factory.mktemp("halden"), SummaryConfig(sentences=8, max_words=400))


def test_two_near_copies_of_a_wire_story_never_give_two_sentences_of_one_passage(halden):
    passages = []
    for part in halden["summary"]:
        if part["article"] in WIRE_COPIES:
            passages += [i for i, p in enumerate(_paragraphs(part["article"])) if normalise(part["text"]) in p]
    assert passages, "the summary should quote the wire story"
    assert len(passages) == len(set(passages)), halden["summary"]


def test_every_sentence_is_credited_to_an_article_of_the_storyline_that_contains_it(halden):
    assert halden["summary"]
    for part in halden["summary"]:
        assert part["article"] in halden["articles"]
        assert any(normalise(part["text"]) in p for p in _paragraphs(part["article"]))


def test_no_sentence_appears_twice(halden):
    texts = [normalise(p["text"]).lower() for p in halden["summary"]]
    assert len(texts) == len(set(texts))


def test_captions_bylines_datelines_and_mid_thought_openers_are_left_out(halden):
    texts = [p["text"] for p in halden["summary"]]
    assert not [t for t in texts if t.startswith(("Photo:", "By Anna", "He said", "But ministers", "HALDEN"))]
    assert any(t.startswith("Dock workers at the port of Halden walked out") for t in texts)


def test_the_default_summary_keeps_to_the_configured_length(tmp_path):
    storyline = _build(tmp_path, SummaryConfig(sentences=2, max_words=60))
    assert 1 <= len(storyline["summary"]) <= 2
    assert sum(len(p["text"].split()) for p in storyline["summary"]) <= 60


def test_the_storyline_page_links_each_summary_sentence_to_its_article(tmp_path):
    _build(tmp_path, SummaryConfig())
    page = (tmp_path / "output" / "storylines" / "halden-strike" / "index.html").read_text(encoding="utf-8")
    assert "articles/wire-harbour-reuters/" in page or "articles/wire-harbour-copy/" in page


def _storyline_and_articles():
    articles = {a.id: a for a in load_content(FIXTURES).articles}
    ids = tuple(sorted(articles, key=lambda i: articles[i].sort_key))
    return Storyline("halden-strike", "Halden strike", ids), articles


@pytest.mark.parametrize("algorithm", SUMMARY_ALGORITHMS)
def test_every_algorithm_gives_a_credited_summary_without_repeats(algorithm):
    storyline, articles = _storyline_and_articles()
    summary = summarise(storyline, articles, SummaryConfig(algorithm=algorithm, sentences=5, max_words=300)).summary
    assert summary
    assert all(s.article_id in storyline.article_ids for s in summary)
    assert len({normalise(s.text) for s in summary}) == len(summary)


def test_chronological_order_goes_by_article_date_then_position():
    storyline, articles = _storyline_and_articles()
    summary = summarise(storyline, articles, SummaryConfig(order="chronological", sentences=6, max_words=400)).summary
    dates = [articles[s.article_id].date for s in summary]
    assert dates == sorted(dates)


def test_sumy_algorithms_other_than_lexrank_see_a_capped_lead_first_input(monkeypatch):
    storyline, articles = _storyline_and_articles()
    found = candidates([articles[i] for i in storyline.article_ids])
    titles = [articles[i].title for i in storyline.article_ids]
    monkeypatch.setattr(ranking, "SUMY_INPUT_CAP", 3)
    scores = ranking.salience(found, "textrank", titles)
    ranked = [c for c, score in zip(found, scores) if score > 0]
    assert len(ranked) == 3 and all(c.position == 0 for c in ranked)
    assert (ranking.salience(found, "lexrank", titles) > 0).sum() > 3


def test_the_builds_lexrank_rates_as_the_sumy_summarizer_does():
    """The build ranks without sumy's classes (their import is slow); it must give the scores that
    `FastLexRankSummarizer`, the drop-in sumy class that picks as sumy's LexRank does, gives."""
    from sumy.models.dom import Sentence

    from generator.text import SumyTokenizer

    storyline, articles = _storyline_and_articles()
    found = candidates([articles[i] for i in storyline.article_ids])
    through_sumy = ranking.make_summarizer("lexrank", []).rate([Sentence(c.text, SumyTokenizer()) for c in found])
    assert len(found) > 10
    assert ranking.salience(found, "lexrank", []).tobytes() == (through_sumy / through_sumy.max()).tobytes()


def test_a_storyline_too_large_to_compare_all_its_sentences_offers_every_lead_first(monkeypatch):
    storyline, articles = _storyline_and_articles()
    members = [articles[i] for i in storyline.article_ids]
    everything = candidates(members)
    monkeypatch.setattr(importlib.import_module("generator.summaries.candidates"), "MAX_CANDIDATES", len(members) + 1)
    bounded = candidates(members)
    assert len(bounded) == len(members) + 1
    assert {c.article_id for c in bounded if c.position == 0} == set(storyline.article_ids)
    assert [c.text for c in bounded] == [c.text for c in everything if c in bounded]  # still in reading order
    summary = summarise(storyline, articles, SummaryConfig()).summary
    assert summary and all(s.article_id in storyline.article_ids for s in summary)


def test_a_storyline_without_sentences_has_an_empty_summary():
    storyline, articles = _storyline_and_articles()
    blank = {i: dataclasses.replace(a, body=" \n\n ") for i, a in articles.items()}
    assert summarise(storyline, blank, SummaryConfig()).summary == ()


@pytest.mark.parametrize(
    ("sentence", "alone"),
    [
        ("Dock workers at the port of Halden walked out on Monday.", True),
        ('"We will stay out," union leader Maria Lund said.', True),
        ("He added that talks would resume.", False),
        ("But ministers refused to intervene.", False),
        ("However, the port stayed open.", False),
        ("In addition, twelve ships were diverted.", False),
        ("It comes after a week of talks failed.", False),
        ('"We are ready to stay out for as long as it takes."', False),
        ("By Anna Berg", False),
        ("Reporting by Anna Berg; Editing by Tom Hale", False),
        ("Photo: Cranes stand idle at the port.", False),
        ("Cranes stand idle at the port on Monday (AP Photo/Jo Smith)", False),
        ("the strike, which began on Monday, continued.", False),
        ("17 ships were diverted to other ports.", True),
        ("How long will the strike last?", False),
        ('"Who pays for this?" asked the port\'s chief executive.', True),
        ("Senate", False),
        ('"We at the port have lost a cherished colleague.', False),
        ("The union made three demands at the meeting:", False),
        ("That changes Tuesday.", False),
        ("Port Strike Spreads to Three More Harbours", False),
        ("Port Strike Spreads to Three More Harbours.", True),
        ("(Note: The Halden Courier is owned by the port authority.)", False),
        ("[To follow the strike, sign up for our weekly harbour newsletter.]", False),
        ("(Ships now wait three days to unload.)", False),
        ("(Reuters) Ships now wait three days to unload (see map).", True),
    ],
)
def test_sentences_that_cannot_stand_alone(sentence, alone):
    assert stands_alone(sentence) is alone


def test_the_dateline_is_taken_off_the_lead():
    _storyline, articles = _storyline_and_articles()
    leads = [c.text for c in candidates([articles["wire-harbour-reuters"]]) if c.position == 0]
    assert leads == [
        (
            "Dock workers at the port of Halden walked out on Monday in a dispute over pay, halting container "
            "traffic at one of the busiest harbours on the coast."
        )
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "Washington (CNN)The Supreme Court upheld the law.",
        "(CNN) - The Supreme Court upheld the law.",
        "(Reuters) - The Supreme Court upheld the law.",
        "WASHINGTON (AP) — The Supreme Court upheld the law.",
        "WASHINGTON—The Supreme Court upheld the law.",
        "SEOUL, South Korea — The Supreme Court upheld the law.",
        "LOS ANGELES/NEW YORK (Reuters) - The Supreme Court upheld the law.",
        "PUBLISHED FEBRUARY 23, 2021: The Supreme Court upheld the law.",
    ],
)
def test_an_agency_tag_dateline_or_time_stamp_is_taken_off_the_lead(lead):
    article = Article(id="court", title="Court rules", body=lead + " It was a close vote.", path="court.md")
    assert candidates([article])[0].text == "The Supreme Court upheld the law."


def test_a_text_that_stops_mid_sentence_shows_it_with_an_ellipsis():
    body = "Dock workers walked out on Monday.\n\nThe union said the strike would last until the pay offer was raised,"
    article = Article(id="cut", title="Strike", body=body, path="cut.md")
    assert [c.text for c in candidates([article])] == [
        "Dock workers walked out on Monday.",
        "The union said the strike would last until the pay offer was raised …",
    ]


def test_a_newsletters_signposts_are_taken_off_but_a_fact_checks_claim_label_is_kept():
    body = (
        "The port closed on Monday. Why it matters: The harbour handles a third of the country's exports. "
        "The big picture: Strikes have spread along the coast. CLAIM: The strike cost nothing."
    )
    article = Article(id="port", title="Port closes", body=body, path="port.md")
    assert [c.text for c in candidates([article])] == [
        "The port closed on Monday.",
        "The harbour handles a third of the country's exports.",
        "Strikes have spread along the coast.",
        "CLAIM: The strike cost nothing.",
    ]


def test_a_lead_that_starts_with_a_hyphenated_name_keeps_it():
    lead = "U.S.-China talks resumed on Monday in Geneva."
    article = Article(id="talks", title="Talks resume", body=lead, path="talks.md")
    assert candidates([article])[0].text == lead


def test_an_unknown_summary_order_is_a_clear_config_error(tmp_path):
    path = write_article(tmp_path, "config.yaml", "summary:\n  order: sideways\n")
    with pytest.raises(
        BriefingError, match=r"config.yaml: summary.order: 'sideways' is not one of importance, chronological"
    ):
        load_config(path)


def test_summary_config_is_a_frozen_dataclass_with_importance_order_by_default():
    assert dataclasses.asdict(SummaryConfig())["order"] == "importance"


def test_summaries_quote_what_the_reader_sees_not_markdown_syntax(tmp_path):
    body = (
        "The **harbour authority** in [Halden](https://example.org/halden) closed the port on Monday after a storm.\n\n"
        "* Ferries to Strömstad were cancelled for the day.\n"
        "* Fishing boats stayed in the inner basin until the wind dropped."
    )
    write_article(tmp_path, "storm.md", f"---\ntitle: Storm closes Halden harbour\ndate: 2024-01-08\n---\n\n{body}\n")
    article = load_content(tmp_path).articles[0]
    storyline = Storyline("storm", "Storm closes Halden harbour", (article.id,))
    summary = summarise(storyline, {article.id: article}, SummaryConfig())
    texts = [s.text for s in summary.summary]
    assert "The harbour authority in Halden closed the port on Monday after a storm." in texts
    assert not any(mark in text for text in texts for mark in ("**", "](", "* "))


def test_a_one_article_summary_keeps_the_articles_order():
    body = (
        "Talks were held on Monday in the city. "
        "Dock workers at Halden harbour began a port strike over pay that halts all container traffic at the harbour. "
        "The strike is the first at the port since 1998, the union said."
    )
    article = Article(id="strike", title="Port strike halts Halden harbour", body=body, path="strike.md")
    storyline = Storyline("strike", article.title, (article.id,))
    summary = summarise(storyline, {article.id: article}, SummaryConfig()).summary
    assert len(summary) > 1
    assert [s.text for s in summary] == sorted((s.text for s in summary), key=body.index)


def test_a_title_before_a_name_does_not_end_the_sentence():
    article = Article(
        id="illinois",
        title="Illinois legalises cannabis",
        body="Illinois became the 11th state to legalise cannabis after Gov. J.B. Pritzker signed a bill on Tuesday.",
        path="illinois.md",
    )
    assert [c.text for c in candidates([article])] == [
        "Illinois became the 11th state to legalise cannabis after Gov. J.B. Pritzker signed a bill on Tuesday."
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Obama said voting for his former No. 2, Joe Biden, was necessary.",
            ["Obama said voting for his former No. 2, Joe Biden, was necessary."],
        ),
        (
            "The service begins at 11 a.m. local time (12 p.m. ET) — two weeks after his death.",
            ["The service begins at 11 a.m. local time (12 p.m. ET) — two weeks after his death."],
        ),
        (
            '"From the moment S.B. 8 went into effect, women have been harmed," the judge said.',
            ['"From the moment S.B. 8 went into effect, women have been harmed," the judge said.'],
        ),
        (
            "A one-page order by the 5th U.S. Circuit Court of Appeals reinstated the law.",
            ["A one-page order by the 5th U.S. Circuit Court of Appeals reinstated the law."],
        ),
        (
            "More migrants claimed asylum in the U.S. The numbers were the highest since 2000.",
            ["More migrants claimed asylum in the U.S.", "The numbers were the highest since 2000."],
        ),
    ],
)
def test_an_abbreviation_ends_a_sentence_only_before_what_can_start_one(body, expected):
    article = Article(id="a", title="A", body=body, path="a.md")
    assert [c.text for c in candidates([article])] == expected
