"""Time reading the claims files of a synthetic corpus: the strict YAML loader against the
canonical-layout reader (tiplake/fastyaml.py), in microseconds per claim.

Prints, for the corpus as bench/generate.py writes it and for the same files rewritten by
`tiplake fmt` (the canonical layout): the strict path (the anchor check, then `yaml.load` with
the strict loader, as seeds.read_yaml ran before the fast reader), the fast reader alone, and
seeds.read_claim_file (YAML and the pydantic records) without the fast reader and with it. Each
is the best of `--repeat` passes over every file, in CPU time of this process (the machine may
be shared), after checking both readers agree.

    python bench/yaml_reader.py --claims 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

import tiplake.fastyaml  # noqa: E402
from tiplake.fastyaml import read_canonical  # noqa: E402
from tiplake.fmt import canonical  # noqa: E402
from tiplake.seeds import _anchor_problem, _StrictLoader, read_claim_file  # noqa: E402


def strict(text: str) -> object:
    if _anchor_problem(text, "x") is not None:
        raise AssertionError("an anchor in the synthetic corpus")
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - the strict safe loader


def best(files: list[tuple[Path, str]], read: Callable[[Path, str], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        for path, text in files:
            read(path, text)
        times.append(time.process_time() - started)
    return min(times)


def measure(label: str, root: Path, claims: int, repeat: int) -> None:
    paths = sorted((root / "claims").glob("*.yaml"))
    files = [(p, p.read_text(encoding="utf-8")) for p in paths]
    fast_taken = sum(read_canonical(text) is not None for _p, text in files)
    for _p, text in files:
        fast = read_canonical(text)
        if fast is not None and fast != strict(text):
            raise AssertionError(f"the readers disagree on {_p}")
    per = 1e6 / claims
    t_strict = best(files, lambda p, t: strict(t), repeat) * per
    t_fast = best(files, lambda p, t: read_canonical(t), repeat) * per
    t_file = best(files, lambda p, t: read_claim_file(p, root, t.encode()), repeat) * per
    with mock.patch.object(tiplake.fastyaml, "read_canonical", lambda text: None):
        t_file0 = best(files, lambda p, t: read_claim_file(p, root, t.encode()), repeat) * per
    print(
        f"{label}: {len(files)} files, fast path taken for {fast_taken}; us per claim:\n"
        f"  YAML: strict {t_strict:.1f}, fast {t_fast:.1f} ({t_strict / t_fast:.1f}x)\n"
        f"  read_claim_file (YAML + records): strict {t_file0:.1f}, fast {t_file:.1f} "
        f"({t_file0 / t_file:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "corpus"
        made = generate.generate(args.claims, out)
        root = out / "seeds"
        measure("as generated", root, made["claims"], args.repeat)
        for path in sorted((root / "claims").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506
            path.write_text(canonical(text, data, "claims"), encoding="utf-8")
        measure("after tiplake fmt", root, made["claims"], args.repeat)


if __name__ == "__main__":
    main()
