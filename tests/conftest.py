"""Session-wide test set-up."""

from lstm_engine.command_line import use_one_blas_thread

# The engine multiplies small matrices; OpenBLAS's worker threads only spin on a shared 2-core machine and make
# every step several times slower (the dashboard's entry file and the command-line tools do the same).
use_one_blas_thread()
