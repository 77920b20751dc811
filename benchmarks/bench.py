#!/usr/bin/env python3
"""scripts/bench's driver: every benchmark of issue 7 in one run, each figure beside its baseline.

  bench.py --bin-dir DIR --corpus DIR [--quick] [--out DIR] [--backlog N]

1. core: DisclosureBench (decode-only, normalize-only, parse+validate, parse+validate+JSON; per size and variant).
2. allocations: valgrind's heap summary, processing one 10 KB document 20 times minus 0 times.
3. pipeline: a dev broker; the same raw stream of 10 KB documents (UTF-8, GB18030, HTML mixed) read in turn, in
   rounds, by a pass-through, the worker and the Python regex peer, each in its own consumer group; then a paced
   stream for latency (record timestamp minus input timestamp, by key).
4. memory: the worker's peak RSS (VmHWM) at 1, 4 and 16 concurrent tasks, on 2 KB and 200 KB documents, and
   sampled through a backlog of 2 KB documents.
Prints a table and writes it (with the raw figures as JSON) to --out.

  bench.py --bin-dir DIR --corpus DIR --latency-only [--rounds N] [--count N] [--compare BIN] [--env K=V]...

runs only step 3's paced stream, several times (variants interleaved), and breaks each run's latency down: see
latency_only().
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from confluent_kafka import Consumer, Producer, TopicPartition

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "kafka_peer.py")
# Documents each Python consumer reads per run (the same stream, several passes): ~1 s for the pass-through,
# a few seconds for the peer.
PYTHON_READS = 15_000
CONTENT_TYPES = {"utf8.txt": "text/plain; charset=utf-8", "gb18030.txt": "text/plain; charset=gb18030",
                 "html": "text/html; charset=utf-8"}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load(corpus, size, variants):
    folder = os.path.join(corpus, size)
    docs = []
    for name in sorted(os.listdir(folder)):
        for variant in variants:
            if name.endswith("." + variant):
                with open(os.path.join(folder, name), "rb") as f:
                    docs.append((variant, f.read()))
    return docs


def produce(bootstrap, topic, docs, count, prefix, rate=None, acked=None):
    """Produces `count` messages cycling over `docs`, key = document-id header = prefix-i; returns {key: ts ms}.
    With `acked` (a dict), also the wall-clock time (ms) each delivery report was served: the latest the input can
    have reached the broker (the reports are served by the pacing polls, so within a few ms of the acknowledgement)."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "queue.buffering.max.messages": 2000000,
                         "queue.buffering.max.kbytes": 2097151, "message.max.bytes": 10000000})
    stamps = {}

    sent = {}

    def delivered(error, message):
        # The delivery report carries no timestamp on librdkafka 2.0.2: the create time is the produce() call's.
        if error is None:
            key = message.key().decode()
            stamps[key] = sent[key]
            if acked is not None:
                acked[key] = time.time() * 1000

    start = time.monotonic()
    for i in range(count):
        variant, data = docs[i % len(docs)]
        key = f"{prefix}-{i}"
        headers = [("document-id", key.encode()), ("content-type", CONTENT_TYPES[variant].encode())]
        if rate:
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                producer.poll(delay)
        while True:
            try:
                sent[key] = int(time.time() * 1000)
                producer.produce(topic, value=data, key=key.encode(), headers=headers, on_delivery=delivered,
                                 timestamp=sent[key])
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    producer.flush(120)
    if len(stamps) != count:
        raise SystemExit(f"bench: only {len(stamps)} of {count} messages to {topic} were acknowledged")
    return stamps


def topic_count(bootstrap, topic):
    """Messages currently retained in `topic` (high minus low watermark, summed): checks nothing was dropped."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-watermarks"})
    metadata = consumer.list_topics(topic, timeout=10)
    total = 0
    for partition in metadata.topics[topic].partitions:
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        total += high - low
    consumer.close()
    return total


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds():
    """(busy, total) CPU seconds of the whole machine so far, summed over its CPUs (/proc/stat): whether the worker,
    the dev broker and whatever else runs left any CPU idle."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(ticks[:8]) - idle) / tick, sum(ticks[:8]) / tick


def proc_minor_faults(pid):
    """Minor page faults of the process so far: memory the allocator gave back to the kernel and touched again."""
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[7])


def proc_status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024  # MiB
    return 0.0


def scrape(port):
    """(inputs finished, CPU seconds the worker spent in the core) from /metrics; (-1, 0) when not answering."""
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
    except OSError:
        return -1, 0.0
    total = 0
    core_cpu = 0.0
    for line in body.splitlines():
        if line.startswith(("disclosure_documents_processed_total", "disclosure_documents_dead_lettered_total")):
            total += int(float(line.rsplit(" ", 1)[1]))
        elif line.startswith("disclosure_processing_cpu_seconds_total"):
            core_cpu = float(line.rsplit(" ", 1)[1])
    return total, core_cpu


def processed(port):
    return scrape(port)[0]


def thread_cpu_seconds(pid):
    """CPU seconds per thread group of the process: librdkafka's own threads (`rdk:*`), the producer's
    delivery-report poll thread (`kafka-dr-poll`) and all others."""
    split = {"librdkafka": 0.0, "delivery": 0.0, "other": 0.0}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        split["librdkafka" if name.startswith("rdk:") else "delivery" if name == "kafka-dr-poll" else "other"] += seconds
    return split


def thread_switches(pid):
    """Context switches per thread group of the process so far, (voluntary, involuntary): librdkafka's threads
    (`rdk:*`), the delivery-report poll thread and all others (the processing pool, the consumer's poll, /metrics).
    Voluntary: the thread blocked (a wake-up follows); involuntary: it was preempted."""
    split = {"librdkafka": [0, 0], "delivery": [0, 0], "other": [0, 0]}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue  # the thread ended
        name = status["Name"].strip()
        group = split["librdkafka" if name.startswith("rdk:") else "delivery" if name == "kafka-dr-poll" else "other"]
        group[0] += int(status["voluntary_ctxt_switches"])
        group[1] += int(status["nonvoluntary_ctxt_switches"])
    return split


class Worker:
    """One `disclosure-worker run` process, watched through /metrics and /proc."""

    def __init__(self, binary, bootstrap, group, topic, concurrency, workdir, env=None, broker_pid=None,
                 settings=()):
        self.broker_pid = broker_pid
        self.log_path = os.path.join(workdir, f"worker-{group}.log")
        env = dict(os.environ, DISCLOSURE_LOG_FORMAT="text", **(env or {}))
        self.process = subprocess.Popen(
            [binary, "run", "--bootstrap-servers", bootstrap, "--group-id", group, "--set", "metrics.port=0",
             "--set", "metrics.host=127.0.0.1", "--set", "kafka.sessionTimeoutMs=6000", "--set",
             f"topics.raw={topic}", "--set", f"concurrency.workers={concurrency}"]
            + [x for setting in settings for x in ("--set", setting)],
            stdout=subprocess.DEVNULL, stderr=open(self.log_path, "w"), env=env)
        self.port = None
        for _ in range(600):
            with open(self.log_path) as f:
                match = re.search(r"http\.address=\S*:(\d+)", f.read())
            if match:
                self.port = int(match.group(1))
                break
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        if self.port is None:
            raise SystemExit(f"bench: the worker did not start; see {self.log_path}")

    def wait_for(self, count, timeout, samples=None):
        """Waits until `count` inputs are finished; returns (seconds from first finished input, cpu seconds, inputs
        finished in that window, and the window's CPU split: core, librdkafka's threads, the rest)."""
        first = cpu0 = None
        deadline = time.monotonic() + timeout
        last_sample = 0.0
        while time.monotonic() < deadline:
            done, core = scrape(self.port)
            now = time.monotonic()
            if done > 0 and first is None:
                first, cpu0, first_done = now, proc_cpu_seconds(self.process.pid), done
                faults0 = proc_minor_faults(self.process.pid)
                core0, threads0 = core, thread_cpu_seconds(self.process.pid)
                switches0 = thread_switches(self.process.pid)
                machine0 = machine_cpu_seconds()
                broker0 = proc_cpu_seconds(self.broker_pid) if self.broker_pid else 0.0
                broker_faults0 = proc_minor_faults(self.broker_pid) if self.broker_pid else 0
            if samples is not None and now - last_sample > 0.5:
                samples.append((max(done, 0), proc_status(self.process.pid, "VmRSS")))
                last_sample = now
            if done >= count:
                seconds = now - first
                threads = thread_cpu_seconds(self.process.pid)
                cpu = proc_cpu_seconds(self.process.pid) - cpu0
                # Core: the processing tasks' thread CPU time inside the core (the worker's own counter); librdkafka:
                # its threads (brokers, main); the rest: Swift plumbing, scheduling, delivery reports, /metrics.
                # Delivery: the producer's poll thread serving delivery reports (librdkafka frees the sent messages
                # there).
                split = {"core_cpu_s": core - core0,
                         "librdkafka_cpu_s": threads["librdkafka"] - threads0["librdkafka"],
                         "delivery_cpu_s": threads["delivery"] - threads0["delivery"]}
                split["rest_cpu_s"] = cpu - split["core_cpu_s"] - split["librdkafka_cpu_s"] - split["delivery_cpu_s"]
                split["minor_faults"] = proc_minor_faults(self.process.pid) - faults0
                switches = thread_switches(self.process.pid)
                for group, (voluntary, involuntary) in switches.items():
                    split[f"{group}_voluntary_switches"] = voluntary - switches0[group][0]
                    split[f"{group}_involuntary_switches"] = involuntary - switches0[group][1]
                # The whole machine over the window: busy CPU-seconds (all processes) and the dev broker's share.
                machine = machine_cpu_seconds()
                split["machine_busy_cpu_s"] = machine[0] - machine0[0]
                split["machine_cpu_s"] = machine[1] - machine0[1]
                if self.broker_pid:
                    split["broker_cpu_s"] = proc_cpu_seconds(self.broker_pid) - broker0
                    # First touches of the mock cluster's growing in-memory log: ~40% of its CPU while it fills.
                    split["broker_minor_faults"] = proc_minor_faults(self.broker_pid) - broker_faults0
                # The first observed count may already be > 0: scale to the inputs finished inside the window.
                return seconds, cpu, count - first_done, split
            # Every poll is an HTTP request the worker serves and pays for in CPU time (~600 µs a scrape: at a fixed
            # 50 ms it was 5-12 µs per input of "the rest" in a profile, session 10). So poll fast only near the ends
            # of the window: before the first finished input, and once the rate says the count is close; in between,
            # sleep half the time the rest should take (at most 0.5 s, the RSS sampling period).
            rate = (done - first_done) / (now - first) if first is not None and now > first else 0.0
            if rate > 0 and done < count:
                time.sleep(min(0.5, max(0.02, (count - done) / rate / 2)))
            else:
                time.sleep(0.02 if first is None else 0.05)
        raise SystemExit(f"bench: the worker finished {processed(self.port)} of {count} inputs in {timeout} s")

    def peak_rss(self):
        return proc_status(self.process.pid, "VmHWM")

    def stop(self):
        self.process.terminate()
        self.process.wait(60)


def realtime(pid):
    """Every thread of `pid` to SCHED_FIFO 20 (threads it starts later inherit it)."""
    subprocess.run(["chrt", "-f", "-a", "-p", "20", str(pid)], check=True, stdout=subprocess.DEVNULL)


def save(args, results):
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


def pipeline_run(args, bootstrap, topic, count, concurrency, group, samples=None, keep=False, env=None, binary=None):
    worker = Worker(binary or args.worker, bootstrap, group, topic, concurrency, args.workdir, env,
                    broker_pid=getattr(args, "broker_pid", None))
    if getattr(args, "realtime", False):
        realtime(worker.process.pid)
    seconds, cpu, window, split = worker.wait_for(count, args.timeout, samples)
    result = {"docs_per_s": window / seconds if seconds > 0 else 0, "cpu_s": cpu, "window": window,
              "docs_per_cpu_s": window / cpu if cpu > 0 else 0, "peak_rss_mib": worker.peak_rss(),
              "cpu_share": cpu / seconds if seconds > 0 else 0, **split}
    if keep:
        return result, worker
    worker.stop()
    return result


def python_run(mode, bootstrap, topic, out_topic, count, group):
    # The Python consumers are fast: 3,000 documents took the pass-through ~0.15 s. They read the same stream
    # several times (seeking back to its start) so that a run lasts a few seconds and one stall cannot halve it.
    passes = max(1, -(-PYTHON_READS // count))
    output = subprocess.run([sys.executable, PEER, mode, bootstrap, topic, out_topic, str(count), group, str(passes)],
                            capture_output=True, text=True, timeout=600)
    if output.returncode != 0:
        raise SystemExit(f"bench: {mode} failed: {output.stderr[-2000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def latencies(bootstrap, stamps, prefix, topic="disclosures.records", records=None):
    """Record timestamp minus input timestamp (ms) per key with `prefix`, read from `topic`; with `records` (a dict),
    also each record's timestamp by key."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-latency-{time.time()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    found = {}
    deadline = time.monotonic() + 60
    while len(found) < len(stamps) and time.monotonic() < deadline:
        for message in consumer.consume(1000, 1.0):
            if message.error() or message.key() is None:
                continue
            key = message.key().decode()
            if key.startswith(prefix + "-") and key in stamps:
                found[key] = message.timestamp()[1] - stamps[key]
                if records is not None:
                    records[key] = message.timestamp()[1]
    consumer.close()
    values = sorted(found.values())
    if not values:
        return None
    return {"count": len(values), "p50_ms": values[len(values) // 2], "p99_ms": values[min(len(values) - 1, int(len(values) * 0.99))],
            "max_ms": values[-1]}


def worker_allocator(worker):
    """The malloc library the worker executable links in place of glibc's (issue 7: mimalloc), found with ldd, or
    None. The core-alone baselines run with it preloaded, so that pipeline/core compares the same allocator on both
    sides: the allocator is a property of the process, not of the Kafka plumbing being measured."""
    try:
        output = subprocess.run(["ldd", worker], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in output.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if name.startswith(("libmimalloc", "libjemalloc", "libtcmalloc")) and rest:
            return rest.split(" (")[0].strip()
    return None


def core_env(args):
    """DisclosureBench's environment: the worker's allocator preloaded when it links one (see worker_allocator)."""
    env = dict(os.environ)
    if args.core_allocator:
        env["LD_PRELOAD"] = args.core_allocator
    return env


def core_bench(args):
    corpus = args.corpus
    if args.pipeline_only:
        # The pipeline's documents only: a corpus folder holding just the 10 KB set.
        corpus = os.path.join(args.workdir, "corpus-10k")
        os.makedirs(corpus, exist_ok=True)
        os.symlink(os.path.abspath(os.path.join(args.corpus, "10k")), os.path.join(corpus, "10k"))
    # Several whole runs, each row's median kept: on this kind of shared VM the thread-CPU clock moved by up to x2
    # between runs seconds apart (docs/BENCHMARKS.md, run of 11:07), so one run cannot tell a 5% change.
    runs = []
    for _ in range(args.core_runs):
        output = subprocess.run([args.core, corpus, "--seconds", str(args.core_seconds), "--tsv"], capture_output=True,
                                text=True, timeout=900, env=core_env(args))
        if output.returncode != 0:
            raise SystemExit(f"bench: DisclosureBench failed: {output.stderr}")
        rows = {}
        for line in output.stdout.splitlines():
            parts = line.split("\t")
            if len(parts) == 9 and parts[0] == "core":
                rows[(parts[1], parts[2])] = {"docs": int(parts[3]), "avg_kb": float(parts[4]),
                                              "docs_per_s": float(parts[5]), "mb_per_s": float(parts[6]),
                                              "cpu_share": float(parts[7]), "us_per_doc": float(parts[8])}
        runs.append(rows)
    merged = {}
    for key in runs[0]:
        # The run whose µs/doc is the median, whole (its figures belong together), with every run's MB/s beside it.
        ordered = sorted((run[key] for run in runs if key in run), key=lambda row: row["us_per_doc"])
        merged[key] = dict(ordered[len(ordered) // 2], mb_per_s_runs=[row["mb_per_s"] for row in ordered])
    return merged


def core_both_cores(args):
    """The core alone on the pipeline's 10 KB documents, two DisclosureBench processes at once: µs per document
    (parse+validate+JSON, the three variants' mean) with both cores busy, as they are while the worker runs. On a
    quiet machine one thread has the other core idle (and its share of the host's caches); the worker never does."""
    corpus = os.path.join(args.workdir, "corpus-10k-dual")
    os.makedirs(corpus, exist_ok=True)
    if not os.path.exists(os.path.join(corpus, "10k")):
        os.symlink(os.path.abspath(os.path.join(args.corpus, "10k")), os.path.join(corpus, "10k"))
    command = [args.core, corpus, "--seconds", str(args.core_seconds), "--tsv"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=core_env(args)) for _ in range(2)]
    means = []
    for process in processes:
        output, _ = process.communicate(timeout=900)
        micros = [float(line.split("\t")[8]) for line in output.splitlines()
                  if line.startswith("core\t") and line.split("\t")[2] == "full"]
        if micros:
            means.append(sum(micros) / len(micros))
    return sum(means) / len(means) if means else 0


def pdf_bench(args):
    """PDF documents next to text ones: `disclosure-worker parse` over the whole corpus documents that ship as PDF
    (issue 9), and over the same documents' `pdftotext -layout` renderings (.layout.txt) as text input.

    CPU time of the parse process (utime+stime, RUSAGE_CHILDREN) for the file list given once and given 1 + R times
    in one invocation: the difference is R passes without the process start-up. Pages are the renderings' form feeds.
    """
    whole = args.whole
    if not os.path.isdir(whole):
        log(f"pdf: {whole} not found; skipped")
        return None
    names = sorted(n[:-4] for n in os.listdir(whole) if n.endswith(".pdf")
                   and os.path.exists(os.path.join(whole, n[:-4] + ".layout.txt")))
    if not names:
        return None
    pages = sum(open(os.path.join(whole, n + ".layout.txt"), encoding="utf-8").read().count("\f") + 1 for n in names)
    repeats = 1 if args.quick else 4
    rows = {}
    for label, suffix in (("pdf", ".pdf"), ("layout text", ".layout.txt")):
        files = [os.path.join(whole, n + suffix) for n in names]
        times = []
        for count in (1, 1 + repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([args.worker, "parse"] + files * count, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=900)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
        seconds = max(times[1] - times[0], 1e-9)
        size = sum(os.path.getsize(f) for f in files)
        rows[label] = {"docs": len(files), "pages": pages, "avg_kb": size / len(files) / 1024,
                       "docs_per_s": len(files) * repeats / seconds, "pages_per_s": pages * repeats / seconds,
                       "mb_per_s": size * repeats / seconds / 1e6}
    return rows


def allocations(args):
    """Allocations per document from valgrind's heap summary: 21 runs minus 1 run (one-time set-up), over 20.

    Valgrind cannot read the Swift binary's DWARF ("possibly corrupted debuginfo"), so it runs a copy without it.
    """
    path = os.path.join(args.corpus, "10k", "0000.utf8.txt")
    binary = os.path.join(args.workdir, "DisclosureBench.nodebug")
    subprocess.run(["objcopy", "--strip-debug", args.core, binary], check=True)
    counts = []
    for times in (1, 21):
        output = subprocess.run(["valgrind", "--tool=memcheck", "--leak-check=no", binary, "--repeat", str(times), path],
                                capture_output=True, text=True, timeout=600)
        match = re.search(r"total heap usage: ([\d,]+) allocs, [\d,]+ frees, ([\d,]+) bytes allocated", output.stderr)
        if not match:
            log("allocations: no heap summary from valgrind: " + output.stderr[-300:])
            return None
        counts.append((int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))))
    return {"allocs_per_doc": (counts[1][0] - counts[0][0]) / 20, "bytes_per_doc": (counts[1][1] - counts[0][1]) / 20,
            "doc_bytes": os.path.getsize(path)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", default="out/bench")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backlog", type=int, default=None)
    parser.add_argument("--partitions", type=int, default=64)
    parser.add_argument("--whole", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "../../shared/corpus/whole"))
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF row (no broker)")
    parser.add_argument("--pipeline-only", action="store_true",
                        help="only the core on 10 KB documents and the pipeline rounds (no PDF, latency, memory)")
    parser.add_argument("--count", type=int, default=None, help="documents in the pipeline stream")
    parser.add_argument("--rounds", type=int, default=None, help="pipeline rounds")
    parser.add_argument("--concurrency", type=int, default=4, help="the worker's concurrency.workers (pipeline-only)")
    parser.add_argument("--size", default="10k",
                        help="pipeline-only: the corpus folder of the stream (2k, 10k, 50k, 200k; UTF-8, GB18030 and "
                             "HTML mixed). The dev broker keeps ~5 MB per partition: with 200k, keep --count under "
                             "~12 documents per partition (e.g. --partitions 256 --count 3000) or the count check "
                             "stops the run")
    parser.add_argument("--latency-only", action="store_true",
                        help="only the paced-stream latency, --rounds runs per variant (default 3), interleaved; each "
                             "run drains a backlog of --count documents (default 12,000, at least 1) on a topic of its "
                             "own, then gets --latency-docs documents paced at --latency-rate docs/s. The worker runs "
                             "with fetch.wait.max.ms=10 unless its --env sets "
                             "DISCLOSURE_KAFKA_PROPERTIES_FETCH_WAIT_MAX_MS. Prints per run: the latency (record minus "
                             "input timestamp), its split at the input's delivery report (producer to broker; broker "
                             "to record), the worker's processing-duration histogram over the paced stream, and when "
                             "the slow inputs were sent; per-input figures go to --out's results.json")
    parser.add_argument("--variant", action="append", nargs="+", default=[], metavar="SPEC",
                        help="one more variant run in every round (latency-only, pipeline-only, memory-only), SPEC = "
                             "NAME BINARY [KEY=VALUE ...]: a disclosure-worker and its environment (repeatable)")
    parser.add_argument("--latency-docs", type=int, default=2000, help="paced documents per latency run")
    parser.add_argument("--latency-rate", type=int, default=200, help="latency-only: documents/s of the paced stream")
    parser.add_argument("--memory-only", action="store_true",
                        help="only the memory runs on 200 KB documents (and the backlog when --backlog N is given)")
    parser.add_argument("--memory-sizes", default="200k",
                        help="memory-only: comma-separated document sizes, each a run per --memory-concurrency "
                             "(2k: 5,000 UTF-8 documents; 200k: 20 per partition, at most 300)")
    parser.add_argument("--memory-concurrency", default="4",
                        help="memory-only: comma-separated concurrency.workers values (the backlog runs at 4)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="environment of the worker (pipeline-only, memory-only, latency-only; repeatable)")
    parser.add_argument("--compare", metavar="BINARY",
                        help="a second disclosure-worker, run in every round right after the first (pipeline-only, "
                             "memory-only): before/after in the same minutes; --compare-env sets its environment")
    parser.add_argument("--compare-env", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--broker-env", action="append", default=[], metavar="KEY=VALUE",
                        help="environment of the dev broker (pipeline-only; repeatable), e.g. allocator options")
    parser.add_argument("--no-python", action="store_true", help="skip the pass-through and the peer (pipeline-only)")
    parser.add_argument("--realtime", action="store_true",
                        help="run the dev broker and the workers at SCHED_FIFO 20 (this script at 30; needs root): on a "
                             "host shared with builds, other processes then neither starve nor preempt them, and the "
                             "CPU per input varies by ~5%% between rounds instead of ~25%% (pipeline-only); "
                             "latency-only: the paced stream only (producer, broker, worker), not the backlog. The kernel's RT "
                             "throttling (/proc/sys/kernel/sched_rt_runtime_us, 950000 of every 1000000) still stops "
                             "them for ~50 ms of each second while the builds run: a scheduler trace showed the whole "
                             "pipeline idle for 40-70 ms once a second, so docs/s reads up to ~5%% low, alike for "
                             "every variant of a round")
    parser.add_argument("--core-runs", type=int, default=0,
                        help="whole DisclosureBench runs; each figure is the run with the median µs/doc "
                             "(default 3, --quick 1)")
    parser.add_argument("--core-system-malloc", action="store_true",
                        help="run DisclosureBench on the system malloc even when the worker links another allocator "
                             "(by default it is preloaded, so that pipeline/core compares like with like)")
    parser.add_argument("--no-core", action="store_true", help="skip DisclosureBench (pipeline-only: the worker's "
                                                                 "own split needs no core baseline)")
    args = parser.parse_args()
    args.worker = os.path.join(args.bin_dir, "disclosure-worker")
    if args.realtime and not args.latency_only:
        # Above the broker and the workers, so that polling /metrics still sees the first finished input in time.
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(30))
    # The variants measured in every round: the worker of --bin-dir, then --compare's.
    args.variants = [("base", args.worker, dict(e.split("=", 1) for e in args.env))]
    if args.compare:
        args.variants.append(("compare", args.compare, dict(e.split("=", 1) for e in args.compare_env)))
    for name, binary, *env in args.variant:
        args.variants.append((name, binary, dict(e.split("=", 1) for e in env)))
    args.core = os.path.join(args.bin_dir, "DisclosureBench")
    args.core_seconds = 0.3 if args.quick else 1.0
    args.core_runs = args.core_runs or (1 if args.quick else 3)
    args.core_allocator = None if args.core_system_malloc else worker_allocator(args.worker)
    args.timeout = 300
    # 12,000 documents (~125 MB over 64 partitions, ~2 MB each: under the mock cluster's ~5 MB per partition): a
    # worker round lasts ~4 s. At 3,000 a round lasted ~1 s and was bimodal (4,370 and 2,600 docs/s in the same
    # minutes, 2026-11-28): much of the stream was prefetched before the window opened, so a round could miss the
    # broker's fetch work that a steady stream pays for. At 12,000, three rounds gave 2,684-2,949.
    count = args.count or (600 if args.quick else 12_000)
    rounds = args.rounds or (1 if args.quick else 2)
    backlog = args.backlog if args.backlog is not None else (0 if args.quick else 100_000)
    os.makedirs(args.out, exist_ok=True)
    args.workdir = tempfile.mkdtemp(prefix="bench-")
    results = {"core_runs": args.core_runs, "core_allocator": os.path.basename(args.core_allocator) if args.core_allocator else "system malloc",
               "quick": args.quick, "count": count, "rounds": rounds, "partitions": args.partitions,
               "concurrency": args.concurrency if args.pipeline_only else 4}

    if args.pdf_only:
        log("pdf: parse over the whole corpus PDFs and their layout text")
        results["pdf"] = pdf_bench(args)
        print(report(results))
        return
    if args.memory_only:
        memory_only(args, rounds, backlog if args.backlog is not None else 0, results)
        return
    if args.latency_only:
        latency_only(args, max(1, args.count or 12_000), args.rounds or 3, results)
        return
    if not (args.no_core and args.pipeline_only):
        log("core: DisclosureBench")
        results["core"] = {f"{k[0]}|{k[1]}": v for k, v in core_bench(args).items()}
        log("core: two processes at once on the 10 KB documents")
        results["core_both_cores_us"] = core_both_cores(args)
    if args.pipeline_only:
        pipeline_only(args, count, rounds, results)
        return
    if not args.quick and subprocess.run(["which", "valgrind"], capture_output=True).returncode == 0:
        log("core: allocations (valgrind memcheck)")
        results["allocations"] = allocations(args)

    log("pdf: parse over the whole corpus PDFs and their layout text")
    results["pdf"] = pdf_bench(args)

    save(args, results)
    extra = ["bench.passthrough", "bench.peer", "bench.small", "bench.large", "bench.backlog", "bench.latency"]
    broker = subprocess.Popen([args.worker, "dev-broker", "--partitions", str(args.partitions)]
                              + [x for topic in extra for x in ("--topic", topic)],
                              stdout=subprocess.PIPE, stderr=open(os.path.join(args.workdir, "broker.log"), "w"), text=True)
    workers = []
    try:
        bootstrap = broker.stdout.readline().strip().split("=", 1)[1]
        args.broker_pid = broker.pid
        log(f"dev broker at {bootstrap}, {args.partitions} partitions per topic")
        docs10 = load(args.corpus, "10k", ["utf8.txt", "gb18030.txt", "html"])
        produce(bootstrap, "disclosures.raw", docs10, count, "doc")
        retained = topic_count(bootstrap, "disclosures.raw")
        if retained != count:
            raise SystemExit(f"bench: disclosures.raw holds {retained} of {count} messages (mock-cluster cap?)")
        pipe = results["pipeline"] = {"passthrough": [], "worker": [], "peer": []}
        for r in range(rounds):
            log(f"pipeline round {r + 1}: pass-through, worker, peer on {count} documents of ~10 KB")
            pipe["passthrough"].append(python_run("passthrough", bootstrap, "disclosures.raw", "bench.passthrough", count,
                                                  f"bench-pass-{r}"))
            pipe["worker"].append(pipeline_run(args, bootstrap, "disclosures.raw", count, 4, f"bench-worker-{r}"))
            pipe["peer"].append(python_run("peer", bootstrap, "disclosures.raw", "bench.peer", count, f"bench-peer-{r}"))

        save(args, results)
        # Paced at half the worker's measured throughput, so latency is processing, not a queue. Twice: with the
        # defaults, and with a short fetch wait (the mock broker holds an empty fetch for fetch.wait.max.ms, 500 ms).
        rate = max(10, min(200, int(median([w["docs_per_s"] for w in pipe["worker"]]) / 2)))
        paced = rate * (5 if args.quick else 10)
        finished = count
        for name, env in (("latency", None), ("latency_fetch10", {"DISCLOSURE_KAFKA_PROPERTIES_FETCH_WAIT_MAX_MS": "10"})):
            log(f"latency: paced stream through the worker ({name})")
            result, worker = pipeline_run(args, bootstrap, "disclosures.raw", finished, 4, f"bench-{name}", keep=True,
                                          env=env)
            workers.append(worker)
            stamps = produce(bootstrap, "disclosures.raw", docs10, paced, name, rate=rate)
            finished += paced
            worker.wait_for(finished, args.timeout)
            results[name] = dict(latencies(bootstrap, stamps, name) or {}, rate=rate)
            worker.stop()
            workers.pop()

        save(args, results)
        log("memory: concurrency 1 and 16")
        memory = results["memory"] = {"c4_10k": [w["peak_rss_mib"] for w in pipe["worker"]]}
        for concurrency in (1, 16):
            memory[f"c{concurrency}_10k"] = pipeline_run(args, bootstrap, "disclosures.raw", count, concurrency,
                                                         f"bench-c{concurrency}")
        save(args, results)
        log("memory: 2 KB and 200 KB documents")
        small = 2000 if args.quick else 5000
        produce(bootstrap, "bench.small", load(args.corpus, "2k", ["utf8.txt"]), small, "small")
        memory["c4_2k"] = pipeline_run(args, bootstrap, "bench.small", small, 4, "bench-small")
        large = min(300, args.partitions * 20) if not args.quick else 40
        produce(bootstrap, "bench.large", load(args.corpus, "200k", ["utf8.txt"]), large, "large")
        if topic_count(bootstrap, "bench.large") != large:
            raise SystemExit("bench: bench.large lost messages (mock-cluster cap)")
        memory["c4_200k"] = pipeline_run(args, bootstrap, "bench.large", large, 4, "bench-large")
        if backlog:
            log(f"memory: backlog of {backlog} documents of ~2 KB")
            produce(bootstrap, "bench.backlog", load(args.corpus, "2k", ["utf8.txt"]), backlog, "backlog")
            retained = topic_count(bootstrap, "bench.backlog")
            samples = []
            run = pipeline_run(args, bootstrap, "bench.backlog", retained, 4, "bench-backlog", samples=samples)
            run["retained"] = retained
            run["rss_samples"] = samples
            memory["backlog"] = run
    finally:
        for worker in workers:
            worker.process.kill()
        broker.terminate()
        broker.wait(30)

    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    table = report(results)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(table)
    print(table)


def pipeline_only(args, count, rounds, results):
    """The pipeline rounds alone (pass-through, worker, peer on the same stream), for iterating on the plumbing."""
    broker = subprocess.Popen([args.worker, "dev-broker", "--partitions", str(args.partitions), "--topic",
                               "bench.passthrough", "--topic", "bench.peer"],
                              stdout=subprocess.PIPE, stderr=open(os.path.join(args.workdir, "broker.log"), "w"), text=True,
                              env=dict(os.environ, **dict(e.split("=", 1) for e in args.broker_env)))
    try:
        bootstrap = broker.stdout.readline().strip().split("=", 1)[1]
        args.broker_pid = broker.pid
        if args.realtime:
            realtime(broker.pid)
        produce(bootstrap, "disclosures.raw", load(args.corpus, args.size, ["utf8.txt", "gb18030.txt", "html"]), count,
                "doc")
        retained = topic_count(bootstrap, "disclosures.raw")
        if retained != count:
            raise SystemExit(f"bench: disclosures.raw holds {retained} of {count} messages (mock-cluster cap?)")
        pipe = results["pipeline"] = {"passthrough": [], "worker": [], "peer": []}
        variants = results["variants"] = {name: [] for name, _, _ in args.variants}
        results["size"] = args.size
        for r in range(rounds):
            log(f"pipeline round {r + 1}: pass-through, worker, peer on {count} documents of {args.size} "
                f"(load {open('/proc/loadavg').read().split()[0]})")
            if not args.no_python:
                pipe["passthrough"].append(python_run("passthrough", bootstrap, "disclosures.raw", "bench.passthrough",
                                                      count, f"bench-pass-{r}"))
            for name, binary, env in args.variants:
                run = pipeline_run(args, bootstrap, "disclosures.raw", count, args.concurrency,
                                   f"bench-worker-{name}-{r}", env=env, binary=binary)
                run["load"] = float(open("/proc/loadavg").read().split()[0])
                variants[name].append(run)
                if name == "base":
                    pipe["worker"].append(run)
                log(f"round {r + 1}: {name} {run}")
            if not args.no_python:
                pipe["peer"].append(python_run("peer", bootstrap, "disclosures.raw", "bench.peer", count,
                                               f"bench-peer-{r}"))
    finally:
        broker.terminate()
        broker.wait(30)
    save(args, results)
    print(report(results))
    print(variant_report(results))


def histogram(port, name):
    """The cumulative buckets of histogram `name` on /metrics: {upper bound in s: count}."""
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
    buckets = {}
    for line in body.splitlines():
        match = re.match(name + r'_bucket\{le="([^"]+)"\} (\S+)', line)
        if match:
            buckets[float(match.group(1))] = int(float(match.group(2)))
    return buckets


def percentiles(values):
    values = sorted(values)
    if not values:
        return {}

    def at(q):
        return values[min(len(values) - 1, int(len(values) * q))]
    return {"p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": values[-1]}


def slow_bursts(sends, latency, threshold):
    """The inputs slower than `threshold` ms, grouped into bursts (sent within 100 ms of each other): [(s after the
    stream's start, inputs, worst ms)]. Whether the tail is periodic (a timer), spread out (the host) or one stall."""
    slow = sorted((sends[key], latency[key]) for key in latency if latency[key] > threshold)
    start = min(sends.values())
    bursts = []
    for sent, ms in slow:
        if bursts and sent - bursts[-1][3] <= 100:
            bursts[-1][1] += 1
            bursts[-1][2] = max(bursts[-1][2], ms)
            bursts[-1][3] = sent
        else:
            bursts.append([(sent - start) / 1000, 1, ms, sent])
    return [(round(b[0], 2), b[1], b[2]) for b in bursts]


def latency_only(args, backlog, rounds, results):
    """The paced-stream latency alone, `rounds` runs per variant, interleaved: each run on topics of its own (a fresh
    worker group drains `backlog` documents first, as in the full run, so that the paced inputs find it consuming).

    The split: the input's create time (the producer's clock when produce() was called), the time its delivery
    report was served (the latest it can have reached the broker; it includes the producer's 5 ms linger), and the
    record's create time (the worker's producer, once the input is processed). The worker's
    disclosure_processing_duration_seconds (taking an input to its outputs' acknowledgement) over the paced stream
    tells processing and acknowledgement apart from fetching."""
    docs10 = load(args.corpus, "10k", ["utf8.txt", "gb18030.txt", "html"])
    plan = [(r, name, binary, env) for r in range(rounds) for name, binary, env in args.variants]
    topics = [x for i in range(len(plan)) for x in ("--topic", f"bench.lat{i}", "--topic", f"bench.lat{i}.records")]
    broker = subprocess.Popen([args.worker, "dev-broker", "--partitions", str(args.partitions)] + topics,
                              stdout=subprocess.PIPE, stderr=open(os.path.join(args.workdir, "broker.log"), "w"), text=True)
    runs = results["latency_runs"] = []
    worker = None
    try:
        bootstrap = broker.stdout.readline().strip().split("=", 1)[1]
        for i, (r, name, binary, env) in enumerate(plan):
            env = dict(env)
            env.setdefault("DISCLOSURE_KAFKA_PROPERTIES_FETCH_WAIT_MAX_MS", "10")
            topic, records = f"bench.lat{i}", f"bench.lat{i}.records"
            produce(bootstrap, topic, docs10, backlog, "backlog")
            worker = Worker(binary, bootstrap, f"bench-lat{i}", topic, args.concurrency, args.workdir, env,
                            settings=(f"topics.records={records}",))
            worker.wait_for(backlog, args.timeout)
            before = histogram(worker.port, "disclosure_processing_duration_seconds")
            load_before = float(open("/proc/loadavg").read().split()[0])
            acked, stamps_out = {}, {}
            if args.realtime:
                # Only the paced stream (~20% of a core), not the backlog: a bounded measurement that other
                # processes on the host neither delay nor are starved by.
                for pid in (broker.pid, worker.process.pid):
                    for attempt in range(3):  # chrt -a fails when a thread ends while it walks them
                        try:
                            realtime(pid)
                            break
                        except subprocess.CalledProcessError:
                            if attempt == 2:
                                raise
                os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(30))
            try:
                stamps = produce(bootstrap, topic, docs10, args.latency_docs, "paced", rate=args.latency_rate,
                                 acked=acked)
                worker.wait_for(backlog + args.latency_docs, args.timeout)
            finally:
                if args.realtime:
                    os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
                    subprocess.run(["chrt", "-o", "-a", "-p", "0", str(broker.pid)], stdout=subprocess.DEVNULL)
            after = histogram(worker.port, "disclosure_processing_duration_seconds")
            worker.stop()
            worker = None
            latencies(bootstrap, stamps, "paced", topic=records, records=stamps_out)
            total = {k: stamps_out[k] - stamps[k] for k in stamps_out}
            run = {"round": r + 1, "variant": name, "env": env, "load": load_before, "realtime": args.realtime,
                   "total": percentiles(total.values()),
                   "to_broker": percentiles([acked[k] - stamps[k] for k in stamps_out]),
                   "from_broker": percentiles([stamps_out[k] - acked[k] for k in stamps_out]),
                   "processing_le": {str(le): after[le] - before.get(le, 0) for le in sorted(after)},
                   "slow_bursts": slow_bursts(stamps, total, max(30, 2 * percentiles(total.values())["p50"])),
                   "inputs": {k: [stamps[k], round(acked[k], 1), stamps_out[k]] for k in stamps_out}}
            runs.append(run)
            save(args, results)
            log(latency_line(run))
    finally:
        if worker is not None:
            worker.process.kill()
        broker.terminate()
        broker.wait(30)
    print(latency_report(runs))


def latency_line(run):
    t, b, f = run["total"], run["to_broker"], run["from_broker"]
    processing = run["processing_le"]
    count = processing.get("inf", 0)
    over = {le: count - n for le, n in processing.items() if le in ("0.01", "0.025", "0.05")}
    return (f"round {run['round']} {run['variant']} (load {run['load']:.1f}): latency p50 {t['p50']} p90 {t['p90']} "
            f"p99 {t['p99']} max {t['max']} ms; to broker p50 {b['p50']:.1f} p99 {b['p99']:.1f} max {b['max']:.1f}; "
            f"from broker p50 {f['p50']:.1f} p99 {f['p99']:.1f} max {f['max']:.1f}; processing over 10/25/50 ms: "
            f"{over.get('0.01', 0)}/{over.get('0.025', 0)}/{over.get('0.05', 0)} of {count}; slow bursts (s, inputs, "
            f"worst ms): {run['slow_bursts']}")


def latency_report(runs):
    lines = ["| variant | round | load | p50 ms | p90 | p99 | max | to broker p99 | from broker p50 / p99 | "
             "processing > 10 / 25 / 50 ms |", "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for run in sorted(runs, key=lambda run: (run["variant"], run["round"])):
        t, processing = run["total"], run["processing_le"]
        count = processing.get("inf", 0)
        lines.append(f"| {run['variant']} | {run['round']} | {run['load']:.1f} | {t['p50']} | {t['p90']} | {t['p99']} | "
                     f"{t['max']} | {run['to_broker']['p99']:.1f} | {run['from_broker']['p50']:.1f} / "
                     f"{run['from_broker']['p99']:.1f} | {count - processing.get('0.01', 0)} / "
                     f"{count - processing.get('0.025', 0)} / {count - processing.get('0.05', 0)} |")
    return "\n".join(lines) + "\n"


def memory_only(args, rounds, backlog, results):
    """Peak RSS (VmHWM) of every variant per document size and concurrency (--memory-sizes, --memory-concurrency;
    by default 200 KB documents at 4 tasks), and through a backlog of 2 KB ones at 4 tasks; variants interleaved."""
    sizes = [s for s in args.memory_sizes.split(",") if s]
    concurrencies = [int(c) for c in args.memory_concurrency.split(",") if c]
    broker = subprocess.Popen([args.worker, "dev-broker", "--partitions", str(args.partitions), "--topic",
                               "bench.large", "--topic", "bench.small", "--topic", "bench.backlog"],
                              stdout=subprocess.PIPE, stderr=open(os.path.join(args.workdir, "broker.log"), "w"), text=True)
    try:
        bootstrap = broker.stdout.readline().strip().split("=", 1)[1]
        args.broker_pid = broker.pid
        # The streams of the full run's memory rows: 200 KB documents 20 per partition (under the mock cluster's
        # ~5 MB per partition), 5,000 2 KB documents.
        streams = {"200k": ("bench.large", min(300, args.partitions * 20)), "2k": ("bench.small", 5000)}
        for size in sizes:
            if size not in streams:
                raise SystemExit(f"bench: --memory-sizes knows {', '.join(streams)}, not {size}")
            topic, count = streams[size]
            produce(bootstrap, topic, load(args.corpus, size, ["utf8.txt"]), count, size)
            if topic_count(bootstrap, topic) != count:
                raise SystemExit(f"bench: {topic} lost messages (mock-cluster cap)")
        if backlog:
            produce(bootstrap, "bench.backlog", load(args.corpus, "2k", ["utf8.txt"]), backlog, "backlog")
            backlog = topic_count(bootstrap, "bench.backlog")
        runs = [(f"c{c}_{size}", f"concurrency {c}, {size.upper().replace('K', ' KB')}", streams[size], c)
                for size in sizes for c in concurrencies]
        if backlog:
            runs.append(("backlog", f"backlog of {backlog} × 2 KB", ("bench.backlog", backlog), 4))
        memory = results["memory_variants"] = {name: {key: [] for key, _, _, _ in runs} for name, _, _ in args.variants}
        for r in range(rounds):
            for name, binary, env in args.variants:
                for key, label, (topic, count), concurrency in runs:
                    # RSS every 0.5 s through the run (inputs finished, MiB): is it flat?
                    samples = []
                    run = pipeline_run(args, bootstrap, topic, count, concurrency, f"bench-{key}-{name}-{r}", env=env,
                                       binary=binary, samples=samples)
                    run["load"] = float(open("/proc/loadavg").read().split()[0])
                    run["rss_samples"] = samples
                    memory[name][key].append(run)
                    log(f"round {r + 1}: {name} {label}: peak {run['peak_rss_mib']:.1f} MiB, "
                        f"{run['docs_per_s']:.0f} docs/s; RSS " + ", ".join(f"{d}: {m:.0f}" for d, m in samples[::4]))
    finally:
        broker.terminate()
        broker.wait(30)
    save(args, results)
    lines = ["| variant | run | peak RSS MiB (rounds) | docs/s (median) |", "|---|---|---|---:|"]
    for name, by_key in memory.items():
        for key, label, _, _ in runs:
            if by_key[key]:
                lines.append(f"| {name} | {label} | " + ", ".join(f"{r['peak_rss_mib']:.1f}" for r in by_key[key])
                             + f" | {median([r['docs_per_s'] for r in by_key[key]]):.0f} |")
    print("\n".join(lines))


def variant_report(results):
    """Per variant, medians over the rounds: docs/s, CPU per input split into core, librdkafka and the rest."""
    lines = ["| variant | docs/s | cores | CPU µs/input | core | librdkafka | delivery reports | rest | peak RSS MiB | load "
             "| faults/input | broker µs/input | machine busy cores |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, runs in results.get("variants", {}).items():
        if not runs:
            continue

        def per_input(key):
            return median([r.get(key, 0) / r["window"] * 1e6 for r in runs])
        lines.append(f"| {name} | {median([r['docs_per_s'] for r in runs]):.0f} | "
                     f"{median([r['cpu_share'] for r in runs]):.2f} | {per_input('cpu_s'):.0f} | "
                     f"{per_input('core_cpu_s'):.0f} | {per_input('librdkafka_cpu_s'):.0f} | "
                     f"{per_input('delivery_cpu_s'):.0f} | {per_input('rest_cpu_s'):.0f} | "
                     f"{median([r['peak_rss_mib'] for r in runs]):.0f} | {median([r.get('load', 0) for r in runs]):.1f} | "
                     f"{median([r.get('minor_faults', 0) / r['window'] for r in runs]):.1f} | "
                     f"{per_input('broker_cpu_s'):.0f} | "
                     f"{median([r.get('machine_busy_cpu_s', 0) / r.get('machine_cpu_s', 1) * os.cpu_count() for r in runs]):.2f} |")
        # Every round, not only the median: the host is shared, so compare ranges.
        switches = tuple((f"{group} {kind} switches", f"{group}_{kind}_switches", 1, 2)
                         for group in ("librdkafka", "delivery", "other") for kind in ("voluntary", "involuntary"))
        for label, key, scale, digits in (("rest µs", "rest_cpu_s", 1e6, 0), ("librdkafka µs", "librdkafka_cpu_s", 1e6, 0),
                                          ("broker µs", "broker_cpu_s", 1e6, 0), ("docs/s", None, 1, 0),
                                          ("broker faults", "broker_minor_faults", 1, 1)) + switches:
            values = [r["docs_per_s"] if key is None else r.get(key, 0) / r["window"] * scale for r in runs]
            lines.append(f"| {name} rounds ({label}) | " + ", ".join(f"{v:.{digits}f}" for v in values)
                         + " | | | | | | | | | | | |")
    return "\n".join(lines) + "\n"


def median(values):
    return statistics.median(values) if values else 0


def allocator_note(results):
    allocator = results.get("core_allocator", "system malloc")
    if allocator == "system malloc":
        return "system malloc (glibc)"
    return f"{allocator}, preloaded: the one the worker links, so pipeline/core compares like with like"


def report(results):
    core = results.get("core", {})
    lines = ["## Core (DisclosureBench, one thread, CPU time; baselines interleaved)", "",
             f"Allocator: {allocator_note(results)}. Each figure: the median of {results.get('core_runs', 1)} whole runs "
             "by µs/doc; the last column gives every run's parse+validate MB/s (the spread is the host's).", "",
             "| size | variant | avg KB | decode MB/s | normalize MB/s | parse+validate docs/s | parse+validate MB/s | +JSON docs/s | µs/doc | runs, MB/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"] if core else []
    sets = sorted({key.split("|")[0] for key in core}, key=lambda s: (int(s.split("k")[0]), s))
    for label in sets:
        size, variant = label.split(" ")
        d, n, p, full = (core.get(f"{label}|{m}", {}) for m in ("decode", "normalize", "process", "full"))
        lines.append(f"| {size} | {variant} | {p.get('avg_kb', 0):.1f} | {d.get('mb_per_s', 0):.1f} | {n.get('mb_per_s', 0):.1f} | "
                     f"{p.get('docs_per_s', 0):.0f} | **{p.get('mb_per_s', 0):.1f}** | {full.get('docs_per_s', 0):.0f} | "
                     f"{full.get('us_per_doc', 0):.0f} | "
                     f"{', '.join(f'{x:.1f}' for x in p.get('mb_per_s_runs', []))} |")
    pdf = results.get("pdf")
    if pdf:
        lines += ["", "## PDF documents next to text (`parse`, one process, CPU time without start-up; "
                      f"{pdf['pdf']['docs']} whole corpus documents, {pdf['pdf']['pages']} pages)", "",
                  "| input | avg KB | docs/s | pages/s | MB/s of input |", "|---|---:|---:|---:|---:|"]
        for label in ("pdf", "layout text"):
            row = pdf[label]
            lines.append(f"| {label} | {row['avg_kb']:.0f} | {row['docs_per_s']:.1f} | {row['pages_per_s']:.0f} | "
                         f"{row['mb_per_s']:.2f} |")
    allocs = results.get("allocations")
    if allocs:
        lines += ["", f"Allocations (valgrind memcheck, one {allocs['doc_bytes']} B UTF-8 document, parse+validate+JSON): "
                      f"{allocs['allocs_per_doc']:.0f} allocations, {allocs['bytes_per_doc'] / 1024:.0f} KiB allocated per document."]
    pipe = results.get("pipeline")
    if pipe:
        mix = [core.get(f"10k {v}|full", {}).get("us_per_doc") for v in ("utf8.txt", "gb18030.txt", "html")]
        mix = [m for m in mix if m]
        core_docs_per_cpu = 1e6 / (sum(mix) / len(mix)) if mix else 0
        passthrough = median([r["docs_per_s"] for r in pipe["passthrough"]])
        worker = median([r["docs_per_s"] for r in pipe["worker"]])
        worker_cpu = median([r["docs_per_cpu_s"] for r in pipe["worker"]])
        share = median([r["cpu_share"] for r in pipe["worker"]])
        peer = median([r["docs_per_s"] for r in pipe["peer"]])
        lines += ["", f"## Pipeline ({results['count']} documents of {results.get('size', '10k')}, UTF-8/GB18030/HTML mixed, dev broker, "
                      f"{results['partitions']} partitions; median of {results['rounds']} interleaved rounds)", "",
                  "| consumer | docs/s (wall) | ratio |", "|---|---:|---|",
                  f"| pass-through (Python confluent-kafka) | {passthrough:.0f} | ceiling |",
                  f"| disclosure-worker run (concurrency {results.get('concurrency', 4)}) | {worker:.0f} | {worker / passthrough:.2f} of pass-through |"
                  if passthrough else "",
                  f"| Python regex peer (subset of fields, no rules) | {peer:.0f} | ours/peer = **{worker / peer:.2f}** |"
                  if peer else "",
                  f"| core alone, 1 thread (same documents, per CPU-second) | {core_docs_per_cpu:.0f} | |", "",
                  f"Worker per CPU-second (utime+stime of the process over the run): {worker_cpu:.0f} docs; "
                  f"pipeline/core per core = **{worker_cpu / core_docs_per_cpu:.2f}** "
                  f"(the worker used {share:.2f} cores on average while the machine was shared)."
                  if core_docs_per_cpu else ""]
        runs = [r for r in pipe["worker"] if r.get("core_cpu_s")]
        if runs and mix:
            def per_input(key):
                return median([r.get(key, 0) / r["window"] * 1e6 for r in runs])
            total, core_in_worker = per_input("cpu_s"), per_input("core_cpu_s")
            alone = sum(mix) / len(mix)
            both = results.get("core_both_cores_us")
            if both:
                lines += ["", f"Core alone with both cores busy (two DisclosureBench processes at once): {both:.0f} µs "
                              f"per document ({1e6 / both:.0f} per CPU-second); pipeline/core against it = "
                              f"**{worker_cpu * both / 1e6:.2f}**."]
            lines += ["", f"Worker CPU per input (median of rounds): {total:.0f} µs = core {core_in_worker:.0f} µs "
                          f"(alone, one thread: {alone:.0f} µs; core in worker / alone = {core_in_worker / alone:.2f}) "
                          f"+ librdkafka threads {per_input('librdkafka_cpu_s'):.0f} µs + delivery reports "
                          f"{per_input('delivery_cpu_s'):.0f} µs + the rest (Swift plumbing, scheduling, /metrics) "
                          f"{per_input('rest_cpu_s'):.0f} µs. "
                          f"Plumbing share of the worker's CPU: {1 - core_in_worker / total:.2f}."]
        for name in ("passthrough", "worker", "peer"):
            lines.append(f"Rounds, {name}: " + ", ".join(f"{r['docs_per_s']:.0f}" for r in pipe[name]) + " docs/s")
    for name, note in (("latency", "defaults"), ("latency_fetch10", "fetch.wait.max.ms=10")):
        latency = results.get(name)
        if latency and latency.get("count"):
            lines += ["", f"Latency, {note} (paced {latency['rate']} docs/s, {latency['count']} documents, record minus "
                          f"input timestamp): p50 {latency['p50_ms']} ms, p99 {latency['p99_ms']} ms, "
                          f"max {latency['max_ms']} ms."]
    memory = results.get("memory")
    if memory:
        lines += ["", "## Memory (worker peak RSS, VmHWM)", "", "| run | peak RSS MiB | docs/s |", "|---|---:|---:|"]
        lines.append(f"| concurrency 4, 10 KB | {max(memory['c4_10k']):.0f} | {worker:.0f} |")
        for key, label in (("c1_10k", "concurrency 1, 10 KB"), ("c16_10k", "concurrency 16, 10 KB"),
                           ("c4_2k", "concurrency 4, 2 KB"), ("c4_200k", "concurrency 4, 200 KB"),
                           ("backlog", "backlog, concurrency 4, 2 KB")):
            if key in memory:
                run = memory[key]
                label = label + (f" ({run['retained']} messages)" if key == "backlog" else "")
                lines.append(f"| {label} | {run['peak_rss_mib']:.0f} | {run['docs_per_s']:.0f} |")
        if "backlog" in memory:
            samples = memory["backlog"]["rss_samples"]
            picks = [samples[int(i * (len(samples) - 1) / 4)] for i in range(5)] if samples else []
            lines.append("")
            lines.append("Backlog RSS samples (finished inputs: RSS MiB): "
                         + ", ".join(f"{done}: {rss:.0f}" for done, rss in picks))
    return "\n".join(line for line in lines if line is not None) + "\n"


if __name__ == "__main__":
    main()
