"""Inventory: the quantity is the ledger's sum, never below zero, and reorder is told once per crossing."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.database import migrate
from xplorium.db import make_engine, session_scope
from xplorium.models import AuditLog, InventoryItem, Notification, NotificationPreference, StockMovement
from xplorium.models.enums import NotificationKind, Role
from xplorium.services import inventory
from xplorium.services.errors import ValidationFailed


def item_data(**changes) -> dict:
    return {
        "name": "Coffee beans",
        "category": "CAFE",
        "unit": "kg",
        "reorder_point": "5",
        "supplier_name": "Pržionica Zrno",
        "supplier_contact": "+381 11 123 4567",
        "opening_quantity": "12",
        **changes,
    }


def move(ctx, item_id: int, kind: str, amount: int) -> dict:
    return inventory.record_movement(ctx, item_id, {"kind": kind, "amount": str(amount), "note": ""})


def movement_sum(item_id: int) -> int:
    with session_scope() as session:
        return session.exec(
            select(sa.func.coalesce(sa.func.sum(StockMovement.change), 0)).where(
                StockMovement.item_id == item_id
            )
        ).one()


def low_stock_notifications() -> list[Notification]:
    with session_scope() as session:
        return session.exec(select(Notification).where(Notification.kind == NotificationKind.LOW_STOCK)).all()


def test_the_quantity_is_the_sum_of_the_movements(catalog, admin_ctx):
    item = inventory.create_item(admin_ctx, item_data())
    move(admin_ctx, item["id"], "USE", 3)
    move(admin_ctx, item["id"], "RESTOCK", 10)
    counted = move(admin_ctx, item["id"], "CORRECTION", 17)

    assert counted["quantity"] == 17 == movement_sum(item["id"])
    # Written straight into the table, a movement still moves the quantity (the trigger's).
    with session_scope() as session:
        session.add(StockMovement(item_id=item["id"], kind="USE", change=-2))
    with session_scope() as session:
        assert session.get(InventoryItem, item["id"]).quantity == 15 == movement_sum(item["id"])
        kinds = [m.kind for m in session.exec(select(StockMovement).order_by(StockMovement.id))]
    assert kinds == ["RESTOCK", "USE", "RESTOCK", "CORRECTION", "USE"]


def test_going_below_zero_is_refused_by_the_database(catalog, admin_ctx):
    item = inventory.create_item(admin_ctx, item_data(opening_quantity="4"))

    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(StockMovement(item_id=item["id"], kind="USE", change=-5))
    with pytest.raises(ValidationFailed) as refused:
        move(admin_ctx, item["id"], "USE", 5)

    assert "Only 4 kg in stock" in refused.value.fields["amount"]
    with session_scope() as session:
        assert session.get(InventoryItem, item["id"]).quantity == 4
        assert len(session.exec(select(StockMovement)).all()) == 1


def test_the_reorder_notification_fires_once_per_crossing(catalog, admin_ctx):
    item = inventory.create_item(admin_ctx, item_data(opening_quantity="10"))
    move(admin_ctx, item["id"], "USE", 4)  # 6: above the point
    assert low_stock_notifications() == []

    move(admin_ctx, item["id"], "USE", 1)  # 5: at it
    staff = len(low_stock_notifications())
    assert staff >= 1
    move(admin_ctx, item["id"], "USE", 2)  # 3: still below, no second notice
    assert len(low_stock_notifications()) == staff
    first = low_stock_notifications()[0]
    assert first.title == "Reorder Coffee beans" and first.link == "/admin/inventory"
    assert "3 kg" not in first.body and "5 kg left" in first.body

    move(admin_ctx, item["id"], "RESTOCK", 10)  # 13: above again
    move(admin_ctx, item["id"], "USE", 9)  # 4: a new crossing
    assert len(low_stock_notifications()) == 2 * staff


def test_the_notification_respects_the_preferences(catalog, admin_ctx):
    quiet = make_user(Role.ADMIN, email="quiet@xplorium.rs")
    with session_scope() as session:
        session.add(NotificationPreference(user_id=quiet.id, kind=NotificationKind.LOW_STOCK, in_app=False))
    item = inventory.create_item(admin_ctx, item_data(opening_quantity="6"))
    move(admin_ctx, item["id"], "USE", 1)

    told = {n.user_id for n in low_stock_notifications()}
    assert admin_ctx.actor_id in told and quiet.id not in told


def test_items_to_reorder_csv_and_audit(catalog, admin_ctx):
    inventory.create_item(admin_ctx, item_data(opening_quantity="2"))
    inventory.create_item(
        admin_ctx, item_data(name="Balloons", category="PARTY_SUPPLIES", unit="pack", opening_quantity="50")
    )

    text = inventory.reorder_csv(admin_ctx).content.decode("utf-8-sig")

    assert "Coffee beans,CAFE,2,kg,5" in text and "Balloons" not in text
    assert "Balloons" in inventory.inventory_csv(admin_ctx).content.decode("utf-8-sig")
    with session_scope() as session:
        entries = session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).all()
    assert sorted(e.changes["list"] for e in entries) == ["inventory", "reorder"]


def test_bad_input_changes_nothing(catalog, admin_ctx):
    item = inventory.create_item(admin_ctx, item_data())
    with pytest.raises(ValidationFailed) as refused:
        inventory.create_item(admin_ctx, item_data(category="TOYS", unit="", reorder_point="-1"))
    assert set(refused.value.fields) == {"category", "unit", "reorder_point"}
    with pytest.raises(ValidationFailed) as refused:
        inventory.create_item(admin_ctx, item_data())
    assert "already exists" in refused.value.fields["name"]
    for data in (
        {"kind": "STEAL", "amount": "1"},
        {"kind": "USE", "amount": "0"},
        {"kind": "USE", "amount": "x"},
    ):
        with pytest.raises(ValidationFailed):
            inventory.record_movement(admin_ctx, item["id"], data)
    with pytest.raises(ValidationFailed) as refused:
        move(admin_ctx, item["id"], "CORRECTION", 12)
    assert "already the quantity" in refused.value.fields["amount"]
    assert movement_sum(item["id"]) == 12


def test_the_list_filters_by_category_low_stock_and_search(catalog, admin_ctx):
    inventory.create_item(admin_ctx, item_data(opening_quantity="1"))
    inventory.create_item(
        admin_ctx, item_data(name="Floor cleaner", category="CLEANING", unit="l", supplier_name="Čisto")
    )

    names = lambda **f: [r["name"] for r in inventory.list_items(admin_ctx, **f).items]  # noqa: E731
    assert names(category="CLEANING") == ["Floor cleaner"]
    assert names(low_only=True) == ["Coffee beans"]
    assert names(search="čisto") == ["Floor cleaner"]


def test_the_search_takes_percent_and_underscore_literally(catalog, admin_ctx):
    inventory.create_item(admin_ctx, item_data(name="Juice 50% off"))
    inventory.create_item(admin_ctx, item_data(name="Floor cleaner", supplier_name="Čisto"))

    names = lambda text: [r["name"] for r in inventory.list_items(admin_ctx, search=text).items]  # noqa: E731
    assert names("50%") == ["Juice 50% off"]
    assert names("%") == ["Juice 50% off"]
    assert names("_") == []


def test_the_ledger_trigger_and_its_check_hold_on_sqlite_too(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'stock.db'}")
    migrate(engine)
    now = "2026-12-01 10:00:00"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO inventory_items (name, category, quantity, unit, reorder_point, supplier_name, "
                "supplier_contact, notes, reorder_notified, created_at, updated_at) "
                "VALUES ('Juice', 'CAFE', 0, 'l', 2, '', '', '', 0, :now, :now)"
            ),
            {"now": now},
        )
        for kind, change in (("RESTOCK", 10), ("USE", -4), ("CORRECTION", 1)):
            conn.execute(
                sa.text(
                    "INSERT INTO stock_movements (item_id, kind, change, note, created_at) "
                    "VALUES (1, :kind, :change, '', :now)"
                ),
                {"kind": kind, "change": change, "now": now},
            )
        conn.execute(sa.text("UPDATE stock_movements SET change = -5 WHERE kind = 'USE'"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO stock_movements (item_id, kind, change, note, created_at) VALUES (1, 'USE', -7, '', :now)"
            ),
            {"now": now},
        )
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT quantity FROM inventory_items")).scalar_one() == 6
        assert conn.execute(sa.text("SELECT sum(change) FROM stock_movements")).scalar_one() == 6
    engine.dispose()
