"""Time forward + backward of the engine's layers against torch.nn on CPU, in the same run.

    .venv/bin/python bench/engine_vs_torch.py                  # LSTM, float32 and float64, the target sizes
    .venv/bin/python bench/engine_vs_torch.py --kinds rnn gru lstm --repeats 9

Both sides compute the output, the parameter gradients and dx for the same random x and dy. Torch runs with
2 threads. Each repeat times the engine then torch back to back (interleaved, so machine load hits both);
the table shows the best repeat of each and the ratio engine / torch (below 1 means the engine is faster).
Targets (LSTM): float64 <= 0.8x at every size; float32 <= 2.0x at batch >= 8. Current figures: docs/engine.md.
"""

import argparse
import os
import time

import numpy as np
import torch

from lstm_engine import GRU, LSTM, RNN

SIZES = [(32, 50, 8, 32), (32, 200, 8, 32), (64, 100, 16, 64), (1, 100, 8, 16)]   # (B, T, I, H)
ENGINE = {"rnn": RNN, "gru": GRU, "lstm": LSTM}
TORCH = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
DTYPES = {"float32": (np.float32, torch.float32), "float64": (np.float64, torch.float64)}


def engine_step(layer, x, dy):
    def run():
        _, trace = layer.forward(x)
        layer.backward(dy, trace)
    return run


def torch_step(module, x, dy):
    x_t = torch.tensor(x, requires_grad=True)
    dy_t = torch.tensor(dy)
    inputs = [x_t, *module.parameters()]

    def run():
        y, _ = module(x_t)
        torch.autograd.grad(y, inputs, dy_t)
    return run


def per_call_seconds(run, number):
    start = time.perf_counter()
    for _ in range(number):
        run()
    return (time.perf_counter() - start) / number


def calls_for(run, target_seconds=0.02):
    """How many calls make one timing last about target_seconds (at least 1)."""
    run()
    return max(1, int(target_seconds / per_call_seconds(run, 1)))


def compare(kind, size, dtype_name, repeats):
    B, T, I, H = size
    np_dtype, torch_dtype = DTYPES[dtype_name]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(B, T, I)).astype(np_dtype)
    dy = rng.normal(size=(B, T, H)).astype(np_dtype)
    layer = ENGINE[kind](I, H, seed=0, dtype=np_dtype)
    module = TORCH[kind](I, H, batch_first=True).to(torch_dtype)
    module.load_state_dict({k: torch.from_numpy(v) for k, v in layer.state_dict().items()})
    runs = {"engine": engine_step(layer, x, dy), "torch": torch_step(module, x, dy)}
    numbers = {name: calls_for(run) for name, run in runs.items()}
    best = {name: float("inf") for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            best[name] = min(best[name], per_call_seconds(run, numbers[name]))
    return best["engine"], best["torch"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=["lstm"], choices=list(ENGINE))
    parser.add_argument("--dtypes", nargs="+", default=["float32", "float64"], choices=list(DTYPES))
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    torch.set_num_threads(2)
    print(f"numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"best of {args.repeats} interleaved repeats, forward + backward (params and dx), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print("| kind | dtype | (B, T, I, H) | engine ms | torch ms | engine / torch |")
    print("|---|---|---|---:|---:|---:|")
    for kind in args.kinds:
        for dtype_name in args.dtypes:
            for size in SIZES:
                engine_s, torch_s = compare(kind, size, dtype_name, args.repeats)
                print(f"| {kind} | {dtype_name} | {size} | {engine_s * 1e3:.2f} | {torch_s * 1e3:.2f} | "
                      f"{engine_s / torch_s:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
