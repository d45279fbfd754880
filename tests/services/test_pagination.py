import sqlalchemy as sa

from xplorium.constants import PAGE_SIZE_MAX
from xplorium.db import session_scope
from xplorium.models import User
from xplorium.services.pagination import clamp, paginate


def test_pages_report_total_count_and_whether_more_follow(clean):
    with session_scope() as session:
        session.add_all(User(email=f"u{i:02d}@example.com") for i in range(23))
    statement = sa.select(User).order_by(User.email)
    with session_scope() as session:
        first = paginate(session, statement, 1, 10, mapper=lambda u: u.email)
        last = paginate(session, statement, 3, 10, mapper=lambda u: u.email)
        beyond = paginate(session, statement, 99, 10, mapper=lambda u: u.email)
    assert (first.total, first.page_count, first.has_more) == (23, 3, True)
    assert first.items[0] == "u00@example.com" and len(first.items) == 10
    assert (last.items, last.has_more) == (["u20@example.com", "u21@example.com", "u22@example.com"], False)
    assert beyond.page == 3 and beyond.items == last.items


def test_empty_list_is_one_empty_page(clean):
    with session_scope() as session:
        page = paginate(session, sa.select(User), 1, 10)
    assert (page.items, page.total, page.page, page.page_count, page.has_more) == ([], 0, 1, 1, False)


def test_bad_page_numbers_from_a_client_are_clamped():
    assert clamp("abc", None) == (1, 20)
    assert clamp(-4, 0) == (1, 1)
    assert clamp(2, 10_000) == (2, PAGE_SIZE_MAX)
