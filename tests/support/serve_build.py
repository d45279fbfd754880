"""Serve the production build already in .web without compiling it again.

Used for a second test server (e.g. one with a short Redis state expiry): compiling twice
in one test session would cost minutes, and both servers run the same code. The build's
frontend connects its websocket to the port it was built for, so the second server listens
on that same port on another loopback address (127.0.0.2); the browser then opens
http://127.0.0.2:<port> and Reflex points the websocket at the page's own host.

    python -m tests.support.serve_build HOST PORT
"""

import sys

from reflex_base import constants
from reflex_base.environment import environment


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    from reflex.utils import exec as reflex_exec

    reflex_exec.run_backend_prod(host, port, constants.LogLevel.INFO, mount_frontend_compiled_app=True)


if __name__ == "__main__":
    main()
