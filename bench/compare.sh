#!/usr/bin/env bash
# Runs the Go benchmarks of ./coroutine and ./loop and their CPython twins
# in bench/python alternately, REPS times, and prints a table of the
# median of each side and the ratio ours / CPython.
#
#   bench/compare.sh                  # 3 repetitions, -benchtime=1s
#   REPS=5 BENCHTIME=2s bench/compare.sh
#   KEEP=1 bench/compare.sh; STAT=min bench/compare.sh --summary DIR
#
# Environment: REPS (3), BENCHTIME (1s), GOTOOLCHAIN (go1.27.3),
# PYTHON (python3, run with PYENV_VERSION=3.13.0 unless set), STAT
# (median, or min: the fastest repetition, less sensitive to other load on
# the machine), KEEP=1 to keep the raw outputs (their folder is printed).
set -euo pipefail

cd "$(dirname "$0")/.."
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
export PYENV_VERSION="${PYENV_VERSION:-3.13.0}"
REPS="${REPS:-3}"
BENCHTIME="${BENCHTIME:-1s}"
PYTHON="${PYTHON:-python3}"
STAT="${STAT:-median}"
SCRIPTS=(task_step task_switch spawn_gather call_later fib25 future_await)

if [[ "${1:-}" == --summary ]]; then
	# Summarise the raw outputs of an earlier KEEP=1 run again.
	out="$2"
	REPS="$(ls "$out"/go.* | wc -l)"
	KEEP=1
else
	out="$(mktemp -d)"
	if [[ "${KEEP:-}" != 1 ]]; then
		trap 'rm -rf "$out"' EXIT
	fi

	echo "go:     $(go version)" >&2
	echo "python: $("$PYTHON" --version 2>&1)" >&2
	echo "reps:   $REPS, -benchtime=$BENCHTIME, $(nproc) cores" >&2

	for ((r = 1; r <= REPS; r++)); do
		echo "rep $r/$REPS: go test -bench" >&2
		go test -run '^$' -bench . -benchtime "$BENCHTIME" -count 1 ./coroutine ./loop >"$out/go.$r"
		for s in "${SCRIPTS[@]}"; do
			echo "rep $r/$REPS: python $s.py" >&2
			"$PYTHON" "bench/python/$s.py" >"$out/py.$r.$s"
		done
	done
fi

"$PYTHON" - "$out" "$REPS" "$STAT" <<'PY'
import re, statistics, sys, os

out, reps, stat = sys.argv[1], int(sys.argv[2]), sys.argv[3]

# workload, Go package, Go benchmark, Go unit, units per Go op (to turn
# allocs/op and B/op into per-unit figures), Python script, Python unit
ROWS = [
    ("bare channel round trip", "coroutine", "BareChannelRoundTrip", "ns/op", 1, None, None),
    ("bare channel round trip", "loop", "BareChannelRoundTrip", "ns/op", 1, None, None),
    ("Send + Co.Yield", "coroutine", "SendYield", "ns/op", 1, None, None),
    ("task step: await sleep(0)", "loop", "TaskStep", "ns/op", 1, "task_step", "ns/step"),
    ("two-task switch (per step)", "loop", "TaskSwitch", "ns/switch", 2, "task_switch", "ns/switch"),
    ("spawn+gather 100k (per task)", "loop", "SpawnGather100k", "ns/task", 100_000, "spawn_gather", "ns/task"),
    ("call_later 100k (per timer)", "loop", "CallLater100k", "ns/timer", 100_000, "call_later", "ns/timer"),
    ("fib(25) inline await (per await)", "coroutine", "InlineAwaitFib25", "ns/await", 242_785, "fib25", "ns/await"),
    ("future resolved by callback", "loop", "FutureAwait", "ns/op", 1, "future_await", "ns/op"),
]

def go_results(path):
    """{(pkg, name): {unit: value}} from one go test -bench output."""
    res, pkg = {}, None
    for line in open(path):
        if line.startswith("pkg: "):
            pkg = line.split()[1].rsplit("/", 1)[-1]
        m = re.match(r"Benchmark(\S+?)(-\d+)?\s+\d+\s+(.*)", line)
        if not m:
            continue
        fields = m.group(3).split()
        res[(pkg, m.group(1))] = {fields[i + 1]: float(fields[i]) for i in range(0, len(fields) - 1, 2)}
    return res

def py_result(path, unit):
    m = re.search(re.escape(unit) + r"=([0-9.]+)", open(path).read())
    return float(m.group(1)) if m else None

go = [go_results(os.path.join(out, f"go.{r}")) for r in range(1, reps + 1)]

def med(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return min(xs) if stat == "min" else statistics.median(xs)

def fmt(x, nd=1):
    return "-" if x is None else f"{x:,.{nd}f}"

print()
print(f"{'workload':34} {'Go benchmark':28} {'ours ns':>10} {'allocs':>7} {'bytes':>7} {'CPython ns':>11} {'ours/CPy':>9}")
print("-" * 111)
vals = {}
for name, pkg, bench, unit, per, script, pyunit in ROWS:
    ours = med([g.get((pkg, bench), {}).get(unit) for g in go])
    allocs = med([g.get((pkg, bench), {}).get("allocs/op") for g in go])
    nbytes = med([g.get((pkg, bench), {}).get("B/op") for g in go])
    allocs = None if allocs is None else allocs / per
    nbytes = None if nbytes is None else nbytes / per
    cpy = None
    if script:
        cpy = med([py_result(os.path.join(out, f"py.{r}.{script}"), pyunit) for r in range(1, reps + 1)])
    vals[(pkg, bench)] = ours
    ratio = f"{ours / cpy:.3f}x" if ours and cpy else "-"
    print(f"{name:34} {pkg + '.' + bench:28} {fmt(ours):>10} {fmt(allocs, 2):>7} {fmt(nbytes, 0):>7} {fmt(cpy):>11} {ratio:>9}")

# The ratio is taken within each go test run (both benchmarks ran
# seconds apart), then summarised like the rest.
ratios = []
for g in go:
    step = g.get(("loop", "TaskStep"), {}).get("ns/op")
    bare = g.get(("loop", "BareChannelRoundTrip"), {}).get("ns/op")
    if step and bare:
        ratios.append(step / bare)
if ratios:
    print()
    print(f"task step / bare round trip (loop package, per run): {med(ratios):.2f}x {stat}, "
          f"runs {', '.join(f'{r:.2f}x' for r in ratios)} (target <= 1.3x)")
print(f"({stat} of {reps} repetitions; ns, allocs and bytes per unit of the workload: per step, task, timer, await or op)")
PY
if [[ "${KEEP:-}" == 1 ]]; then
	echo "raw outputs kept in $out" >&2
fi
