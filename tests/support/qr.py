"""Reading QR codes back from the PNGs the app draws (zxing-cpp, as a phone's reader would)."""

import io

import zxingcpp
from PIL import Image


def decode_png(png: bytes) -> str:
    """The text of the one QR code in `png`."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1, f"expected one QR code, found {len(found)}"
    return found[0].text
