"""Several app servers on one PostgreSQL, behind nginx: `python -m voice_app servers` (`make servers`).

Each Streamlit server keeps a browser's session (its answers so far, uploads, the pictures it
drew) in its own memory, so a browser must keep reaching the same server: nginx sends each client
address to one server (`ip_hash`), carries the websocket upgrade, and keeps a quiet tablet's
websocket open for a day. Everything shared lives in PostgreSQL: responses, flags, alerts (claimed
atomically, so each is sent once), staff sessions (a cookie any server can check) and the sweep
(each server runs it; its claims make a second run a no-op).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NGINX_CONF = """\
# Written by `python -m voice_app servers`: {count} app servers behind one address.
{user}worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    # The largest upload is a "You said" photo of 8 MB.
    client_max_body_size 10m;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream voice_app {{
        # Sticky: a browser's Streamlit session lives in one server's memory.
        ip_hash;
{upstreams}
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://voice_app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A tablet may sit on one question for a long time: keep its websocket.
            proxy_read_timeout 86400s;
            proxy_send_timeout 86400s;
            proxy_buffering off;
        }}
    }}
}}
"""


class ServersError(RuntimeError):
    """Why the servers cannot start, in words an operator can act on."""


@dataclass
class Servers:
    """Running app servers and the nginx in front of them."""

    url: str
    app_urls: list[str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def nginx_conf(run_dir: Path, host: str, port: int, app_ports: list[int]) -> str:
    upstreams = "\n".join(f"        server 127.0.0.1:{p};" for p in app_ports)
    # Started by root, nginx's workers would run as nobody and could not use a private run folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return NGINX_CONF.format(count=len(app_ports), run=run_dir, host=host, port=port, upstreams=upstreams,
                             user=user)


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database the address names if the server does not have it yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", url.database or ""):
        raise ServersError(f"a database name of letters, digits, - and _ is needed, not {url.database!r}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": url.database}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stdout.read() if proc.stdout else ""
            raise ServersError(f"a server stopped while starting (exit {proc.returncode}): {url}\n{said}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise ServersError(f"no answer from {url} within {timeout:.0f} s")


def start(database_url: str, run_dir: Path, host: str = "127.0.0.1", port: int = 8500,
          app_ports: list[int] | None = None, nginx: str | None = None, log=None) -> Servers:
    """Start a Streamlit server on each of `app_ports` (two: 8501, 8502 unless told), all on one
    PostgreSQL, and nginx in front of them on `port`; return once every one answers. The database
    must already be set up (`python -m voice_app init`)."""
    if not database_url.startswith("postgresql"):
        raise ServersError("several servers need one PostgreSQL database: set VOICE_DATABASE_URL to a "
                           "postgresql+psycopg://… address (SQLite belongs to one server)")
    nginx = nginx or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise ServersError("nginx is not installed (Debian: apt-get install -y nginx)")
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / sub).mkdir(exist_ok=True)
    app_ports = app_ports or [8501, 8502]
    # Behind our own nginx the client's address is one hop back (the sign-in throttle counts by it).
    env = {**os.environ, "VOICE_DATABASE_URL": database_url, "VOICE_PROXY_HOPS": "1",
           "VOICE_PUBLIC_URL": os.environ.get("VOICE_PUBLIC_URL", f"http://{host}:{port}")}
    servers = Servers(url=f"http://{host}:{port}", app_urls=[f"http://127.0.0.1:{p}" for p in app_ports])
    try:
        for app_port in app_ports:
            servers.processes.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
                 "--server.address", "127.0.0.1", "--server.port", str(app_port),
                 "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None))
        for url, proc in zip(servers.app_urls, servers.processes):
            wait_healthy(url, proc)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_conf(run_dir, host, port, app_ports))
        check = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(run_dir)],
                               capture_output=True, text=True)
        if check.returncode:
            raise ServersError(f"nginx refused its configuration: {check.stderr.strip()}")
        proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(run_dir)], stdout=log,
                                 stderr=subprocess.STDOUT if log else None)
        servers.processes.append(proxy)
        wait_healthy(servers.url, proxy)
    except BaseException:
        servers.stop()
        raise
    return servers
