#!/usr/bin/env python3
"""Where the worker's threads run and sleep during one pipeline round: a scheduler trace.

Runs one `bench.py --pipeline-only` round in the background, records `sched:sched_switch` and
`sched:sched_waking` on every CPU with `perf` (root) while the worker processes the stream, and prints:

- the cores each kind of thread used in the processing window (the 100 ms bins in which the Swift
  cooperative pool ran), and what was left: nothing of the pipeline running (idle, or other processes);
- how long the processing threads (the cooperative pool) slept, by the thread whose wake-up ended each
  sleep: the delivery-report thread (acknowledgements), the other processing thread (work handed over),
  the consumer's poll queue (dispatch threads: new input), librdkafka's threads.

Usage: sched_trace.py --bin-dir DIR --corpus DIR [--count 25000] [--out DIR] [-- extra bench.py flags]
The worker and dev broker are DIR/disclosure-worker. Needs root (perf on all CPUs).
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^\s*(.+?)\s+(\d+)/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)$")
SWITCH = re.compile(r"prev_comm=(.*) prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=(.*) next_pid=(\d+)")
WAKING = re.compile(r" pid=(\d+)")
POOL = "oot.default-qos"  # com.apple.root.default-qos, cut to 15 characters: the cooperative pool


def find(pattern, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
        if out:
            return out[0]
        time.sleep(0.05)
    raise SystemExit(f"sched_trace: no process matching {pattern!r}")


def record(args):
    os.makedirs(args.out, exist_ok=True)
    binary = os.path.join(os.path.abspath(args.bin_dir), "disclosure-worker")
    bench = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "bench.py"), "--pipeline-only", "--no-python", "--no-core",
         "--rounds", "1", "--count", str(args.count), "--bin-dir", args.bin_dir, "--corpus", args.corpus,
         "--out", os.path.join(args.out, "bench")] + args.bench_flags,
        stdout=open(os.path.join(args.out, "bench.log"), "w"), stderr=subprocess.STDOUT)
    worker = find(f"^{re.escape(binary)} run")
    broker = find(f"^{re.escape(binary)} dev-broker")
    # The worker joins its group (~3 s on the mock cluster) and then works through the stream: record from 1 s
    # after its start for long enough to hold the whole stream (the window is found in the trace itself).
    time.sleep(1.0)
    data = os.path.join(args.out, "sched.data")
    subprocess.run(["perf", "record", "-q", "-e", "sched:sched_switch", "-e", "sched:sched_waking", "-a", "-o", data,
                    "--", "sleep", str(args.seconds)], check=True, stderr=subprocess.DEVNULL)
    bench.wait()
    text = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,tid,cpu,time,event,trace"],
                          capture_output=True, text=True).stdout
    return worker, broker, text


def analyze(worker, broker, text):
    events, tgid, comm = [], {}, {}
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        name, pid, tid, cpu, t, event, rest = m.groups()
        tgid[tid], comm[tid] = pid, name
        events.append((float(t), int(cpu), event, tid, name, rest))
        if event == "sched_switch":
            s = SWITCH.search(rest)
            if s:
                comm.setdefault(s.group(5), s.group(4))

    def kind(tid):
        group = {worker: "worker", broker: "dev broker"}.get(tgid.get(tid))
        return f"{group}: {comm.get(tid, '?')}" if group else None

    # Time on each CPU by thread, in 100 ms bins.
    bins = collections.defaultdict(collections.Counter)
    current, since = {}, {}
    for t, cpu, event, tid, name, rest in events:
        if event != "sched_switch":
            continue
        s = SWITCH.search(rest)
        if cpu in since:
            a, b = round(since[cpu] * 1e6), round(t * 1e6)
            who = kind(current[cpu]) or "nothing of the pipeline (idle or other processes)"
            while a < b:
                e = min(b, (a // 100_000 + 1) * 100_000)
                bins[a // 100_000][who] += (e - a) / 1e6
                a = e
        current[cpu], since[cpu] = s.group(5), t
    pool = f"worker: {POOL}"
    window = [k for k in sorted(bins) if bins[k][pool] > 0.005]
    if not window:
        raise SystemExit("sched_trace: the worker's processing threads never ran in the trace")
    seconds = len(window) * 0.1
    total = collections.Counter()
    for k in window:
        total.update(bins[k])
    print(f"processing window: {seconds:.1f} s (100 ms bins with the processing threads on > 0.05 cores)")
    print("| thread | cores |\n|---|---:|")
    for who, v in total.most_common():
        if v / seconds >= 0.005:
            print(f"| {who} | {v / seconds:.2f} |")

    # Processing threads' sleeps, by the thread whose wake-up ended them.
    first, last = window[0] * 0.1, (window[-1] + 1) * 0.1
    asleep, slept, count = {}, collections.Counter(), collections.Counter()
    for t, cpu, event, tid, name, rest in events:
        if not first <= t < last:
            continue
        if event == "sched_waking":
            target = WAKING.search(rest).group(1)
            if target in asleep:
                waker = kind(tid) or f"other process ({name})"
                slept[waker] += t - asleep.pop(target)
                count[waker] += 1
        elif event == "sched_switch":
            s = SWITCH.search(rest)
            if s and s.group(3) != "R" and kind(s.group(2)) == pool:
                asleep[s.group(2)] = t
    print("\nprocessing threads asleep, by the thread that woke them (thread-seconds per second of the window)")
    print("| woken by | thread-s/s | sleeps | mean sleep µs |\n|---|---:|---:|---:|")
    for who, v in slept.most_common():
        print(f"| {who} | {v / seconds:.3f} | {count[who]} | {1e6 * v / count[who]:.0f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--count", type=int, default=25000, help="documents in the round (keep the backlog under "
                        "the mock cluster's ~5 MB per partition: 25,000 x 10 KB on 64 partitions is ~4 MB each)")
    parser.add_argument("--seconds", type=float, default=7.0, help="how long perf records")
    parser.add_argument("--out", default="out/sched")
    parser.add_argument("bench_flags", nargs="*", help="after --: more bench.py flags (e.g. --realtime, --env K=V)")
    args = parser.parse_args()
    analyze(*record(args))


if __name__ == "__main__":
    main()
