"""`evolve`, the build's quick `dataclasses.replace`: the same value, nothing stale carried over."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.model import Article, Countries, evolve


def test_evolve_gives_what_replace_gives_and_forgets_what_the_old_fields_worked_out():
    article = Article(id="a", title="Title", body="Some *emphasis* here.", path="content/a.md")
    assert article.text == "Some emphasis here."  # cached on `article`
    tagged = evolve(article, countries=Countries(("FR",), ()))
    assert tagged == replace(article, countries=Countries(("FR",), ()))
    assert hash(tagged) == hash(replace(article, countries=Countries(("FR",), ())))
    assert article.countries == Countries()  # the original is untouched
    rewritten = evolve(article, body="Plain **strong** words.")
    assert rewritten.text == "Plain strong words."  # worked out from the new body, not the old one's


def test_evolve_refuses_a_field_the_class_does_not_have():
    with pytest.raises(TypeError, match="no field"):
        evolve(Article(id="a", title="T", body="B", path="p"), country="FR")
