"""What the operating system says about the servers' processes (Linux /proc): memory, CPU time, children."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def proc_usage(pids: list[int]) -> tuple[float, float]:
    """(RSS in MB, CPU seconds) summed over processes; a process that has gone counts nothing."""
    rss_kb, ticks = 0, 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        rss_kb += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        ticks += int(fields[11]) + int(fields[12])         # utime + stime
    return rss_kb / 1024, ticks / TICK


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found
