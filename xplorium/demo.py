"""`python -m xplorium.demo`: load the demo data (idempotent) and a super admin.

The admin's credentials come from XP_ADMIN_EMAIL / XP_ADMIN_PASSWORD; without a password
one is generated and written to stdout once, when the admin is created.
"""

import sys

from xplorium.config import settings
from xplorium.logging import configure_logging
from xplorium.services.demo_data import load_demo_data
from xplorium.services.errors import ValidationFailed


def main() -> int:
    configure_logging()
    try:
        summary = load_demo_data(
            admin_email=settings.xp_admin_email,
            admin_password=settings.xp_admin_password,
        )
    except ValidationFailed as error:
        sys.stderr.write(f"XP_ADMIN_PASSWORD is not acceptable: {error.fields['XP_ADMIN_PASSWORD']}\n")
        return 2
    if summary.created:
        created = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in summary.created.items())
        sys.stdout.write(f"Demo data loaded: {created}.\n")
    else:
        sys.stdout.write("Demo data already present; nothing to add.\n")
    if summary.admin_password:
        sys.stdout.write(
            "\nSuper admin created. These credentials are shown only this once:\n"
            f"  email:    {summary.admin_email}\n"
            f"  password: {summary.admin_password}\n\n"
        )
    elif "admins" in summary.created:
        sys.stdout.write(f"Super admin created: {summary.admin_email} (password from XP_ADMIN_PASSWORD).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
