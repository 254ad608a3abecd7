"""Cache keys identify values: equal values get one key, however their objects were made or shared, and
values that differ (even only in type, or in where one item ends and the next begins) get different keys."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.cache import Uncacheable, fingerprint
from generator.model import Article, Countries


def test_different_values_never_share_a_key():
    values = [
        None, 0, 1, 12, -3, True, False, 1.0, "", "1", "12", "i1;", "~", b"1",
        dt.date(2020, 1, 1), dt.date(2020, 1, 2), dt.datetime(2020, 1, 1),
        (1, 2), (12,), ("12",), ("1", "2"), [1, 2], {"1": 2}, {1: "2"}, (None,), ((),), [[]],
        Countries(("FR",)), Countries((), ("FR",)),
    ]
    keys = [fingerprint(value) for value in values]
    assert len(set(keys)) == len(keys)
    assert fingerprint(1, 2) != fingerprint(12) != fingerprint("1", "2")


def test_equal_values_share_a_key_however_they_were_made():
    def article(title: str) -> Article:
        return Article(id="a", title=title, body="Body.", path="p", date=dt.date(2021, 5, 4), countries=Countries(("FR",)))

    first, second = article("Talks resume"), article(b"Talks resume".decode())  # equal, not the same object
    assert first.title is not second.title
    assert fingerprint([first, None, 3]) == fingerprint([second, None, 3])


def test_a_value_without_a_value_repr_cannot_be_keyed():
    with pytest.raises(Uncacheable):
        fingerprint(object())
