"""`make bench` / `make bench-quick`: run every benchmark module, write results, print a table.

Each module (benchmarks/bench_*.py) exposes run(quick) -> list of figures and runs in its own
process, so its peak memory (ru_maxrss) is its own and one module's caches cannot help another.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def modules() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def run_module(name: str, quick: bool) -> list[dict]:
    code = (
        "import json, resource, sys\n"
        f"from benchmarks.{name} import run\n"
        f"figs = run({quick!r})\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "for f in figs: f.setdefault('peak_mb', round(peak, 1))\n"
        "print('@@FIGURES@@' + json.dumps(figs))\n"
    )
    # As an installed app runs: its bytecode written at install (pip compiles it; see
    # compile_first). A machine that sets PYTHONDONTWRITEBYTECODE (this build machine does)
    # would otherwise have every import of a measured action compile its module from source,
    # holding the interpreter while it did — time no user's window spends.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"PYTHONPATH": str(HERE.parent), "QT_QPA_PLATFORM": "offscreen"})
    proc = subprocess.run([sys.executable, "-c", code], cwd=HERE.parent, env=env,
                          capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("@@FIGURES@@"):
            figures = json.loads(line[len("@@FIGURES@@"):])
            for f in figures:
                f["module"] = name
            return figures
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return [{"name": f"{name}: failed to run", "value": None, "unit": "", "baseline": None,
             "ratio": None, "target": None, "met": False, "peak_mb": None, "module": name,
             "note": " / ".join(tail)}]


def compile_first() -> None:
    """Write the project's bytecode once before measuring, as `pip install` does."""
    import compileall

    for package in ("app", "forms", "storage", "exports", "benchmarks"):
        compileall.compile_dir(HERE.parent / package, quiet=1)


def fmt(value: object, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.{digits}g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _when(f: dict) -> str:
    """When a figure was measured and the load average then (older results lack both)."""
    if not f.get("measured"):
        return "an earlier full run"
    return f"{f['measured']} ({f.get('load', '?')})"


def table(figures: list[dict], header: str) -> str:
    lines = [header, "",
             "| figure | value | baseline | ratio | target | met | peak MB | measured (load) |",
             "|---|---|---|---|---|---|---|---|"]
    for f in figures:
        target = f.get("target")
        tgt = "—" if target is None else (f"≤ {target}×" if f.get("target_on", "ratio") == "ratio"
                                          else f"≤ {target} {f['unit']}")
        lines.append(f"| {f['name']} | {fmt(f['value'])} {f['unit']} | {fmt(f['baseline'])} | "
                     f"{fmt(f['ratio'])} | {tgt} | {fmt(f['met'])} | {fmt(f.get('peak_mb'))} | "
                     f"{_when(f)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(prog="benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under two minutes")
    parser.add_argument("--only", nargs="*", default=None, help="module names to run")
    parser.add_argument("--rewrite", action="store_true",
                        help="rewrite the README table from latest.json, measuring nothing")
    args = parser.parse_args()
    if args.rewrite:
        saved = json.loads((RESULTS / "latest.json").read_text())
        figures = saved["figures"]
        text = table(figures, f"Measured on {saved['machine']}, module by module (`make bench "
                     "--only …`); each row says when and under what load average (1 minute, 2 "
                     "cores shared with other jobs).")
        _write_tables(text)
        print(text)
        return 0
    compile_first()
    started = time.perf_counter()
    figures: list[dict] = []
    for name in modules():
        if args.only and name not in args.only:
            continue
        print(f"running {name} ...", flush=True)
        figures.extend(run_module(name, args.quick))
    elapsed = time.perf_counter() - started
    load = os.getloadavg()[0]
    header = (f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine()} "
              f"({'quick' if args.quick else 'full'} run, {elapsed:.0f} s, load average "
              f"{load:.2f} at the end).")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "latest.json"
    for f in figures:  # the figures of this run (a kept one says when it was measured)
        f["measured"] = time.strftime("%Y-%m-%d %H:%M")
        f["load"] = round(load, 2)
    if args.only and not args.quick and out.exists():
        # Only some modules were run: their figures replace the ones they wrote before, and
        # every other module's stay (each keeps the line saying when it was measured).
        kept = [f for f in json.loads(out.read_text()).get("figures", [])
                if f.get("module") not in args.only]
        figures = kept + figures
        figures.sort(key=lambda f: str(f.get("module")))
        header = (f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine()}: "
                  f"{', '.join(args.only)} just now ({elapsed:.0f} s, load average {load:.2f});"
                  " the other modules' figures are from their last full run.")
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"machine": machine(), "quick": args.quick, "header": header,
                               "figures": figures}, indent=2, ensure_ascii=False))
    os.replace(tmp, out)
    text = table(figures, header)
    if args.quick:
        (RESULTS / "latest.md").write_text(text)
    else:
        _write_tables(text)
    print(text)
    return 0


def _write_tables(text: str) -> None:
    (RESULTS / "latest.md").write_text(text)
    if README.exists():
        readme = README.read_text()
        if START in readme and END in readme:
            before, rest = readme.split(START, 1)
            after = rest.split(END, 1)[1]
            README.write_text(f"{before}{START}\n{text}{END}{after}")


if __name__ == "__main__":
    raise SystemExit(main())
