"""What the command-line entry points share: bad input ends with one readable line and a non-zero exit, never a
traceback (argparse's usage block is left out; `--help` still shows it)."""
from __future__ import annotations

import argparse
import sys


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def run_cli(main, argv=None) -> int:
    """Run `main(argv)`; expected failures (bad values, missing files) become a one-line message and exit 1."""
    try:
        return main(argv)
    except (ValueError, FileNotFoundError, FloatingPointError, OSError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        sys.stderr.write(f"error: {message}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
