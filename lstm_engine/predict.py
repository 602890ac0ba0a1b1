"""`python -m lstm_engine.predict "I grew up in France ... so I speak fluent"`: each shipped model's top languages.

  python -m lstm_engine.predict "I grew up in Spain. We had a dog. So I speak fluent" [--models lstm rnn] [--json]
  python -m lstm_engine.predict "I grew up in France... [100 words later] ...so I speak fluent"

A note "[N words later]" or "[N words]" stands for N filler words drawn as the memory task draws them.
"""
from __future__ import annotations

import json
import sys

from lstm_engine.command_line import ArgumentParser, run_cli, use_one_blas_thread
from lstm_engine.memory.memory_task import MAX_GAP_NOTE, expand_gap_notes, gap_notes
from lstm_engine.memory.shipped import SHIPPED_KINDS, load_shipped


def predictions(text: str, kinds=SHIPPED_KINDS, top: int = 3) -> dict:
    """{kind: {"top": [(language, probability), ...], "unknown": [...], "tokens": n}} for the shipped models."""
    result = {}
    for kind in kinds:
        prediction = load_shipped(kind).predict(text)
        result[kind] = {"top": prediction.top(top), "unknown": prediction.unknown, "tokens": len(prediction.tokens)}
    return result


def main(argv=None) -> int:
    parser = ArgumentParser(prog="python -m lstm_engine.predict",
                            description="Ask the shipped RNN, GRU and LSTM which language the speaker speaks.")
    parser.add_argument("text", help='a sentence, e.g. "I grew up in France ... so I speak fluent"')
    parser.add_argument("--models", nargs="+", type=str.lower, choices=SHIPPED_KINDS, default=list(SHIPPED_KINDS))
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    use_one_blas_thread()
    if args.top < 1:
        parser.error(f"--top must be >= 1, got {args.top}")
    result = predictions(expand_gap_notes(args.text), args.models, args.top)
    if args.json:
        print(json.dumps(result))
        return 0
    for note, asked in gap_notes(args.text):
        clamped = f" (a note stands for at most {MAX_GAP_NOTE})" if asked > MAX_GAP_NOTE else ""
        print(f"{note} read as {min(asked, MAX_GAP_NOTE)} filler words{clamped}")
    first = result[args.models[0]]
    print(f"{first['tokens']} tokens" + (f"; unknown words read as <unk>: {', '.join(first['unknown'])}"
                                         if first["unknown"] else ""))
    for kind, answer in result.items():
        ranked = "   ".join(f"{language} {probability:.1%}" for language, probability in answer["top"])
        print(f"{kind.upper():5s} {ranked}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
