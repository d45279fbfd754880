"""The maintenance log: the status table, and a job that closes its room for its window."""

from datetime import time, timedelta

import pytest
from sqlmodel import select

from tests.services.bookings.conftest import DAY, book
from xplorium.db import session_scope
from xplorium.models import AuditLog, MaintenanceJob, RoomClosure
from xplorium.models.enums import MaintenanceStatus
from xplorium.services import maintenance, rooms
from xplorium.services.bookings import availability
from xplorium.services.clock import local_now
from xplorium.services.errors import Conflict, ValidationFailed

S = MaintenanceStatus


def job_data(**changes) -> dict:
    return {
        "equipment": "Ball pit net",
        "location": str(rooms.room_by_slug("playroom")["id"]),
        "description": "Replace the torn net over the ball pit.",
        "kind": "REPAIR",
        "priority": "HIGH",
        "scheduled_on": DAY.isoformat(),
        "starts_time": "10:00",
        "ends_time": "12:00",
        "closes_room": "on",
        "cost_rsd": "4500",
        "performed_by": "Servis Mreža d.o.o.",
        **changes,
    }


def test_a_scheduled_job_closes_its_room_for_its_window(catalog, admin_ctx):
    maintenance.create_job(admin_ctx, job_data())

    with pytest.raises(Conflict) as refused:
        book(catalog, "Play session", "11:00", 2)
    assert "Playroom closed" in refused.value.message
    assert "10:00–12:00" in refused.value.message
    assert "Maintenance: Ball pit net" in refused.value.message
    # Outside the window the room is bookable, and the day's times say why some are not.
    book(catalog, "Play session", "12:00", 2, number=1)
    answer = availability.availability(
        "PLAYGROUND", catalog.package_id("Play session"), DAY.isoformat(), 120, 2
    )
    assert "10:00" not in answer["free_starts"] and "12:00" in answer["free_starts"]
    assert "Playroom closed" in answer["message"]


def test_completing_or_cancelling_the_job_gives_the_room_back(catalog, admin_ctx):
    job = maintenance.create_job(admin_ctx, job_data())
    maintenance.change_status(admin_ctx, job["id"], "IN_PROGRESS")
    with pytest.raises(Conflict):
        book(catalog, "Play session", "10:00", 2)

    done = maintenance.change_status(admin_ctx, job["id"], "COMPLETED")

    assert done["completed_on"]
    book(catalog, "Play session", "10:00", 2, number=1)
    with session_scope() as session:
        assert session.exec(select(RoomClosure)).all() == []


def test_bookings_in_the_window_are_shown_before_saving_and_the_admin_decides(catalog, admin_ctx):
    held = book(catalog, "Play session", "10:00", 3)

    in_the_way = maintenance.in_the_way(admin_ctx, job_data())
    assert len(in_the_way) == 1 and held["reference"] in in_the_way[0]
    with pytest.raises(Conflict) as refused:
        maintenance.create_job(admin_ctx, job_data())
    assert held["reference"] in refused.value.message
    with session_scope() as session:
        assert session.exec(select(MaintenanceJob)).all() == []

    # The admin keeps the room open: the job is logged, the booking stands.
    kept_open = maintenance.create_job(admin_ctx, job_data(closes_room=""))
    assert kept_open["closes_room"] is False
    book(catalog, "Play session", "10:00", 2, number=1)


def test_moving_the_window_moves_the_closure(catalog, admin_ctx):
    job = maintenance.create_job(admin_ctx, job_data())
    maintenance.update_job(admin_ctx, job["id"], job_data(starts_time="16:00", ends_time="18:00"))

    book(catalog, "Play session", "10:00", 2)
    with pytest.raises(Conflict):
        book(catalog, "Play session", "17:00", 2, number=1)
    with session_scope() as session:
        closures = session.exec(select(RoomClosure)).all()
    assert [(c.starts_time, c.ends_time) for c in closures] == [(time(16), time(18))]


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ((), S.SCHEDULED),
        ((S.IN_PROGRESS,), S.SCHEDULED),
        ((S.COMPLETED,), S.IN_PROGRESS),
        ((S.COMPLETED,), S.CANCELLED),
        ((S.CANCELLED,), S.SCHEDULED),
        ((S.CANCELLED,), S.COMPLETED),
    ],
)
def test_the_status_table_refuses_other_transitions(catalog, admin_ctx, path, wanted):
    job = maintenance.create_job(admin_ctx, job_data(closes_room=""))
    for status in path:
        maintenance.change_status(admin_ctx, job["id"], status.value)

    with pytest.raises(ValidationFailed) as refused:
        maintenance.change_status(admin_ctx, job["id"], wanted.value)

    assert "cannot become" in refused.value.fields["status"]
    assert maintenance.get_job(admin_ctx, job["id"])["status"] == (path[-1] if path else S.SCHEDULED).value


def test_every_allowed_transition_is_in_the_one_table():
    assert maintenance.next_statuses(S.SCHEDULED) == ["CANCELLED", "COMPLETED", "IN_PROGRESS"]
    assert maintenance.next_statuses(S.IN_PROGRESS) == ["CANCELLED", "COMPLETED"]
    assert maintenance.OPEN_STATUSES == (S.SCHEDULED, S.IN_PROGRESS)


def test_bad_input_is_said_beside_the_fields_and_writes_nothing(catalog, admin_ctx):
    with pytest.raises(ValidationFailed) as refused:
        maintenance.create_job(
            admin_ctx,
            job_data(equipment="", location="nowhere", kind="PAINTING", ends_time="09:00", cost_rsd="-5"),
        )
    assert set(refused.value.fields) >= {"equipment", "location", "kind", "ends_time", "cost_rsd"}
    with pytest.raises(ValidationFailed) as refused:
        maintenance.create_job(admin_ctx, job_data(location="EXTERIOR"))
    assert "closes_room" in refused.value.fields
    with session_scope() as session:
        assert session.exec(select(MaintenanceJob)).all() == []


def test_every_change_is_audited_and_the_list_filters_and_searches(catalog, admin_ctx):
    job = maintenance.create_job(admin_ctx, job_data())
    maintenance.create_job(
        admin_ctx, job_data(equipment="Front door", location="EXTERIOR", closes_room="", kind="INSPECTION")
    )
    maintenance.change_status(admin_ctx, job["id"], "CANCELLED")

    with session_scope() as session:
        actions = [(a.entity, a.action) for a in session.exec(select(AuditLog).order_by(AuditLog.id))]
    assert actions.count(("maintenance_job", "CREATE")) == 2
    assert ("maintenance_job", "UPDATE") in actions
    assert ("room_closure", "CREATE") in actions and ("room_closure", "DELETE") in actions

    assert [r["equipment"] for r in maintenance.list_jobs(admin_ctx, kind="INSPECTION").items] == [
        "Front door"
    ]
    assert [r["equipment"] for r in maintenance.list_jobs(admin_ctx, status="CANCELLED").items] == [
        "Ball pit net"
    ]
    assert [r["location_label"] for r in maintenance.list_jobs(admin_ctx, search="door").items] == [
        "Exterior"
    ]


def test_the_search_takes_percent_and_underscore_literally(catalog, admin_ctx):
    maintenance.create_job(admin_ctx, job_data(equipment="Slide_2", closes_room=""))
    maintenance.create_job(admin_ctx, job_data(equipment="Slide 3", description="Wax 100%", closes_room=""))

    found = lambda text: [r["equipment"] for r in maintenance.list_jobs(admin_ctx, search=text).items]  # noqa: E731
    assert found("e_2") == ["Slide_2"]
    assert found("100%") == ["Slide 3"]
    assert found("%") == ["Slide 3"]


def test_the_admin_home_shows_overdue_and_upcoming_jobs(catalog, admin_ctx):
    past = DAY.replace(year=DAY.year - 1)
    maintenance.create_job(
        admin_ctx,
        job_data(equipment="Old boiler", location="GENERAL", closes_room="", scheduled_on=past.isoformat()),
    )
    maintenance.create_job(
        admin_ctx,
        job_data(
            equipment="Far away", closes_room="", scheduled_on=DAY.replace(year=DAY.year + 1).isoformat()
        ),
    )
    soon = maintenance.create_job(
        admin_ctx,
        job_data(
            equipment="Coffee machine",
            location="GENERAL",
            closes_room="",
            scheduled_on=(local_now().date() + timedelta(days=1)).isoformat(),
        ),
    )

    summary = maintenance.home_summary(admin_ctx)

    assert [r["equipment"] for r in summary["overdue"]] == ["Old boiler"]
    assert soon["equipment"] in [r["equipment"] for r in summary["upcoming"]]
    assert "Far away" not in [r["equipment"] for r in summary["upcoming"]]


def test_the_csv_has_every_job_and_is_audited(catalog, admin_ctx):
    maintenance.create_job(admin_ctx, job_data())
    file = maintenance.maintenance_csv(admin_ctx, {})
    text = file.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,equipment,location")
    assert "Ball pit net,Playroom,yes,REPAIR,SCHEDULED,HIGH" in text
    with session_scope() as session:
        assert (
            session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).one().entity
            == "maintenance_job"
        )
