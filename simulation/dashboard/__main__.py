"""Start the trainer's dashboard: ``python -m simulation.dashboard [--port N] [--host ADDRESS]``.

Checks that the port is free before anything starts (a stray server on the port would
otherwise answer instead), prints the address, and runs Solara's server on the page in
``simulation/dashboard/app.py``. Browser assets come from the ``solara-assets`` package, so the
page works without internet access.
"""

import argparse
import os
import socket
import sys

DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


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
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port = {args.port} is outside 1..65535")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    if not port_is_free(args.host, args.port):
        sys.exit(
            f"error: port {args.port} on {args.host} is already in use (another dashboard?). "
            f"Stop it, or choose another port: make dashboard PORT={args.port + 1}"
        )
    # No telemetry and no CDN: everything the page loads is served from this machine.
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_ASSETS_PROXY", "True")
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
