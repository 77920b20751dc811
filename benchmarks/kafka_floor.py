#!/usr/bin/env python3
"""librdkafka's own cost per output message, measured with a client we did not write (kcat).

The worker publishes about 24 messages per 10 KB input (its record and one event per finding). This script makes the
same messages (`disclosure-worker parse` over the bench corpus, keyed by document id), and has kcat produce them to
the dev broker with the worker's producer settings, twice:
- as fast as it can (librdkafka fills its batches: the cheapest case);
- with at most one input's messages per batch (`batch.num.messages`), as the worker's requests mostly carry.
It reports kcat's CPU (user + system, librdkafka's threads included) and the dev broker's, per message and per input,
and checks that the topic holds every message. kcat also reads and splits the lines, so its figure is an upper bound
on librdkafka's. docs/BENCHMARKS.md, "librdkafka's floor per message".

    python3 benchmarks/kafka_floor.py --bin-dir .build/release --corpus out/bench/corpus [--inputs 10000]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench import proc_cpu_seconds  # this folder's bench.py: a process's user + system CPU

# The worker's producer defaults that bear on the cost (config/worker.yaml).
PRODUCER = ["enable.idempotence=true", "acks=all", "linger.ms=1", "socket.nagle.disable=true",
            "compression.codec=none"]
TOPIC = "disclosures.anomalies"


def outputs_per_input(worker, corpus):
    """The outputs of each 10 KB corpus document, as the worker would publish them (record first)."""
    folder = os.path.join(corpus, "10k")
    files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    parsed = subprocess.run([worker, "parse"] + files, check=True, capture_output=True).stdout
    inputs = []
    for line in parsed.splitlines():
        document = json.loads(line)
        values = [document["record"]] + document["anomalies"]
        inputs.append([json.dumps(value, ensure_ascii=False, separators=(",", ":")) for value in values])
    return inputs


def run(worker, messages_path, message_count, extra):
    broker = subprocess.Popen([worker, "dev-broker", "--partitions", "64"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        # Its first line is `bootstrap.servers=HOST:PORT` (as bench.py reads it).
        bootstrap = broker.stdout.readline().strip().split("=", 1)[-1]
        if not bootstrap:
            sys.exit("kafka_floor: the dev broker printed no bootstrap address")
        time.sleep(1)
        broker_before = proc_cpu_seconds(broker.pid)
        command = ["kcat", "-P", "-b", bootstrap, "-t", TOPIC, "-K", "\t"]
        for setting in PRODUCER + extra:
            command += ["-X", setting]
        started = time.monotonic()
        with open(messages_path, "rb") as messages:
            child = subprocess.Popen(command, stdin=messages)
            _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        broker_cpu = proc_cpu_seconds(broker.pid) - broker_before
        if status != 0:
            sys.exit(f"kafka_floor: kcat exited with status {status}")
        last = subprocess.run(["kcat", "-C", "-b", bootstrap, "-t", TOPIC, "-o", "-1", "-e", "-q", "-f", "%o\n"],
                              capture_output=True, text=True, timeout=60).stdout.split()
        held = sum(int(offset) + 1 for offset in last)
        if held != message_count:
            sys.exit(f"kafka_floor: the topic holds {held} messages, {message_count} were produced")
        return usage.ru_utime + usage.ru_stime, broker_cpu, wall
    finally:
        broker.terminate()
        broker.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True, help="folder with the release disclosure-worker")
    parser.add_argument("--corpus", required=True, help="scripts/gen_bench_corpus.py output")
    parser.add_argument("--inputs", type=int, default=10000, help="inputs whose outputs are produced")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    worker = os.path.join(args.bin_dir, "disclosure-worker")

    inputs = outputs_per_input(worker, args.corpus)
    per_input = sum(len(values) for values in inputs) / len(inputs)
    batch = round(per_input)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as messages:
        count = 0
        for index in range(args.inputs):
            for value in inputs[index % len(inputs)]:
                messages.write(f"input-{index}\t{value}\n")
                count += 1
    size = os.path.getsize(messages.name) / count
    print(f"{count} messages for {args.inputs} inputs ({per_input:.2f} per input, ~{size:.0f} bytes a line)")
    print("| batching | round | kcat CPU s | µs/message | µs/input | dev broker µs/message | µs/input | wall s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for round_number in range(1, args.rounds + 1):
            for label, extra in (("as fast as it can", []),
                                 (f"batch.num.messages={batch}", [f"batch.num.messages={batch}"])):
                cpu, broker_cpu, wall = run(worker, messages.name, count, extra)
                print(f"| {label} | {round_number} | {cpu:.2f} | {cpu / count * 1e6:.2f} | "
                      f"{cpu / args.inputs * 1e6:.0f} | {broker_cpu / count * 1e6:.2f} | "
                      f"{broker_cpu / args.inputs * 1e6:.0f} | {wall:.2f} |")
    finally:
        os.unlink(messages.name)


if __name__ == "__main__":
    main()
