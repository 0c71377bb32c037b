"""How well the drafting engine reads real directives: run it on the seed texts and compare with
their hand encodings in data/directives/.

    .venv/bin/python bench/draft_quality.py [SEEDS_DIR]

A development tool: the seed texts are read from ../shared/seeds (or SEEDS_DIR) and never copied
into the project; without them it says so and stops. Units come from data/units/*.csv, the
indicator catalogue from the indicators declared in the hand encodings. Printed per seed and
overall: target recall (same operator, value and due year), scope accuracy of found targets,
target precision, task lead-unit recall and metadata (kind, issuer, issue year, reporting,
report_to, title).
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import django
import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from directives.drafting.builder import Province, build_draft  # noqa: E402
from directives.drafting.catalogue import IndicatorRef  # noqa: E402
from directives.drafting.fold import fold  # noqa: E402
from directives.drafting.units_match import UnitRef  # noqa: E402

SEEDS = {
    "000_e333b195a528ad4a.txt": ("vinh_phuc_chi_thi_ung_dung_cntt_2015.yaml", "vinh_phuc.csv"),
    "001_40e57f26a75052fb.txt": ("vinh_phuc_ke_hoach_36a_chinh_phu_dien_tu.yaml", "vinh_phuc.csv"),
    "002_60349d06c7d4bcaa.txt": ("binh_thuan_chi_thi_ict_index_2018.yaml", "binh_thuan.csv"),
}


def province(csv_name: str, catalogue: list[IndicatorRef]) -> Province:
    with open(ROOT / "data" / "units" / csv_name, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    units = [UnitRef(r["code"], r["name"], r["level"], not r["parent"]) for r in rows]
    return Province(units, {r["level"] for r in rows}, catalogue)


def catalogue() -> list[IndicatorRef]:
    found = {}
    for path in sorted((ROOT / "data" / "directives").glob("*.yaml")):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")).get("indicators") or []:
            if isinstance(spec, dict) and "name" in spec:
                found[spec["code"]] = IndicatorRef(spec["code"], spec["name"], spec["kind"])
    return list(found.values())


def _key(target: dict) -> tuple:
    return (target["op"], float(target["value"]), str(target["due"])[:4])


def compare(hand: dict, draft: dict) -> dict[str, tuple[int, int]]:
    hand_targets = [t for task in hand["tasks"] for t in task.get("targets") or []]
    draft_targets = [t for task in draft["tasks"] for t in task.get("targets") or []]
    free = list(range(len(draft_targets)))
    matched = scope_right = 0
    for target in hand_targets:
        candidates = [i for i in free if _key(draft_targets[i]) == _key(target)]
        if not candidates:
            continue
        same_scope = [
            i for i in candidates if set(draft_targets[i]["scope"]) == set(target["scope"])
        ]
        chosen = (same_scope or candidates)[0]
        free.remove(chosen)
        matched += 1
        scope_right += bool(same_scope)
    by_number = {t["number"]: t for t in draft["tasks"]}
    lead_found = lead_total = 0
    for task in hand["tasks"]:
        wanted = set(task["lead"])
        got = set(by_number.get(str(task["number"]), {}).get("lead", []))
        lead_total += len(wanted)
        lead_found += len(wanted & got)
    h, d = hand["directive"], draft["directive"]
    checks = {
        "kind": h["kind"] == d["kind"],
        "issuer": fold(h["issuer"]) == fold(d["issuer"] or ""),
        "issue year": str(h["issued_on"])[:4] == str(d["issued_on"])[:4],
        "reporting": set(h["reporting"]) == set(d["reporting"]),
        "report_to": h["report_to"] == d["report_to"],
        "title": fuzz.token_set_ratio(fold(h["title"]), fold(d["title"])) >= 80,
    }
    wrong = [name for name, ok in checks.items() if not ok]
    if wrong:
        print(
            "    metadata wrong:",
            ", ".join(wrong),
            {k: d.get(k) for k in ("kind", "issuer", "issued_on", "reporting", "report_to")},
        )
    return {
        "target recall": (matched, len(hand_targets)),
        "scope accuracy": (scope_right, matched),
        "target precision": (matched, len(draft_targets)),
        "lead recall": (lead_found, lead_total),
        "metadata": (sum(checks.values()), len(checks)),
    }


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir() or not any((seeds / name).exists() for name in SEEDS):
        print(f"draft_quality needs the seed texts in {seeds} (a development tool); none found.")
        return 0
    known = catalogue()
    totals: dict[str, list[int]] = {}
    for seed, (encoding, units) in SEEDS.items():
        if not (seeds / seed).exists():
            print(f"{seed}: missing, skipped")
            continue
        hand = yaml.safe_load((ROOT / "data" / "directives" / encoding).read_text(encoding="utf-8"))
        print(f"{seed} ({encoding})")
        result = build_draft((seeds / seed).read_text(encoding="utf-8"), province(units, known))
        for name, (good, total) in compare(hand, result["draft"]).items():
            totals.setdefault(name, [0, 0])
            totals[name][0] += good
            totals[name][1] += total
            print(f"  {name:17} {good:3}/{total:<3} {good / total if total else 0:.2f}")
    print("overall")
    for name, (good, total) in totals.items():
        print(f"  {name:17} {good:3}/{total:<3} {good / total if total else 0:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
