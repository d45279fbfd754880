"""Back-office pages."""
