"""A real Ray head on loopback, for the tests that run a command on a Ray cluster.

The head runs in a network namespace of its own (``unshare --net``) with loopback only, so Ray
can reach no other address; it is stopped when the command ends, and the address it leaves in
``/tmp/ray/ray_current_cluster`` is removed (``ray=auto`` and ``hydra/launcher=ray_cluster``
read it). ``ray stop`` stops every Ray process of the machine and the heads share ``/tmp/ray``,
so one head runs at a time: tests in other workers wait for it (a file lock).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.command_harness import REPO

SCRIPT = """
set -e
ip link set lo up
ray start --head --port={port} --num-cpus=2 --include-dashboard=false --disable-usage-stats \\
    > {log} 2>&1
cleanup() {{
  ray stop --force > /dev/null 2>&1
  if grep -qx "127.0.0.1:{port}" /tmp/ray/ray_current_cluster 2>/dev/null; then
    rm -f /tmp/ray/ray_current_cluster  # the address of a head that is gone
  fi
}}
trap cleanup EXIT
{command}
"""

#: Skips a test where a head cannot be isolated on loopback.
needs_a_ray_head = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("ip") is None,
    reason="needs root, unshare and ip to give Ray a network namespace with loopback only",
)


def run_on_ray_head(command: str, port: int, log: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Start a head on ``127.0.0.1:<port>`` (its log in ``log``), run the shell ``command`` in
    ``cwd`` with this interpreter's environment first on the path, and stop the head."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "RAY_AUTH_MODE": "disabled",
    }
    script = SCRIPT.format(port=port, log=log, command=command)
    with open(Path(tempfile.gettempdir()) / "phc-ray-head.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return subprocess.run(
            ["unshare", "--net", "bash", "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
