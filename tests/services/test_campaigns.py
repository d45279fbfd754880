"""Campaigns: the segment's opted-in customers get the message once, with a working
one-click unsubscribe; sending survives a restart without sending anyone twice."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import make_user
from tests.support.customers import ctx_of, make_customer
from tests.support.job_queue import queued_jobs
from tests.support.smtp import first_link
from xplorium.api import api
from xplorium.db import session_scope
from xplorium.jobs import worker
from xplorium.models import AuditLog, Booking, Campaign, CampaignRecipient, User
from xplorium.models.enums import BookingStatus, BookingType, CampaignStatus, RecipientStatus, Role
from xplorium.services import campaigns, mail
from xplorium.services.errors import Conflict, ValidationFailed
from xplorium.services.result import run

CONTENT = {"name": "Spring news", "subject": "New sensory sessions", "body": "Come and play this spring."}


@pytest.fixture
def admin(sink):
    return make_user(Role.ADMIN, email="desk@xplorium.rs")


@pytest.fixture
def people(clean):
    """Opted in with the tag, opted in without it, the tag without consent, deleted, staff."""
    return {
        "yes_tagged": make_customer("ana@example.com", marketing_opt_in=True, tags=["spring"]),
        "yes_other": make_customer("bojan@example.com", marketing_opt_in=True, tags=["other"]),
        "no_tagged": make_customer("ceca@example.com", marketing_opt_in=False, tags=["spring"]),
        "gone_tagged": make_customer(
            "deleted-9@deleted.invalid",
            marketing_opt_in=True,
            tags=["spring"],
            deleted_at=datetime(2026, 1, 1, tzinfo=UTC),
        ),
    }


def campaign_for(admin, **segment) -> dict:
    return campaigns.create_campaign(ctx_of(admin), {**CONTENT, **segment})


def run_campaign_jobs() -> None:
    """Work the queue until the campaign jobs due now are done (the start job queues the
    first batch while the worker runs, and a drain stops at what was due when it began)."""
    while any(
        j["status"] == "todo"
        for task in (campaigns.START_TASK, campaigns.BATCH_TASK)
        for j in queued_jobs(task)
    ):
        worker.drain()


def recipients(campaign_id: int) -> list[CampaignRecipient]:
    with session_scope() as session:
        return list(
            session.exec(select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign_id))
        )


def test_only_opted_in_customers_of_the_segment_receive_it(admin, people, sink):
    campaign = campaign_for(admin, tags="spring")
    assert campaigns.preview_count(ctx_of(admin), {"tags": "spring"}) == 1
    assert campaigns.preview_count(ctx_of(admin), {}) == 2

    campaigns.schedule(ctx_of(admin), campaign["id"])
    run_campaign_jobs()
    received = sink.messages()

    assert [m.to for m in received] == [("ana@example.com",)]
    message = received[0]
    assert message.subject == "New sensory sessions"
    assert "Come and play this spring." in message.body
    assert message.header("List-Unsubscribe") == f"<{first_link(message)}>"
    assert message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    row = campaigns.list_campaigns(ctx_of(admin)).items[0]
    assert (row["status"], row["sent"], row["failed"], row["unsubscribed"]) == ("SENT", "1", "0", "0")


def test_segment_by_tier_last_visit_and_party_birthday_month(admin, clean, sink):
    gold = make_customer("gold@example.com", marketing_opt_in=True, loyalty_points=3000)
    party = make_customer("party@example.com", marketing_opt_in=True)
    make_customer("plain@example.com", marketing_opt_in=True)
    with session_scope() as session:
        tier = session.get(User, gold.id).loyalty_tier
        day = date(2026, 3, 14)
        session.add(
            Booking(
                reference="PARTYMARCH",
                type=BookingType.PARTY,
                status=BookingStatus.COMPLETED,
                date=day,
                start_time=datetime(2026, 3, 14, 10).time(),
                duration_minutes=120,
                starts_at=datetime(2026, 3, 14, 10),
                ends_at=datetime(2026, 3, 14, 12),
                blocked_until=datetime(2026, 3, 14, 12),
                guest_count=10,
                contact_name="Party Parent",
                email="party@example.com",
                phone="+381641234567",
                price_quote=Decimal("9000"),
                user_id=party.id,
            )
        )
    ctx = ctx_of(admin)
    assert campaigns.preview_count(ctx, {"tier": tier}) == 1
    assert campaigns.preview_count(ctx, {"birthday_month": "3"}) == 1
    assert campaigns.preview_count(ctx, {"last_visit_after": "2026-03-01"}) == 1
    assert campaigns.preview_count(ctx, {"last_visit_before": "2026-03-01"}) == 0
    with pytest.raises(ValidationFailed) as refused:
        campaigns.preview_count(ctx, {"birthday_month": "13", "tier": "GOLDEN"})
    assert set(refused.value.fields) == {"birthday_month", "tier"}


def test_the_unsubscribe_link_works_once_and_removes_consent(admin, people, sink):
    campaign = campaign_for(admin, tags="spring")
    campaigns.schedule(ctx_of(admin), campaign["id"])
    run_campaign_jobs()
    link = first_link(sink.messages()[0])
    parts = urlsplit(link)
    client = TestClient(api)

    first = client.get(f"{parts.path}?{parts.query}")
    second = client.get(f"{parts.path}?{parts.query}")
    forged = client.get(f"{parts.path}?{parts.query[:-3]}abc")

    assert first.status_code == 200 and "You are unsubscribed" in first.text
    assert second.status_code == 200 and "Already unsubscribed" in second.text
    assert forged.status_code == 400
    assert "ana@example.com" not in first.text
    with session_scope() as session:
        assert session.get(User, people["yes_tagged"].id).marketing_opt_in is False
        assert session.get(User, people["yes_other"].id).marketing_opt_in is True
        entries = session.exec(select(AuditLog).where(AuditLog.entity == "customer")).all()
    assert [e.changes["via"] for e in entries] == ["unsubscribe_link"]
    assert campaigns.list_campaigns(ctx_of(admin)).items[0]["unsubscribed"] == "1"
    # Unsubscribed, they are no longer in any segment.
    assert campaigns.preview_count(ctx_of(admin), {"tags": "spring"}) == 0


def test_one_click_post_unsubscribes_as_mail_apps_do(admin, people, sink):
    campaigns.schedule(ctx_of(admin), campaign_for(admin, tags="spring")["id"])
    run_campaign_jobs()
    parts = urlsplit(first_link(sink.messages()[0]))

    answer = TestClient(api).post(f"{parts.path}?{parts.query}", data={"List-Unsubscribe": "One-Click"})

    assert answer.status_code == 200
    with session_scope() as session:
        assert session.get(User, people["yes_tagged"].id).marketing_opt_in is False


def test_a_restart_mid_send_sends_nobody_twice(admin, clean, sink):
    for n in range(5):
        make_customer(f"parent{n}@example.com", marketing_opt_in=True)
    campaign = campaign_for(admin)
    campaigns.schedule(ctx_of(admin), campaign["id"])
    campaigns.start(campaign["id"])  # the start job; its first batch job now waits in the queue
    rows = recipients(campaign["id"])
    emails = {r.id: f"parent{n}@example.com" for n, r in enumerate(rows)}
    # A worker ran the batch and was killed: the mail server had accepted the first two
    # messages; the first was marked sent, the second not (the kill came in between).
    for row in rows[:2]:
        mail.deliver(row.mail_key, emails[row.id], CONTENT["subject"], CONTENT["body"])
    with session_scope() as session:
        marked = session.get(CampaignRecipient, rows[0].id)
        marked.status = RecipientStatus.SENT
        session.add(marked)

    # The restarted worker runs the queued batch job; a duplicate of the job runs too.
    run_campaign_jobs()
    campaigns.send_batch(campaign["id"])

    got = sorted(address for m in sink.messages() for address in m.to)
    assert got == sorted(emails.values())  # everyone exactly once
    assert {r.status for r in recipients(campaign["id"])} == {RecipientStatus.SENT}
    with session_scope() as session:
        assert session.get(Campaign, campaign["id"]).status == CampaignStatus.SENT


def test_start_twice_writes_each_recipient_once(admin, people, sink):
    campaign = campaign_for(admin)
    campaigns.schedule(ctx_of(admin), campaign["id"])
    campaigns.start(campaign["id"])
    campaigns.start(campaign["id"])  # a retried start job: the campaign is no longer SCHEDULED

    assert len(recipients(campaign["id"])) == 2
    assert [j["args"]["campaign_id"] for j in queued_jobs(campaigns.BATCH_TASK)] == [campaign["id"]]


def test_test_send_goes_to_the_admin_only(admin, people, sink):
    campaign = campaign_for(admin, tags="spring")

    assert campaigns.send_test(ctx_of(admin), campaign["id"]) == "desk@xplorium.rs"

    received = sink.messages()
    assert [m.to for m in received] == [("desk@xplorium.rs",)]
    assert received[0].subject == "[Test] New sensory sessions"
    assert recipients(campaign["id"]) == []


def test_statuses_follow_the_transition_table(admin, people, sink):
    campaign = campaign_for(admin)
    ctx = ctx_of(admin)
    campaigns.cancel(ctx, campaign["id"])

    with pytest.raises(Conflict):
        campaigns.schedule(ctx, campaign["id"])
    with pytest.raises(Conflict):
        campaigns.update_campaign(ctx, campaign["id"], CONTENT)
    assert sink.messages() == []
    for status, allowed in campaigns.TRANSITIONS.items():
        assert status not in allowed


def test_bad_input_is_refused_beside_its_field_and_a_parent_is_refused(admin, people):
    result = run(
        campaigns.create_campaign,
        ctx_of(admin),
        {"name": "", "subject": "x", "body": "", "last_visit_before": "soon"},
    )
    assert not result.ok
    assert set(result.fields) == {"name", "body", "last_visit_before"}
    parent = make_user(Role.USER)
    assert run(campaigns.preview_count, ctx_of(parent), {}).code == "forbidden"
    assert run(campaigns.schedule, ctx_of(admin), "not-a-number").code == "not_found"
    with session_scope() as session:
        assert session.exec(select(Campaign)).all() == []


def test_a_scheduled_campaign_waits_for_its_time(admin, people, sink):
    campaign = campaign_for(admin)
    later = (datetime.now(UTC) + timedelta(days=2)).astimezone(campaigns.VENUE_TZ).strftime("%Y-%m-%dT%H:%M")

    row = campaigns.schedule(ctx_of(admin), campaign["id"], later)

    assert row["status"] == "SCHEDULED"
    assert sink.messages() == []
    assert recipients(campaign["id"]) == []


def test_the_list_is_searched_and_filtered_by_status(admin, people):
    ctx = ctx_of(admin)
    first = campaign_for(admin)
    campaigns.create_campaign(ctx, {**CONTENT, "name": "Autumn party", "subject": "Halloween"})
    campaigns.cancel(ctx, first["id"])

    assert [r["name"] for r in campaigns.list_campaigns(ctx, search="hallo").items] == ["Autumn party"]
    assert [r["name"] for r in campaigns.list_campaigns(ctx, status="CANCELLED").items] == ["Spring news"]
    assert len(campaigns.list_campaigns(ctx).items) == 2
    assert run(campaigns.list_campaigns, ctx, status="LOST").fields == {"status": "Unknown status."}
