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


def use_one_blas_thread() -> bool:
    """Ask numpy's bundled OpenBLAS for one thread (unless OPENBLAS_NUM_THREADS is set). The engine multiplies
    small matrices: on a shared 2-core machine OpenBLAS's worker threads spin and make each step ~10x slower.
    Called by the command-line entry points only (it changes the whole process). Returns True if applied."""
    import ctypes
    import glob
    import os

    import numpy

    if os.environ.get("OPENBLAS_NUM_THREADS"):
        return False
    for path in glob.glob(os.path.dirname(numpy.__file__) + ".libs/libscipy_openblas*.so*"):
        library = ctypes.CDLL(path)
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads"):
            setter = getattr(library, name, None)
            if setter is not None:
                setter(ctypes.c_int(1))
                return True
    return False
