"""Command line: ``solve INSTANCE.json [--time-limit S]`` and ``generate --seed N ...``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .generate import generate
from .helper import run_child
from .lns import lns
from .model import Instance
from .solver import _score, solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apps.meetings.scheduling")
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="solve an instance, print the result JSON")
    solve_cmd.add_argument("instance", type=Path, help="instance JSON file ('-' for stdin)")
    solve_cmd.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    gen_cmd = commands.add_parser("generate", help="print a realistic Marrakech-size instance")
    gen_cmd.add_argument("--seed", type=int, default=1)
    gen_cmd.add_argument("--requests", type=int, default=2000)
    gen_cmd.add_argument("--rooms", type=int, default=25)
    # Internal: the solver's second search process (helper.py); JSON in, JSON out.
    commands.add_parser("search-helper")
    args = parser.parse_args(argv)

    if args.command == "search-helper":
        plan = run_child(json.loads(sys.stdin.read()), search=lns, score=_score)
        print(json.dumps(plan))
        return 0

    if args.command == "generate":
        instance = generate(args.seed, requests=args.requests, rooms=args.rooms)
        print(json.dumps(instance.to_json()))
        return 0
    text = sys.stdin.read() if str(args.instance) == "-" else args.instance.read_text()
    try:
        result = solve(Instance.from_json(json.loads(text)), time_limit=args.time_limit)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_json(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
