"""Session-wide test set-up."""

import os
import tempfile

from lstm_engine.command_line import use_one_blas_thread

# The engine multiplies small matrices; OpenBLAS's worker threads only spin on a shared 2-core machine and make
# every step several times slower (the dashboard's entry file and the command-line tools do the same).
use_one_blas_thread()

# Training slots are machine-wide file locks (dashboard/training/training_jobs.py): this test run gets its own
# directory, inherited by the servers the browser tests start, so a dashboard or another test run on the same
# machine cannot make these tests "busy".
os.environ["WHY_LSTM_TRAINING_SLOTS"] = tempfile.mkdtemp(prefix="why-lstm-test-slots-")
