"""`python -m cluster --replicas 2 --port 8501` (what `make serve REPLICAS=2 PORT=8501` runs): N replicas behind nginx
until Ctrl+C; with --replicas 1, one plain process. `--print-nginx` prints the config for other hosts."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from cluster.nginx import render_nginx
from cluster.replicas import APP, Cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster", description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (about one core each)")
    parser.add_argument("--port", type=int, default=8501, help="the port a browser opens (nginx, or the replica)")
    parser.add_argument("--app", type=Path, default=APP)
    parser.add_argument("--print-nginx", nargs=3, metavar=("UPSTREAM", "LISTEN", "WORKDIR"),
                        help="print the nginx config for other hosts and stop, e.g. app:8501 80 /tmp "
                             "(how deploy/nginx.compose.conf was made)")
    args = parser.parse_args(argv)
    if args.print_nginx:
        upstream, listen, workdir = args.print_nginx
        print(render_nginx([], listen, Path(workdir)).replace(
            "@UPSTREAM@", f"        server {upstream} max_fails=2 fail_timeout=10s;"), end="")
        return 0
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    cluster = Cluster(args.app, args.replicas, port=args.port, quiet=False)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        cluster.start()
        print(f"\nWhy LSTM? is ready: open {cluster.url}" + (f"  ({args.replicas} replicas behind nginx)"
                                                             if cluster.use_nginx else ""), flush=True)
        while True:
            time.sleep(2)
            for port in cluster.restart_exited():
                print(f"A replica (port {port}) had exited: started again", flush=True)
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:                # nginx missing, the port taken: one line, not a traceback
        print(f"python -m cluster: {error}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
