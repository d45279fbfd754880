"""/admin/backup: download a JSON backup of the whole venue (super admins only)."""

import reflex as rx

from xplorium.components.admin_layout import admin_page, titled_card
from xplorium.components.links import download_button
from xplorium.components.text import muted
from xplorium.constants import BACKUP_FORMAT_VERSION
from xplorium.i18n import _
from xplorium.state.backoffice.backup import BackupAdminState as S

DOWNLOAD_ROUTE = "/api/admin/backup.json"


def command(text: str) -> rx.Component:
    return rx.code(text, size="2", variant="soft", white_space="pre-wrap", word_break="break-all")


def admin_backup() -> rx.Component:
    return admin_page(
        _("Backup and restore"),
        titled_card(
            _("Download a backup"),
            rx.text(
                _(
                    "One JSON file with every table of the venue: customers, bookings, events, prices, "
                    "content, loyalty, campaigns and the audit log. It holds personal data: keep it safe."
                ),
                size="2",
            ),
            muted(
                _("Format version {version}").format(version=BACKUP_FORMAT_VERSION),
                " · ",
                S.tables.to_string(),
                _(" tables"),
            ),
            download_button(
                rx.icon("download", size=16), _("Download backup"), href=DOWNLOAD_ROUTE, id="backup-download"
            ),
        ),
        titled_card(
            _("From the command line"),
            rx.text(
                _("The same backup, for cron or a systemd timer (with the app's settings and .env):"),
                size="2",
            ),
            command("python -m xplorium.backup dump --output /var/backups/xplorium.json"),
            rx.text(_("Restore into a new database (migrated first with alembic upgrade head):"), size="2"),
            command("python -m xplorium.backup restore /var/backups/xplorium.json"),
            muted(
                _(
                    "A restore refuses a database that already holds data; add --replace to delete "
                    "that data first. The rooms' ledger is rebuilt from the holds."
                )
            ),
        ),
        active="/admin/backup",
    )
