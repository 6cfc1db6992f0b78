"""After `mutmut run`: killed / total per module of the legal core, and every survivor that
docs/mutants.md does not explain. Exits 1 when one is unexplained (`make mutants`).

A survivor is explained by a row of docs/mutants.md's table: | `mutant name` | reason |.
"""

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPLAINED = ROOT / "docs" / "mutants.md"
KILLED = {"killed", "timeout"}  # a mutant that hangs the tests is caught by them too


def results() -> dict[str, str]:
    mutmut = Path(sys.executable).parent / "mutmut"
    done = subprocess.run([str(mutmut), "results", "--all", "true"], capture_output=True, text=True, cwd=ROOT)
    found = {}
    for line in done.stdout.splitlines():
        name, _, status = line.strip().partition(": ")
        if "__mutmut_" in name:
            found[name] = status.strip()
    return found


def explained() -> dict[str, str]:
    rows = re.findall(r"^\| `([\w.]+__mutmut_\d+)` \| (.+?) \|$", EXPLAINED.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def module_of(name: str) -> str:
    """applications.deadlines.x_reply_deadline__mutmut_3 and …xǁWorkCalendarǁday__mutmut_3 alike."""
    return re.match(r"(.*?)\.x[_ǁ]", name).group(1)


def main() -> int:
    found = results()
    if not found:
        print("No mutation results: run `mutmut run` first.")
        return 1
    reasons = explained()
    totals, killed = Counter(), Counter()
    unexplained = defaultdict(list)
    for name, status in sorted(found.items()):
        module = module_of(name)
        totals[module] += 1
        if status in KILLED:
            killed[module] += 1
        elif name not in reasons:
            unexplained[module].append(f"{name}: {status}")
    for module in sorted(totals):
        explained_here = sum(1 for n in found if module_of(n) == module and n in reasons and found[n] not in KILLED)
        print(f"{module}: {killed[module]} / {totals[module]} killed, {explained_here} explained in docs/mutants.md")
    stale = sorted(n for n in reasons if found.get(n) in KILLED or n not in found)
    if stale:
        print(f"{len(stale)} rows of docs/mutants.md name mutants that no longer survive: " + ", ".join(stale))
    if unexplained:
        print("Survivors neither killed by a test nor explained in docs/mutants.md:")
        for _module, names in sorted(unexplained.items()):
            for line in names:
                print(f"  {line}")
            print(f"  (see one with: .venv/bin/mutmut show {names[0].split(':')[0]})")
        return 1
    print("Every surviving mutant is explained.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
