#!/usr/bin/env python3
"""Validating a pip requirement list: kilnctl against the packaging library.

An administrator who does not have Kiln checks a requirements list with
packaging's Requirement parser (what pip itself uses). This runs both over the
same generated list, in one run, and prints the throughput of each and the
ratio. Usage: bench/validate_pip.py [--lines N] [--kilnctl PATH]
"""
import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

try:
    from packaging.requirements import Requirement, InvalidRequirement
except ImportError:  # pip vendors it
    from pip._vendor.packaging.requirements import Requirement, InvalidRequirement


def make_lines(count, seed=7):
    rng = random.Random(seed)
    names = ["requests", "numpy", "pandas", "scikit-learn", "torch", "Flask", "zope.interface", "jupyter_core"]
    extras = ["", "[security]", "[socks,security]", "[all]"]
    specs = ["", ">=1.0", "==2.31.0", "~=1.4.2", ">=1,<2", "!=1.5.*", "<=3.0.0rc1"]
    markers = ["", '; python_version >= "3.8"', '; sys_platform == "linux" and platform_machine == "x86_64"',
               "; extra == 'test'"]
    lines = []
    for _ in range(count):
        if rng.random() < 0.03:
            lines.append("bad line>=")  # invalid on purpose, both must reject it
            continue
        lines.append(rng.choice(names) + rng.choice(extras) + rng.choice(specs) + rng.choice(markers))
    return lines


def run_packaging(lines):
    valid = 0
    for line in lines:
        try:
            Requirement(line)
            valid += 1
        except InvalidRequirement:
            pass
    return valid


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50000)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--kilnctl", default=os.path.join(root, "build", "app", "kilnctl", "kilnctl"))
    args = parser.parse_args()

    lines = make_lines(args.lines)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        start = time.perf_counter()
        proc = subprocess.run([args.kilnctl, "validate", "pip", "--file", path], stdout=subprocess.PIPE)
        kiln_s = time.perf_counter() - start
        kiln_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        kiln_valid = proc.stdout.count(b'"valid":true')

        start = time.perf_counter()
        ref_valid = run_packaging(lines)
        ref_s = time.perf_counter() - start
        ref_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        os.unlink(path)

    if kiln_valid != ref_valid:
        print(f"MISMATCH: kilnctl accepted {kiln_valid} lines, packaging {ref_valid}", file=sys.stderr)
        return 1
    n = len(lines)
    print(f"lines: {n} ({ref_valid} valid)")
    print(f"kilnctl validate pip --file : {kiln_s:.3f} s  {n / kiln_s:,.0f} lines/s  max RSS {kiln_rss:.0f} MiB"
          " (including writing one JSON object per line)")
    print(f"packaging Requirement()     : {ref_s:.3f} s  {n / ref_s:,.0f} lines/s  max RSS {ref_rss:.0f} MiB")
    print(f"ratio (packaging time / kilnctl time): {ref_s / kiln_s:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
