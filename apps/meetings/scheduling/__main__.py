"""Command line: ``solve INSTANCE.json [--time-limit S]`` and ``generate --seed N ...``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .generate import generate
from .helper import run_child
from .lns import lns
from .model import Instance
from .solver import helper_bounds, plan_score, solve


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
    # Internal: the solver's second search process (helper.py); JSON lines both ways.
    commands.add_parser("search-helper")
    args = parser.parse_args(argv)

    if args.command == "search-helper":
        # The plans go out on a copy of stdout, and stdout itself to stderr: nothing a
        # library prints (HiGHS' banner) can then mix into them.
        channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
        run_child(sys.stdin.buffer, channel, search=lns, score=plan_score, bounds=helper_bounds)
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
