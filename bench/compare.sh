#!/usr/bin/env bash
# Runs our benchmarks (./coroutine, ./loop, ./bench/gobench) and their
# CPython 3.13 twins in bench/python, and the same twins on uvloop when
# Debian's python3-uvloop is there, alternately, REPS times; then the
# million-task memory runs once each; then prints benchstat's summary of
# the Go side, a table (ours, CPython, uvloop, the speed-ups and the
# spread min-max of each) and which of issue 5's targets are met.
#
#   bench/compare.sh                       # 3 repetitions, -count=2 -benchtime=500ms
#   REPS=5 BENCHTIME=1s bench/compare.sh
#   NO_MILLION=1 bench/compare.sh          # skip the 1M-task runs (about 2 min)
#   KEEP=1 bench/compare.sh; STAT=min bench/compare.sh --summary DIR
#
# Environment: REPS (3), GOCOUNT (2: -count of each go test run, so that
# benchstat gets REPS*GOCOUNT samples), BENCHTIME (500ms; with the
# defaults the whole script takes about 6 minutes on 2 cores), GOTOOLCHAIN (go1.27.3), PYTHON (python3, run with
# PYENV_VERSION=3.13.0 unless set), UVLOOP_PYTHON (/usr/bin/python3, the
# system Python that Debian's python3-uvloop is built for; NO_UVLOOP=1 to
# leave uvloop out), STAT (median, or min: the fastest repetition, less
# sensitive to other load on the machine), KEEP=1 to keep the raw outputs
# (their folder is printed), BENCHSTAT (path of a benchstat binary; by
# default it is installed from the module proxy into a temporary GOBIN,
# never into go.mod), NO_MILLION=1.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
export PYENV_VERSION="${PYENV_VERSION:-3.13.0}"
unset GOASYNCIO_HANDOFF GOASYNCIODEBUG # the default (channel) handoff, no debug mode
REPS="${REPS:-3}"
BENCHTIME="${BENCHTIME:-500ms}"
GOCOUNT="${GOCOUNT:-2}"
PYTHON="${PYTHON:-python3}"
UVLOOP_PYTHON="${UVLOOP_PYTHON:-/usr/bin/python3}"
STAT="${STAT:-median}"
PKGS=(coroutine loop bench/gobench)
# The CPython twins run at every repetition (pending_tasks at 100k).
SCRIPTS=(task_step task_switch spawn_gather call_later fib25 future_await queue_pc lock_contention run_in_executor pending_tasks)

log() { echo "$*" >&2; }

if [[ "${1:-}" == --summary ]]; then
	# Summarise the raw outputs of an earlier KEEP=1 run again.
	out="$2"
	REPS="$(ls "$out"/go.*.loop | wc -l)"
	KEEP=1
else
	out="$(mktemp -d "${TMPDIR:-/tmp}/goasyncio-bench.XXXXXX")"
	if [[ "${KEEP:-}" != 1 ]]; then
		trap 'rm -rf "$out"' EXIT
	fi

	# uvloop: Debian's python3-uvloop, under the system Python.
	uv=0
	if [[ "${NO_UVLOOP:-}" != 1 ]]; then
		if ! "$UVLOOP_PYTHON" -c 'import uvloop' 2>/dev/null && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
			log "uvloop: not importable by $UVLOOP_PYTHON; trying apt-get install -y python3-uvloop"
			apt-get install -y python3-uvloop >"$out/apt.log" 2>&1 || true
		fi
		if "$UVLOOP_PYTHON" -c 'import uvloop' 2>/dev/null; then
			uv=1
		else
			log "uvloop: python3-uvloop is not installed and could not be installed: no uvloop column"
		fi
	fi
	echo "$uv" >"$out/uvloop"

	{
		echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "go:     $(go version)"
		echo "python: $("$PYTHON" --version 2>&1)"
		if [[ "$uv" == 1 ]]; then
			echo "uvloop: $("$UVLOOP_PYTHON" -c 'import sys, uvloop; print("uvloop", uvloop.__version__, "on Python", sys.version.split()[0])')"
		fi
		echo "cpu:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "reps:   $REPS, go test -count=$GOCOUNT -benchtime=$BENCHTIME per repetition"
	} | tee "$out/info" >&2

	log "building the test binaries"
	mkdir -p "$out/bin"
	for p in "${PKGS[@]}"; do
		go test -c -o "$out/bin/${p##*/}.test" "./$p"
	done

	gorun() { # one go test -bench run of every package, then the memory benchmarks
		local r="$1" p h pat
		for p in "${PKGS[@]}"; do
			log "rep $r/$REPS: go ${p##*/}"
			pat=.
			# The pending-task memory benchmarks run below, each alone.
			[[ "$p" == loop ]] && pat='^Benchmark(Bare|LoopIteration|Task|SpawnGather|CallLater|FutureAwait|RunInExecutor)'
			(cd "$root/$p" && "$out/bin/${p##*/}.test" -test.run '^$' -test.bench "$pat" -test.benchmem \
				-test.short -test.benchtime "$BENCHTIME" -test.count "$GOCOUNT") >"$out/go.$r.${p##*/}"
		done
		# Memory per pending task: each handoff in a process of its own,
		# with one op, so that no goroutine descriptor left by an earlier
		# benchmark is reused (see bnPendingTasks in loop/bench_test.go).
		for h in channel pull; do
			log "rep $r/$REPS: go PendingTasks100k/$h"
			(cd "$root/loop" && "$out/bin/loop.test" -test.run '^$' -test.bench "^BenchmarkPendingTasks100k/$h\$" \
				-test.benchtime 1x) >>"$out/go.$r.loop"
		done
	}
	pyrun() { # every twin once, on CPython 3.13 and then on uvloop
		local r="$1" s
		for s in "${SCRIPTS[@]}"; do
			log "rep $r/$REPS: python $s.py"
			"$PYTHON" "bench/python/$s.py" >"$out/py.$r.$s"
		done
		if [[ "$uv" == 1 ]]; then
			for s in "${SCRIPTS[@]}"; do
				log "rep $r/$REPS: uvloop $s.py"
				"$UVLOOP_PYTHON" "bench/python/$s.py" --uvloop >"$out/uv.$r.$s"
			done
		fi
	}
	# Alternate: odd repetitions run ours first, even ones Python first,
	# so that a change of load on the machine does not favour one side.
	for ((r = 1; r <= REPS; r++)); do
		if ((r % 2)); then
			gorun "$r"
			pyrun "$r"
		else
			pyrun "$r"
			gorun "$r"
		fi
	done

	if [[ "${NO_MILLION:-}" != 1 ]]; then
		# A million tasks: once each, every peak measurement in a process
		# of its own.
		: >"$out/m1.go.tasks"
		for h in channel pull; do
			log "1M: go PendingTasks1M/$h"
			(cd loop && "$out/bin/loop.test" -test.run '^$' -test.bench "PendingTasks1M/$h\$" -test.benchtime 1x) >>"$out/m1.go.tasks"
		done
		for h in channel pull; do
			log "1M: go PendingGather1M/$h"
			(cd loop && "$out/bin/loop.test" -test.run '^$' -test.bench "PendingGather1M/$h\$" -test.benchtime 1x) >"$out/m1.go.gather.$h"
		done
		log "1M: python pending_tasks.py --n 1000000, pending_gather.py"
		"$PYTHON" bench/python/pending_tasks.py --n 1000000 --no-trace >"$out/m1.py.tasks"
		"$PYTHON" bench/python/pending_gather.py >"$out/m1.py.gather"
		if [[ "$uv" == 1 ]]; then
			log "1M: uvloop pending_tasks.py --n 1000000, pending_gather.py"
			"$UVLOOP_PYTHON" bench/python/pending_tasks.py --n 1000000 --no-trace --uvloop >"$out/m1.uv.tasks"
			"$UVLOOP_PYTHON" bench/python/pending_gather.py --uvloop >"$out/m1.uv.gather"
		fi
	fi
fi

cat "$out/info"

# benchstat over the repetitions of the Go side.
bs="${BENCHSTAT:-}"
if [[ -z "$bs" ]]; then
	if command -v benchstat >/dev/null; then
		bs="$(command -v benchstat)"
	else
		gobin="${TMPDIR:-/tmp}/goasyncio-benchstat"
		if [[ ! -x "$gobin/benchstat" ]]; then
			log "installing benchstat into $gobin (from the module proxy)"
			(cd / && GOBIN="$gobin" go install golang.org/x/perf/cmd/benchstat@latest) >&2 || true
		fi
		[[ -x "$gobin/benchstat" ]] && bs="$gobin/benchstat"
	fi
fi
if [[ -n "$bs" ]]; then
	echo
	echo "== benchstat, Go side ($REPS x $GOCOUNT runs of each benchmark; memory: $REPS and 1) =="
	for p in "${PKGS[@]}"; do
		cat "$out"/go.*."${p##*/}" >"$out/all.${p##*/}"
		"$bs" "$out/all.${p##*/}" || true
	done
	if [[ -f "$out/m1.go.tasks" ]]; then
		cat "$out"/m1.go.* >"$out/all.m1"
		"$bs" "$out/all.m1" || true
	fi
else
	echo "benchstat: not available (install failed): Go side summarised below only"
fi

"$PYTHON" - "$out" "$REPS" "$STAT" <<'PY'
import os
import re
import statistics
import sys

out, reps, stat = sys.argv[1], int(sys.argv[2]), sys.argv[3]
uv = open(os.path.join(out, "uvloop")).read().strip() == "1"

# workload, Go package, Go benchmark, Go metric, units per Go op (to turn
# allocs/op and B/op into per-unit figures), Python result name, Python
# metric. The Python result name is the line's prefix.
ROWS = [
    ("bare channel round trip", "loop", "BareChannelRoundTrip", "ns/op", 1, None, None),
    ("bare iter.Pull round trip", "loop", "BarePullRoundTrip", "ns/op", 1, None, None),
    ("loop iteration, one callback", "loop", "LoopIteration", "ns/op", 1, None, None),
    ("Send + Co.Yield, channel", "coroutine", "SendYield/channel", "ns/op", 1, None, None),
    ("Send + Co.Yield, pull", "coroutine", "SendYield/pull", "ns/op", 1, None, None),
    ("task step, channel", "loop", "TaskStep/channel", "ns/op", 1, "task_step", "ns/step"),
    ("task step, pull", "loop", "TaskStep/pull", "ns/op", 1, "task_step", "ns/step"),
    ("task switch, channel", "loop", "TaskSwitch/channel", "ns/switch", 2, "task_switch", "ns/switch"),
    ("task switch, pull", "loop", "TaskSwitch/pull", "ns/switch", 2, "task_switch", "ns/switch"),
    ("spawn+gather 100k, channel", "loop", "SpawnGather100k/channel", "ns/task", 100_000, "spawn_gather_100k", "ns/task"),
    ("spawn+gather 100k, pull", "loop", "SpawnGather100k/pull", "ns/task", 100_000, "spawn_gather_100k", "ns/task"),
    ("fib(25) await, Coroutine objects", "coroutine", "InlineAwaitFib25", "ns/await", 242_785, "fib25_inline_await", "ns/await"),
    ("fib(25) await, Func values", "coroutine", "InlineAwaitFuncFib25", "ns/await", 242_785, "fib25_inline_await", "ns/await"),
    ("call_later 100k timers", "loop", "CallLater100k", "ns/timer", 100_000, "call_later_100k", "ns/timer"),
    ("future resolved by call_soon", "loop", "FutureAwait", "ns/op", 1, "future_await", "ns/op"),
    ("Queue maxsize=1, per item", "gobench", "Queue/maxsize=1", "ns/op", 1, "queue_maxsize_1", "ns/item"),
    ("Queue maxsize=100, per item", "gobench", "Queue/maxsize=100", "ns/op", 1, "queue_maxsize_100", "ns/item"),
    ("Lock, 100 tasks, per acquire", "gobench", "LockContention", "ns/acquire", 1, "lock_contention_100", "ns/acquire"),
    ("run_in_executor round trip", "loop", "RunInExecutor", "ns/op", 1, "run_in_executor", "ns/op"),
    ("pending task 100k, channel: B/task", "loop", "PendingTasks100k/channel", "B/task", None, "pending_tasks_100k", "B/task"),
    ("pending task 100k, pull: B/task", "loop", "PendingTasks100k/pull", "B/task", None, "pending_tasks_100k", "B/task"),
]
M1_ROWS = [
    ("pending task 1M, channel: B/task", "PendingTasks1M/channel", "B/task", "tasks", "pending_tasks_1m", "B/task"),
    ("pending task 1M, pull: B/task", "PendingTasks1M/pull", "B/task", "tasks", "pending_tasks_1m", "B/task"),
    ("1M pending + gather, channel: peak MB", "PendingGather1M/channel", "Sys-MB", "gather.channel", "pending_gather_1m", "peakRSS-MB"),
    ("1M pending + gather, pull: peak MB", "PendingGather1M/pull", "Sys-MB", "gather.pull", "pending_gather_1m", "peakRSS-MB"),
]
PY_SCRIPT_OF = {
    "task_step": "task_step", "task_switch": "task_switch", "spawn_gather_100k": "spawn_gather",
    "call_later_100k": "call_later", "fib25_inline_await": "fib25", "future_await": "future_await",
    "queue_maxsize_1": "queue_pc", "queue_maxsize_100": "queue_pc", "lock_contention_100": "lock_contention",
    "run_in_executor": "run_in_executor", "pending_tasks_100k": "pending_tasks",
}


def go_samples(path):
    """{name: [{unit: value}, ...]} from one benchmark output (one entry
    per -count run, in order)."""
    res = {}
    if not os.path.exists(path):
        return res
    for line in open(path):
        m = re.match(r"Benchmark(\S+?)(-\d+)?\s+\d+\s+(.*)", line)
        if not m:
            continue
        f = m.group(3).split()
        res.setdefault(m.group(1), []).append({f[i + 1]: float(f[i]) for i in range(0, len(f) - 1, 2)})
    return res


def go_results(path):
    """{name: {unit: value}}: the last run of each benchmark."""
    return {k: v[-1] for k, v in go_samples(path).items()}


def py_results(path):
    """{name: {unit: value}} from one twin's output."""
    res = {}
    if not os.path.exists(path):
        return res
    for line in open(path):
        m = re.match(r"(\S+): checksum=\S+ (.*)", line)
        if m:
            res[m.group(1)] = {k: float(v) for k, v in re.findall(r"(\S+)=([0-9.]+)", m.group(2))}
    return res


# go[pkg] is a list of {name: {unit: value}}, one per go test run: every
# -count run of every repetition.
go = {}
for pkg in ("coroutine", "loop", "gobench"):
    runs = []
    for r in range(1, reps + 1):
        smp = go_samples(os.path.join(out, f"go.{r}.{pkg}"))
        n = max((len(v) for v in smp.values()), default=0)
        for i in range(n):
            runs.append({k: v[i] for k, v in smp.items() if i < len(v)})
    go[pkg] = runs


def side(prefix, name, unit):
    script = PY_SCRIPT_OF[name]
    return [py_results(os.path.join(out, f"{prefix}.{r}.{script}")).get(name, {}).get(unit) for r in range(1, reps + 1)]


def summ(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return min(xs) if stat == "min" else statistics.median(xs)


def spread(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "-"
    return f"{fmt(min(xs))}–{fmt(max(xs))}"


def fmt(x):
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.1f}"


def speedup(theirs, ours):
    return theirs / ours if theirs and ours else None


def fx(x):
    return "-" if x is None else f"{x:.1f}×"


table = []  # rows of strings
vals = {}   # workload -> (ours, cpython, uvloop)
for name, pkg, bench, unit, per, pyname, pyunit in ROWS:
    og = [g.get(bench, {}).get(unit) for g in go[pkg]]
    ours = summ(og)
    allocs = summ([g.get(bench, {}).get("allocs/op") for g in go[pkg]])
    nbytes = summ([g.get(bench, {}).get("B/op") for g in go[pkg]])
    ab = "-"
    if per and allocs is not None:
        ab = f"{allocs / per:.1f} / {nbytes / per:,.0f}"
    cp = side("py", pyname, pyunit) if pyname else [None]
    uvs = side("uv", pyname, pyunit) if pyname and uv else [None]
    c, u = summ(cp), summ(uvs)
    vals[name] = (ours, c, u, og)
    is_mem = unit == "B/task"
    table.append([name, fmt(ours), spread(og), ab, fmt(c), spread(cp), "-" if is_mem else fx(speedup(c, ours)),
                  fmt(u), spread(uvs), "-" if is_mem else fx(speedup(u, ours))])

m1 = {}
for name, bench, unit, gofile, pyname, pyunit in M1_ROWS:
    g = go_results(os.path.join(out, f"m1.go.{gofile}")).get(bench, {})
    pyfile = "tasks" if pyname.startswith("pending_tasks") else "gather"
    c = py_results(os.path.join(out, f"m1.py.{pyfile}")).get(pyname, {}).get(pyunit)
    u = py_results(os.path.join(out, f"m1.uv.{pyfile}")).get(pyname, {}).get(pyunit) if uv else None
    ours = g.get(unit)
    m1[name] = (ours, g)
    if ours is None and c is None:
        continue
    extra = ""
    if unit == "Sys-MB" and g:
        extra = f"RSS {fmt(g.get('peakRSS-MB'))}"
    table.append([name, fmt(ours), "(1 run)", extra or "-", fmt(c), "(1 run)", "-", fmt(u), "(1 run)" if uv else "-", "-"])

head = ["workload", "ours", "ours min–max", "allocs / B per unit", "CPython 3.13", "CPy min–max", "CPy/ours",
        "uvloop", "uv min–max", "uv/ours"]
if not uv:
    head, table = head[:7], [r[:7] for r in table]
print()
print(f"== ours vs CPython{' vs uvloop' if uv else ''} ({stat} of {reps} repetitions, ours {len(go['loop'])} runs; ns per unit unless the workload says B or MB; "
      f"X/ours = how many times faster we are) ==")
print()
print("| " + " | ".join(head) + " |")
print("|" + "|".join(" --- " for _ in head) + "|")
for r in table:
    print("| " + " | ".join(r) + " |")
if not uv:
    print()
    print("uvloop: not available, no uvloop column")

# --- targets (issue 5) ---
print()
print("== targets (issue 5) ==")
results = []


def target(desc, value, ok, shown):
    results.append(ok)
    verdict = "n/a (not measured)" if ok is None else ("MET" if ok else "NOT MET")
    print(f"  {verdict:8}  {desc}: {shown}")


# Task step / bare channel round trip, within each run.
ratios = []
for g in go["loop"]:
    step, bare = g.get("TaskStep/channel", {}).get("ns/op"), g.get("BareChannelRoundTrip", {}).get("ns/op")
    if step and bare:
        ratios.append(step / bare)
rr = summ(ratios)
target("task step <= 1.3x the bare channel round trip (same run)", rr, None if rr is None else rr <= 1.3,
       "-" if rr is None else f"{rr:.2f}x ({stat}; runs {', '.join(f'{x:.2f}x' for x in ratios)})")
pr = []
for g in go["loop"]:
    step, bare = g.get("TaskStep/pull", {}).get("ns/op"), g.get("BarePullRoundTrip", {}).get("ns/op")
    if step and bare:
        pr.append(step / bare)
if pr:
    print(f"  (info)    task step, pull / bare iter.Pull round trip: {summ(pr):.2f}x ({stat}; runs {', '.join(f'{x:.2f}x' for x in pr)})")


def speed_target(desc, workload, col, need):
    ours, c, u, _ = vals[workload]
    theirs = c if col == "cpython" else u
    s = speedup(theirs, ours)
    target(desc, s, None if s is None else s >= need,
           "-" if s is None else f"{s:.1f}x (ours {fmt(ours)} ns, {col} {fmt(theirs)} ns)")


speed_target("task switch >= 7x CPython (channel)", "task switch, channel", "cpython", 7)
speed_target("task switch >= 4x uvloop (channel)", "task switch, channel", "uvloop", 4)
speed_target("spawn+gather >= 8x CPython (channel)", "spawn+gather 100k, channel", "cpython", 8)
for w in ("fib(25) await, Coroutine objects", "fib(25) await, Func values"):
    speed_target(f"inline awaits >= 3x CPython ({w.split(', ')[1]})", w, "cpython", 3)
    ours = vals[w][0]
    target(f"inline awaits <= 30 ns per await ({w.split(', ')[1]})", ours, None if ours is None else ours <= 30,
           f"{fmt(ours)} ns")
speed_target("timers >= 6x CPython", "call_later 100k timers", "cpython", 6)
speed_target("Queue items >= 5x CPython (maxsize=1)", "Queue maxsize=1, per item", "cpython", 5)
speed_target("Queue items >= 5x CPython (maxsize=100)", "Queue maxsize=100, per item", "cpython", 5)
# 3.5 KB taken as 3.5 KiB = 3,584 B.
for w in ("pending task 100k, channel: B/task",):
    ours = vals[w][0]
    target("memory <= 3.5 KB (3,584 B) per pending task, 100k tasks (channel)", ours,
           None if ours is None else ours <= 3584, f"{fmt(ours)} B/task")
ours, g = m1["pending task 1M, channel: B/task"]
target("memory <= 3.5 KB (3,584 B) per pending task, 1M tasks (channel)", ours,
       None if ours is None else ours <= 3584, f"{fmt(ours)} B/task" if ours else "-")
ours, g = m1["1M pending + gather, channel: peak MB"]
rss = g.get("peakRSS-MB") if g else None
target("1M pending tasks complete a gather in under 4 GB (channel; Go Sys, and peak RSS)", ours,
       None if ours is None else max(ours, rss or 0) < 4096,
       "-" if ours is None else f"Sys {fmt(ours)} MB, peak RSS {fmt(rss)} MB")
speed_target("task switch >= 25x CPython (pull)", "task switch, pull", "cpython", 25)
met = sum(1 for x in results if x)
print(f"  {met} of {len(results)} targets met ({sum(1 for x in results if x is None)} not measured)")
PY
if [[ "${KEEP:-}" == 1 ]]; then
	echo "raw outputs kept in $out" >&2
fi
