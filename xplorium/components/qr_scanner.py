"""A camera QR reader for the front desk: @yudiel/react-qr-scanner, wrapped for Reflex.

Rendered only in the browser (no server-side render: it needs the camera API) and only when the
desk asks for it, so a tablet without a camera, or one that refuses the permission, still has
the typed search. A decoded code arrives as a list of detections; `on_scan` gets them as data.
"""

import reflex as rx
from reflex.event import passthrough_event_spec

SCANNER_PACKAGE = "@yudiel/react-qr-scanner@2.6.0"


class QrScanner(rx.NoSSRComponent):
    library = SCANNER_PACKAGE
    tag = "Scanner"

    # Detected codes, each {"rawValue": text, "format": ..., ...}.
    on_scan: rx.EventHandler[passthrough_event_spec(list)]
    # The camera failed or was refused: a message for the desk.
    on_error: rx.EventHandler[passthrough_event_spec(dict)]
    paused: rx.Var[bool]
    formats: rx.Var[list[str]]
    scan_delay: rx.Var[int]
    sound: rx.Var[bool]


qr_scanner = QrScanner.create
