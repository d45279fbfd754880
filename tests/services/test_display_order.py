"""Rows put in order by hand move one place, and the order is renumbered without gaps or ties."""

from dataclasses import dataclass

import pytest

from xplorium.services import display_order
from xplorium.services.context import SYSTEM
from xplorium.services.errors import ValidationFailed


@dataclass
class Row:
    id: int
    display_order: int


class Session:
    def add(self, row: Row) -> None:
        pass


@pytest.fixture
def audited(monkeypatch) -> list[tuple]:
    entries: list[tuple] = []
    monkeypatch.setattr(display_order.audit, "record", lambda *entry: entries.append(entry[2:]))
    return entries


def test_a_row_moves_one_place_and_the_order_is_renumbered(audited):
    rows = [Row(7, 1), Row(8, 1), Row(9, 5)]
    display_order.move(Session(), SYSTEM, rows, 2, "up", "event")
    assert [(r.id, r.display_order) for r in rows] == [(7, 1), (9, 2), (8, 3)]
    assert audited == [("UPDATE", "event", 9, {"display_order": {"from": 3, "to": 2}})]


def test_at_either_end_nothing_changes(audited):
    rows = [Row(7, 4), Row(8, 9)]
    display_order.move(Session(), SYSTEM, rows, 0, "up", "event")
    display_order.move(Session(), SYSTEM, rows, 1, "down", "event")
    assert [(r.id, r.display_order) for r in rows] == [(7, 4), (8, 9)]
    assert audited == []


def test_only_up_and_down_are_directions():
    display_order.check_direction("down")
    with pytest.raises(ValidationFailed):
        display_order.check_direction("sideways")
