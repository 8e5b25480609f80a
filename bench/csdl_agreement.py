"""How far the docs' model agrees with the service's own metadata (CSDL).

For every structured type that a resource page describes and the CSDL defines (matched by
namespace-qualified name), compare:

- property names (own and inherited, structural and navigation): precision = share of the docs'
  names the CSDL has, recall = share of the CSDL's names the docs have (exact spelling);
- property types, where both name the property (type name and collection flag);
- base types, where both name one.

Then print a fixed-seed random sample of the remaining disagreements, to be read by hand: each
should be a docs defect or a real docs/service difference, not a mis-parse.

    python bench/csdl_agreement.py [DOCS] [CSDL] [--sample N]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

from codegen.api import parse_docs
from codegen.csdl import Csdl, CsdlType, load_csdl
from codegen.ir.model import Model
from codegen.ir.structured import StructuredType

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT.parent / "shared"
BETA = SHARED / "corpus" / "graph-docs-2021" / "api-reference" / "beta"
CSDL = SHARED / "metadata" / "beta-USNat.csdl"


@dataclass
class Tally:
    """Counts and the disagreements behind them."""

    docs_names: int = 0
    csdl_names: int = 0
    both_names: int = 0
    typed: int = 0
    types_agree: int = 0
    based: int = 0
    bases_agree: int = 0
    types_compared: int = 0
    disagreements: list[str] = field(default_factory=list)


def _short(name: str) -> str:
    return name.rpartition(".")[2].lower()


def _csdl_members(csdl: Csdl, t: CsdlType) -> dict[str, tuple[str, bool]]:
    """Name -> (type, collection) of a CSDL type's own and inherited members."""
    out: dict[str, tuple[str, bool]] = {}
    seen: set[str] = set()
    current: CsdlType | None = t
    while current is not None and current.name.lower() not in seen:
        seen.add(current.name.lower())
        for p in (*current.properties, *current.navigation):
            out.setdefault(p.name, (p.type, p.collection))
        base = current.base_qualified or current.base_type
        current = csdl.types.get(base.lower()) if base else None
    return out


def _docs_members(model: Model, t: StructuredType) -> dict[str, tuple[str, bool, str, bool]]:
    """Name -> (type, collection, where, own) of a docs type's own and inherited members."""
    out: dict[str, tuple[str, bool, str, bool]] = {}
    for owner in (t, *model.ancestors(t.qualified_name)):
        for p in (*owner.properties, *owner.navigation_properties):
            if p.type is not None:
                out.setdefault(p.name, (p.type.name, p.type.collection, str(p.source), owner is t))
    return out


def compare(model: Model, csdl: Csdl) -> Tally:
    """Agreement of every resource-page type the CSDL also defines."""
    tally = Tally()
    for t in model.types:
        if t.origin != "page":
            continue
        ct = csdl.types.get(t.qualified_name.lower())
        if ct is None:
            continue
        tally.types_compared += 1
        docs, service = _docs_members(model, t), _csdl_members(csdl, ct)
        tally.docs_names += len(docs)
        tally.csdl_names += len(service)
        for name, (type_name, coll, where, own) in sorted(docs.items()):
            # an inherited member's disagreement is listed once, at the type declaring it
            if name not in service:
                if own:
                    tally.disagreements.append(f"{where}: {t.name}.{name}: not in the CSDL")
                continue
            tally.both_names += 1
            tally.typed += 1
            want, want_coll = service[name]
            if _short(type_name) == _short(want) and coll == want_coll:
                tally.types_agree += 1
            elif own:
                shown = f"Collection({want})" if want_coll else want
                tally.disagreements.append(
                    f"{where}: {t.name}.{name}: docs type {type_name}"
                    f"{' (collection)' if coll else ''}, CSDL {shown}"
                )
        if t.base_type and ct.base_type:
            tally.based += 1
            if _short(t.base_type) == _short(ct.base_type):
                tally.bases_agree += 1
            else:
                tally.disagreements.append(
                    f"{t.source}: {t.name}: docs base {t.base_type}, CSDL base {ct.base_type}"
                )
    return tally


def main() -> None:
    """Print the agreement figures and a sample of disagreements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=BETA)
    parser.add_argument("csdl", nargs="?", type=Path, default=CSDL)
    parser.add_argument("--sample", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tally = compare(parse_docs([args.docs]), load_csdl(args.csdl))

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    print(f"types compared (resource page and CSDL): {tally.types_compared}")
    print(f"property names: precision {ratio(tally.both_names, tally.docs_names)}")
    print(f"property names: recall    {ratio(tally.both_names, tally.csdl_names)}")
    print(f"property types agree:     {ratio(tally.types_agree, tally.typed)}")
    print(f"base types agree:         {ratio(tally.bases_agree, tally.based)}")
    sample = random.Random(args.seed).sample(
        tally.disagreements, min(args.sample, len(tally.disagreements))
    )
    print(f"\n{len(sample)} of {len(tally.disagreements)} disagreements (seed {args.seed}):")
    for line in sorted(sample):
        print(f"  {line}")


if __name__ == "__main__":
    main()
