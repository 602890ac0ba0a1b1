"""nginx in front of the replicas: its config rendered from deploy/nginx.conf.template, and Streamlit's static files
served from disk with a gzipped twin of each text file (`gzip_static`), so a class's first visits cost the replicas
and nginx almost nothing (docs/serving.md)."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".html", ".txt", ".map")
# What Streamlit's own server sends as Content-Type; a browser refuses a module script sent as anything but JavaScript.
MEDIA_TYPES = {"js": "application/javascript", "css": "text/css", "json": "application/json", "svg": "image/svg+xml",
               "html": "text/html", "txt": "text/plain", "map": "application/json", "woff2": "font/woff2",
               "woff": "font/woff", "ttf": "font/ttf", "png": "image/png", "gif": "image/gif", "jpg": "image/jpeg",
               "ico": "image/x-icon"}


def streamlit_static() -> Path | None:
    """The installed Streamlit's static folder (index.html and its `static/` subfolder), or None."""
    from dashboard.serving.streamlit_internals import STATIC
    return STATIC if (STATIC / "index.html").is_file() and (STATIC / "static").is_dir() else None


def prepared_static(source: Path | None = None, under: Path | None = None) -> Path | None:
    """A folder whose `static/` is a copy of Streamlit's, with a `.gz` beside every text file (gzip -9): what nginx's
    `root` points at. Made once per Streamlit build (its index.html names the build's files) in the temporary
    folder, readable by nginx's workers; None without an installed Streamlit."""
    source = source or streamlit_static()
    if source is None:
        return None
    build = hashlib.sha256((source / "index.html").read_bytes()).hexdigest()[:12]
    under = under or Path(tempfile.gettempdir())
    target = under / f"why-lstm-streamlit-static-{build}"
    if (target / "static").is_dir() and target.stat().st_uid == os.getuid():
        return target
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=under))
    shutil.copytree(source / "static", staging / "static")
    for path in (staging / "static").rglob("*"):
        if path.suffix in COMPRESSIBLE and path.is_file():
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
    staging.chmod(0o755)
    try:
        staging.rename(target)
    except OSError:                    # made meanwhile by another server start (or left by another user): use ours
        return staging
    return target


def static_location(root: Path | None) -> str:
    if root is None:
        return "        # /static/ goes to the replicas like everything else: Streamlit's files are not on this host."
    types = " ".join(f"{kind} {extension};" for extension, kind in MEDIA_TYPES.items())
    return (f"        location /static/ {{\n            root {root};\n            types {{ {types} }}\n"
            f"            gzip_static on;\n"
            f'            add_header Cache-Control "public, immutable, max-age=31536000";\n        }}')


def render_nginx(ports: list[int], listen: str, workdir: Path, static_root: Path | None = None) -> str:
    servers = ("\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" for port in ports)
               or "@UPSTREAM@")
    text = TEMPLATE.read_text()
    for name, value in (("UPSTREAM_SERVERS", servers), ("LISTEN", listen), ("WORKDIR", str(workdir)),
                        ("STATIC_LOCATION", static_location(static_root))):
        text = text.replace(f"@{name}@", value)
    return text


def nginx_command(conf: Path, workdir: Path, *extra: str) -> list[str]:
    return [shutil.which("nginx") or "nginx", "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log"),
            *extra]
