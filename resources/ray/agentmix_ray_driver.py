#!/usr/bin/env python3
"""The Ray job driver of a sharded agentmix run (docs/scale.md, "Shards").

`agentmix plan <recipe.json> --ray` writes the entrypoint of a Ray job that runs this script with a
plan: the argv of each shard (`agentmix run <recipe> --shard I/N --partial DIR`) and of the merge
(`agentmix merge <recipe> DIR ...`). The driver starts one Ray task per shard, each running its
command as a subprocess on whichever node Ray places it, waits for all of them, and runs the merge
only when every shard succeeded. Paths in the plan are absolute: the nodes must see the same files
(a shared file system), as with any cluster job.

Without Ray (`import ray` fails) the driver refuses to run, unless `--local` is given: then the
shards run as local processes at once. That form exists for testing the driver where no Ray
cluster is at hand; it is not a scheduler.
"""
import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def run_command(argv):
    """Runs one agentmix command; returns its exit code."""
    return subprocess.run(argv, check=False).returncode


def read_plan(text):
    """The plan: JSON text, or @path of a JSON file."""
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as handle:
            text = handle.read()
    plan = json.loads(text)
    if not isinstance(plan.get("shards"), list) or not plan["shards"] or not isinstance(plan.get("merge"), list):
        raise ValueError("the plan needs a non-empty 'shards' list of commands and a 'merge' command")
    return plan


def run_shards(plan, local):
    """Exit codes of the shard commands, in shard order."""
    shards = plan["shards"]
    if local:
        with ThreadPoolExecutor(max_workers=len(shards)) as pool:
            return list(pool.map(run_command, shards))
    import ray  # noqa: PLC0415 (imported here: --local needs no Ray)

    ray.init()
    task = ray.remote(num_cpus=plan.get("cpus", 1))(run_command)
    return ray.get([task.remote(argv) for argv in shards])


def main():
    parser = argparse.ArgumentParser(description="Runs the shards of an agentmix recipe as Ray tasks, then the merge.")
    parser.add_argument("--plan", required=True, help="the plan written by agentmix plan --ray (JSON, or @file)")
    parser.add_argument("--local", action="store_true", help="without Ray: run the shards as local processes (for tests)")
    args = parser.parse_args()
    try:
        plan = read_plan(args.plan)
    except (OSError, ValueError) as error:
        print(f"agentmix ray driver: {error}", file=sys.stderr)
        return 2
    if not args.local:
        try:
            import ray  # noqa: F401, PLC0415
        except ImportError:
            print("agentmix ray driver: Ray is not installed here (pip install 'ray[default]'); --local runs the shards as local processes instead", file=sys.stderr)
            return 2
    codes = run_shards(plan, args.local)
    failed = [str(index) for index, code in enumerate(codes) if code != 0]
    if failed:
        print(f"agentmix ray driver: shard{'s' if len(failed) > 1 else ''} {', '.join(failed)} of {len(codes)} failed; the merge was not run", file=sys.stderr)
        return 1
    print(f"agentmix ray driver: {len(codes)} shards done; merging", file=sys.stderr)
    return run_command(plan["merge"])


if __name__ == "__main__":
    sys.exit(main())
