"""Training steps per second of the engine vs PyTorch on the memory task, same sizes, same batches, same run.

One step = forward + backward of embedding -> layer -> read-out -> cross-entropy, gradient clipping and Adam.
Both sides use one thread (torch.set_num_threads(1); numpy's OpenBLAS set to one thread) and float32, the
dtype the shipped models are trained in. Prints one line per kind with the ratio engine/torch (> 1: faster).

  python bench/train_speed.py [--steps 30] [--gap 50] [--hidden 64] [--batch 32]
"""
import argparse
import sys
import time

import numpy as np

from lstm_engine.command_line import use_one_blas_thread
from lstm_engine.layers.optim import Adam, clip_by_global_norm
from lstm_engine.memory.memory_task import TaskConfig, batch_for_gap, build_vocabulary
from lstm_engine.memory.model import Classifier


def engine_steps_per_second(kind, batches, hidden, embed):
    config = TaskConfig()
    model = Classifier(kind, build_vocabulary(config), config.pairs, embed_dim=embed, hidden_size=hidden,
                       dtype=np.float32)
    params = model.parameters()
    optimizer = Adam(params, lr=1e-3)

    def step(batch):
        _, grads, _ = model.loss_and_grads(batch.ids, batch.labels)
        grads, _ = clip_by_global_norm(grads, 1.0)
        optimizer.step(grads)
        model.load_parameters(params)

    return best_rate(step, batches)


def torch_steps_per_second(torch, kind, batches, hidden, embed, vocab_size, languages):
    layer_class = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[kind]
    embedding = torch.nn.Embedding(vocab_size, embed)
    layer = layer_class(embed, hidden, batch_first=True)
    readout = torch.nn.Linear(hidden, languages)
    parameters = [*embedding.parameters(), *layer.parameters(), *readout.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=1e-3)
    tensors = [(torch.from_numpy(b.ids), torch.from_numpy(b.labels)) for b in batches]

    def step(pair):
        ids, labels = pair
        optimizer.zero_grad()
        y, _ = layer(embedding(ids))
        torch.nn.functional.cross_entropy(readout(y[:, -1]), labels).backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()

    return best_rate(step, tensors)


def best_rate(step, items, rounds=3):
    step(items[0])                                                  # warm-up
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            step(item)
        best = min(best, time.perf_counter() - started)
    return len(items) / best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--gap", type=int, default=50)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--embed", type=int, default=16)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    use_one_blas_thread()
    try:
        import torch
    except ImportError:
        sys.exit("torch is not installed (pip install -r requirements-dev.txt); nothing to compare against")
    torch.set_num_threads(1)
    torch.manual_seed(0)
    config = TaskConfig()
    vocab = build_vocabulary(config)
    rng = np.random.default_rng(0)
    batches = [batch_for_gap(config, vocab, args.batch, args.gap, rng) for _ in range(args.steps)]
    T = batches[0].ids.shape[1]
    print(f"memory task training step: batch {args.batch}, {T} tokens, embed {args.embed}, hidden {args.hidden}, "
          f"float32, 1 thread, best of 3 x {args.steps} steps")
    for kind in ("rnn", "gru", "lstm"):
        ours = engine_steps_per_second(kind, batches, args.hidden, args.embed)
        theirs = torch_steps_per_second(torch, kind, batches, args.hidden, args.embed, vocab.size, config.countries)
        print(f"{kind.upper():5s} engine {ours:7.1f} steps/s   torch {theirs:7.1f} steps/s   "
              f"ratio engine/torch {ours / theirs:5.2f}")


if __name__ == "__main__":
    main()
