"""Start the trainer's dashboard: ``python -m simulation.dashboard [--port N] [--host ADDRESS]``.

Checks that it can listen on the host and port before anything starts (a stray server on the
port would otherwise answer instead; a bad host or a busy port gives one line and exit status
2), prints the address, and runs Solara's server on the page in
``simulation/dashboard/app.py``. Browser assets come from the ``solara-assets`` package, so the
page works without internet access.
"""

import argparse
import errno
import os
import socket
import sys
import warnings

DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"


def address_problem(host: str, port: int) -> str | None:
    """Why the dashboard cannot listen on ``host:port`` (one line), or None if it can: a host
    that is no address at all, an address of another machine, a port in use, a port that needs
    privileges. Tried by binding a socket, as the server will."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError):
        return (
            f"--host = {host!r} is not an address; allowed: an address of this machine, "
            f"e.g. {DEFAULT_HOST} (this machine only) or 0.0.0.0 (every network)"
        )
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is already in use (another dashboard?). "
                    f"Stop it, or choose another port: make dashboard PORT={port + 1}"
                )
            if error.errno == errno.EADDRNOTAVAIL:
                return (
                    f"--host = {host!r} is not an address of this machine; allowed: one of its "
                    f"addresses, e.g. {DEFAULT_HOST} (this machine only) or 0.0.0.0 (every network)"
                )
            if error.errno == errno.EACCES:
                return f"--port = {port} needs administrator rights; allowed: 1024 to 65535"
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def quiet_cookie_warning() -> None:
    """Silence Solara's warning, on every page load over plain http from an address other than
    ``localhost``, that the session cookie falls back to samesite=lax (11 lines each time; the
    fallback is right for a training room's local network). Other warnings are kept."""
    warnings.filterwarnings(
        "ignore", message="Cookies with samesite=none require https", category=UserWarning
    )


def refuse(message: str) -> None:
    """Stop before anything starts: one line and exit status 2 (README "Exit status")."""
    print(f"Configuration error: {message}", file=sys.stderr)
    sys.exit(2)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m simulation.dashboard", description="The trainer's dashboard."
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT") or DEFAULT_PORT),
        help=f"port to serve on (default {DEFAULT_PORT}, or $PORT)",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; "
        "0.0.0.0 lets other machines in the room connect)",
    )
    parser.error = refuse  # one line, not argparse's usage and message
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        refuse(f"--port = {args.port} is not allowed; allowed: 1 to 65535")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    problem = address_problem(args.host, args.port)
    if problem:
        refuse(problem)
    quiet_cookie_warning()
    # No telemetry and no CDN: everything the page loads is served from this machine.
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_ASSETS_PROXY", "True")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")  # it covers the plots' corner
    from solara.__main__ import main as solara_main

    print(f"Dashboard: http://{args.host}:{args.port}  (Ctrl+C to stop)", flush=True)
    sys.argv = [
        "solara",
        "run",
        "simulation.dashboard.app",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--production",
        "--no-open",
        "--log-level",
        "warning",
    ]
    solara_main()


if __name__ == "__main__":
    main()
