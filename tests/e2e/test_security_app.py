"""The production build behind the security middleware: HTML pages carry the security headers,
the event socket refuses a foreign Origin at the handshake, an unknown Host is refused, and a
modified client sending wrongly typed arguments gets field errors and no traceback."""

import httpx
import pytest
import socketio

from tests.support.raw_client import RawClient
from xplorium.state.booking import BookingState

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/book", "/signin", "/admin/security"])
def test_html_pages_carry_the_security_headers(app_server, path):
    response = httpx.get(app_server.url + path, follow_redirects=True)
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "permissions-policy" in response.headers


def test_the_socket_refuses_a_foreign_origin_at_the_handshake(app_server):
    port = app_server.url.rsplit(":", 1)[1]
    for foreign in (f"http://127.0.0.1:{int(port) + 1}", "https://evil.example"):
        with pytest.raises(socketio.exceptions.ConnectionError), RawClient(app_server.url, origin=foreign):
            pass
    # Without an explicit Origin the client library sends the server's own, which is allowed.
    with RawClient(app_server.url) as client:
        assert client.sio.connected


def test_an_unknown_host_is_refused(app_server):
    response = httpx.get(app_server.url + "/admin", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("location", "")


def test_wrongly_typed_arguments_over_the_socket_get_field_errors_and_no_traceback(app_server):
    log_before = app_server.log_path.read_text()
    name = BookingState.get_full_name()
    with RawClient(app_server.url, path="/book") as client:
        for handler, payload in (
            ("submit", {"form_data": "x"}),
            ("submit", {"form_data": ["x"]}),
            ("submit", {"form_data": None}),
            ("submit", {"form_data": 42}),
            ("submit", {"form_data": {"contact_name": 42}}),
            ("step_guests", {"delta": "abc"}),
            ("set_rooms", {"value": None}),
            ("use_alternative", {"day": {}, "start": {}}),
        ):
            client.call(f"{name}.{handler}", payload, path="/book")

        def refused() -> int:
            return client.text().count("That request was not valid")

        # Each handler answers once; under load the answers may come seconds apart.
        client.wait_until(lambda: refused() >= 8, timeout=30, what="eight refusals")
        client.settle()
    assert refused() == 8
    new_log = app_server.log_path.read_text()[len(log_before) :]
    assert "Traceback" not in new_log
