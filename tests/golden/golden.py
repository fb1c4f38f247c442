"""The golden generated packages: one per spec in `specs/`, kept in `packages/`.

Run `python -m tests.golden.golden` after a deliberate change to the generator to rewrite
them; `tests/codegen/test_golden.py` fails while they are out of date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from convex_codegen._generate import GeneratedPackage, generate
from convex_codegen._spec import load_spec

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
PACKAGES = HERE / "packages"
NAMES = sorted(p.stem for p in SPECS.glob("*.json"))


def package_name(spec_name: str) -> str:
    return f"{spec_name}_api"


def generate_golden(spec_name: str) -> GeneratedPackage:
    text = (SPECS / f"{spec_name}.json").read_text(encoding="utf-8")
    source = f"tests/golden/specs/{spec_name}.json"
    return generate(load_spec(text), package_name(spec_name), source)


def main() -> None:
    for name in NAMES:
        out = PACKAGES / package_name(name)
        shutil.rmtree(out, ignore_errors=True)
        for rel, text in generate_golden(name).files.items():
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"wrote {out.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
