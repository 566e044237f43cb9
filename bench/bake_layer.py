#!/usr/bin/env python3
"""Writes the bake benchmark's image layer as an uncompressed tar on stdout.

    bake_layer.py [--scale 1.0] [--seed 7] [--only-many] [--stats FILE] > layer.tar

Deterministic for a given seed and scale. At scale 1 the layer holds about
1.7 GB in about 80k entries: nested directories, text-like (compressible) and
random (incompressible) files of many sizes from empty to tens of MB, symlinks
(relative, absolute, dangling), a few hard links, some setuid and executable
files, two owners, and one directory of 18k small files
(usr/share/bench/many). --only-many writes just that directory (the
"quadratic" demo). --stats writes what the layer holds as JSON.
bake_chain compresses the output with igzip; generation time is not measured.
"""

import argparse
import io
import json
import random
import sys
import tarfile

MTIME = 1700000000
MANY_DIR = "usr/share/bench/many"


def make_words(rng, count):
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [12, 9, 8, 7, 7, 6, 6, 6, 5, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    words = set()
    while len(words) < count:
        words.add("".join(rng.choices(letters, weights, k=rng.randint(2, 11))))
    return sorted(words)


def text_pool(rng, words, size):
    """Word salad with some structure: compresses about 3x with gzip."""
    out = io.StringIO()
    written = 0
    line_no = 0
    while written < size:
        line_no += 1
        indent = "    " * rng.randint(0, 3)
        body = " ".join(rng.choices(words, k=rng.randint(3, 14)))
        if line_no % 7 == 0:
            line = f"{indent}{rng.choice(words)}_{line_no} = \"{body}\"\n"
        elif line_no % 5 == 0:
            line = f"{indent}# {body}\n"
        else:
            line = f"{indent}{body};\n"
        out.write(line)
        written += len(line)
    return out.getvalue().encode()[:size]


class Layer:
    def __init__(self, out, rng):
        self.tar = tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT)
        self.rng = rng
        self.stats = {"entries": 0, "directories": 0, "regular": 0, "symlinks": 0,
                      "hardlinks": 0, "bytes": 0, "blocks_4k": 0, "text_bytes": 0, "random_bytes": 0}

    def _info(self, path, kind, mode, uid=0):
        info = tarfile.TarInfo(path)
        info.type = kind
        info.mode = mode
        info.uid = info.gid = uid
        info.uname = info.gname = ""
        info.mtime = MTIME + self.stats["entries"] % 86400
        self.stats["entries"] += 1
        return info

    def directory(self, path, mode=0o755, uid=0):
        self.tar.addfile(self._info(path, tarfile.DIRTYPE, mode, uid))
        self.stats["directories"] += 1

    def regular(self, path, data, mode=0o644, uid=0, text=True):
        info = self._info(path, tarfile.REGTYPE, mode, uid)
        info.size = len(data)
        self.tar.addfile(info, io.BytesIO(data))
        self.stats["regular"] += 1
        self.stats["bytes"] += len(data)
        self.stats["blocks_4k"] += (len(data) + 4095) // 4096
        self.stats["text_bytes" if text else "random_bytes"] += len(data)

    def symlink(self, path, target):
        info = self._info(path, tarfile.SYMTYPE, 0o777)
        info.linkname = target
        self.tar.addfile(info)
        self.stats["symlinks"] += 1

    def hardlink(self, path, target):
        info = self._info(path, tarfile.LNKTYPE, 0o644)
        info.linkname = target
        self.tar.addfile(info)
        self.stats["hardlinks"] += 1

    def close(self):
        self.tar.close()


def slice_of(rng, pool, size):
    if size == 0:
        return b""
    if size >= len(pool):
        return (pool * (size // len(pool) + 1))[:size]
    start = rng.randrange(0, len(pool) - size)
    return pool[start:start + size]


def write_many(layer, rng, text, count, prefix):
    layer.directory(prefix)
    for i in range(count):
        layer.regular(f"{prefix}/entry-{i:05d}.conf", slice_of(rng, text, rng.randint(60, 2000)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only-many", action="store_true")
    parser.add_argument("--stats")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    words = make_words(rng, 3000)
    text = text_pool(rng, words, 24 << 20)
    noise = random.Random(args.seed + 1).getrandbits((48 << 20) * 8).to_bytes(48 << 20, "little")
    layer = Layer(sys.stdout.buffer, rng)
    many = max(100, int(18000 * args.scale))

    if args.only_many:
        write_many(layer, rng, text, many, "many")
        layer.close()
    else:
        target_bytes = int(1.7e9 * args.scale)
        n_dirs = max(50, int(6000 * args.scale))
        n_symlinks = max(20, int(3000 * args.scale))
        n_hardlinks = max(5, int(200 * args.scale))
        n_regular = max(100, int(80000 * args.scale) - n_dirs - many - n_symlinks - n_hardlinks)

        # Nested directories, parents before children.
        tops = ["bin", "etc", "lib", "opt", "srv", "usr", "var", "usr/lib", "usr/share", "usr/bin",
                "usr/share/bench", "var/lib", "opt/app"]
        dirs = list(tops)
        while len(dirs) < n_dirs:
            parent = dirs[min(int(rng.expovariate(1 / 400)), len(dirs) - 1)] if rng.random() < 0.7 \
                else rng.choice(dirs)
            name = rng.choice(words)
            if rng.random() < 0.3:
                name += f"-{rng.randint(1, 99)}.{rng.randint(0, 20)}"
            path = f"{parent}/{name}"
            if path != MANY_DIR and path not in dirs and path.count("/") < 12:
                dirs.append(path)

        # Regular files: log-uniform sizes up to 256 KiB, then big ones up to the byte target.
        text_ext = [".txt", ".py", ".conf", ".h", ".json", ".md", ".sh", ".xml"]
        bin_ext = [".so", ".bin", ".gz", ".png", ".pyc", ".a", ".jar", ""]
        files = []
        for i in range(n_regular):
            size = 0 if rng.random() < 0.02 else int(2 ** rng.uniform(4, 18))
            files.append(size)
        total = sum(files) + many * 1030
        while total < target_bytes:
            size = min(int(2 ** rng.uniform(20, 26)), target_bytes - total + 1)
            files[rng.randrange(len(files))] += size
            total += size

        entries = [(d, "dir") for d in dirs]
        names = set(dirs)
        for i, size in enumerate(files):
            is_text = rng.random() < 0.55
            ext = rng.choice(text_ext if is_text else bin_ext)
            parent = rng.choice(dirs)
            path = f"{parent}/{rng.choice(words)}{i}{ext}"
            names.add(path)
            entries.append((path, ("file", size, is_text)))

        # Emit in a tar-like walk order: a directory before what is inside it.
        entries.sort(key=lambda e: e[0].split("/"))
        regular_paths = []
        for path, what in entries:
            if what == "dir":
                mode = 0o1777 if path.endswith("/tmp") else 0o755
                layer.directory(path, mode, uid=1000 if path.startswith("srv") else 0)
                if path == "usr/share/bench":
                    write_many(layer, rng, text, many, MANY_DIR)
                continue
            _, size, is_text = what
            roll = rng.random()
            mode = 0o755 if (not is_text and roll < 0.2) else 0o644
            if path.startswith("bin/") and roll < 0.01:
                mode = 0o4755
            data = slice_of(rng, text if is_text else noise, size)
            layer.regular(path, data, mode, uid=1000 if roll > 0.9 else 0, text=is_text)
            regular_paths.append(path)

        for i in range(n_symlinks):
            parent = rng.choice(dirs)
            kind = rng.random()
            if kind < 0.5:
                target = rng.choice(regular_paths)
                up = "../" * (parent.count("/") + 1)
                target = up + target
            elif kind < 0.9:
                target = "/" + rng.choice(regular_paths + dirs)
            else:
                target = f"missing/{rng.choice(words)}"
            path = f"{parent}/link-{i}"
            if path not in names:
                names.add(path)
                layer.symlink(path, target)
        for i in range(n_hardlinks):
            path = f"{rng.choice(dirs)}/hard-{i}"
            if path not in names:
                names.add(path)
                layer.hardlink(path, rng.choice(regular_paths))
        layer.close()

    sys.stdout.buffer.flush()
    if args.stats:
        stats = dict(layer.stats, scale=args.scale, seed=args.seed, many=many,
                     many_dir="many" if args.only_many else MANY_DIR)
        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=1)


if __name__ == "__main__":
    main()
