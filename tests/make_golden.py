"""Write tests/golden/{rnn,gru,lstm}.npz: PyTorch's answers for one small case per kind.

Run (needs torch):  .venv/bin/python tests/make_golden.py
Everything in the files comes from torch (torch.nn modules and autograd, plus the gates recomputed with
torch.sigmoid / torch.tanh from torch's weights), so tests/test_golden.py checks the engine against PyTorch
on machines without torch. Nothing here imports lstm_engine.
"""

from pathlib import Path

import numpy as np
import torch

B, T, I, H = 2, 6, 3, 4
GOLDEN_DIR = Path(__file__).parent / "golden"
MODULES = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


def gates_from_torch(kind, p, x, h0, c0):
    """Per-step named intermediates (B, T, H) from torch's functions and the module's weights."""
    if kind == "rnn":
        return {}
    blocks = {n: p[n].split(H) for n in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")}

    def pre(k, x_t, h):
        return (x_t @ blocks["weight_ih_l0"][k].T + blocks["bias_ih_l0"][k],
                h @ blocks["weight_hh_l0"][k].T + blocks["bias_hh_l0"][k])

    h, c, out = h0, c0, {}
    for t in range(T):
        x_t = x[:, t]
        if kind == "lstm":                                     # PyTorch blocks i, f, g, o
            step = {name: act(sum(pre(k, x_t, h))) for k, (name, act) in
                    enumerate([("i", torch.sigmoid), ("f", torch.sigmoid), ("c_tilde", torch.tanh),
                               ("o", torch.sigmoid)])}
            c = step["f"] * c + step["i"] * step["c_tilde"]
            h = step["o"] * torch.tanh(c)
            step["c"] = c
        else:                                                  # GRU blocks r, z, n
            r = torch.sigmoid(sum(pre(0, x_t, h)))
            z = torch.sigmoid(sum(pre(1, x_t, h)))
            x_n, h_n = pre(2, x_t, h)
            n = torch.tanh(x_n + r * h_n)
            h = (1 - z) * n + z * h
            step = {"r": r, "z": z, "n": n}
        for name, value in step.items():
            out.setdefault(name, []).append(value)
    return {f"trace_{name}": torch.stack(values, dim=1).numpy() for name, values in out.items()}


def golden_case(kind, seed):
    torch.manual_seed(seed)
    module = MODULES[kind](I, H, batch_first=True).double()
    x = torch.randn(B, T, I, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(1, B, H, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(1, B, H, dtype=torch.float64, requires_grad=True)
    dy, dh_n, dc_n = (torch.randn(*shape, dtype=torch.float64) for shape in [(B, T, H), (B, H), (B, H)])
    if kind == "lstm":
        y, (h_n, c_n) = module(x, (h0, c0))
        loss = (y * dy).sum() + (h_n[0] * dh_n).sum() + (c_n[0] * dc_n).sum()
    else:
        y, h_n = module(x, h0)
        loss = (y * dy).sum() + (h_n[0] * dh_n).sum()
    loss.backward()
    record = {"x": x, "h0": h0[0], "dy": dy, "dh_n": dh_n, "y": y, "h_n": h_n[0], "dx": x.grad, "dh0": h0.grad[0]}
    if kind == "lstm":
        record.update({"c0": c0[0], "dc_n": dc_n, "c_n": c_n[0], "dc0": c0.grad[0]})
    for name, parameter in module.named_parameters():
        record[name] = parameter
        record[f"grad_{name}"] = parameter.grad
    arrays = {name: value.detach().numpy().copy() for name, value in record.items()}
    with torch.no_grad():
        p = dict(module.named_parameters())
        arrays.update(gates_from_torch(kind, p, x, h0[0], c0[0]))
    return arrays


def main():
    GOLDEN_DIR.mkdir(exist_ok=True)
    for seed, kind in enumerate(MODULES):
        path = GOLDEN_DIR / f"{kind}.npz"
        np.savez_compressed(path, **golden_case(kind, seed))
        print(f"wrote {path} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
