"""Small made-up Findings for the text and table tests: each test can make the lesson's claim hold or fail.
10 runs of each kind and training setting; their reach is measured at words back DISTANCES, the country at COUNTRY."""

from lstm_engine.memory.findings import Findings
from lstm_engine.memory.retention import RetentionCurve
from lstm_engine.memory.shipped import SETTINGS, EveryGap, TrainingRun
from lstm_engine.memory.training_runs import RUN_GAPS

DISTANCES = (0, 1, 100, 205)
COUNTRY = 205


def _run(kind, seed, setting, held_out, at_400, reach):
    accuracy = [1.0] * (len(RUN_GAPS) - 1) + [at_400]
    curve = RetentionCurve(kind, list(RUN_GAPS), accuracy, accuracy, accuracy, 0.125, 200, 3)
    gradient = {"distance": list(DISTANCES), "h_ratio": [1.0, 1.0, reach * 10, reach], "country_distance": COUNTRY,
                "gap": 200, "c_ratio": [1.0, 1.0, reach * 20, reach * 2] if kind == "lstm" else None}
    return TrainingRun(seed, held_out, 1.0, curve, False, (0, 100, 200), (0.1, 0.5 + seed / 100, held_out), 200,
                       (), setting, gradient)


def findings(rnn_long_learns=0, rnn_easy_learns=9, rnn_at_400=0.4, rnn_reach=1e-30, lstm_reach=1e-3,
             lstm_long_learns=10):
    """10 runs of each kind and setting: `rnn_*` RNN runs that learned (held-out 0.95 or 0.3), every GRU run and
    `lstm_long_learns` LSTM runs of each long-sentences setting; a `*_long_learns` is a number or {distance: number}.
    Every featured table is 1.0 at every gap except the RNN's at 400."""
    def long(count, distance):
        return count.get(distance, 10) if isinstance(count, dict) else count

    runs = {}
    for setting in SETTINGS:
        for kind in ("rnn", "gru", "lstm"):
            if setting[0] == 0:
                learners = rnn_easy_learns if kind == "rnn" else 10
            else:
                learners = {"rnn": long(rnn_long_learns, setting[1]), "gru": 10,
                            "lstm": long(lstm_long_learns, setting[1])}[kind]
            held = [0.95 if seed < learners else 0.3 for seed in range(10)]
            share = rnn_reach if kind == "rnn" else lstm_reach if kind == "lstm" else 1e-2
            at_400 = rnn_at_400 if kind == "rnn" else 1.0
            runs[(kind, setting)] = tuple(_run(kind, s, setting, held[s], at_400, share) for s in range(10))
    tables = {(kind, role): EveryGap(kind, role, 0, tuple([800] * 400 + [int(800 * (rnn_at_400 if kind == "rnn"
                                                                                       else 1.0))]), 800, 0.125)
              for kind in ("rnn", "gru", "lstm") for role in ("typical", "best", "worst")}
    return Findings(runs, tables, 0.125)
