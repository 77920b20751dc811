#!/usr/bin/env python3
"""Kafka baselines for scripts/bench, on the same raw stream as the worker.

  kafka_peer.py passthrough BOOTSTRAP RAW_TOPIC OUT_TOPIC COUNT GROUP [PASSES]
  kafka_peer.py peer        BOOTSTRAP RAW_TOPIC OUT_TOPIC COUNT GROUP [PASSES]

passthrough: consume the raw topic and produce every message unchanged (key, value, headers): the broker-and-client
ceiling. peer: what a user would otherwise write: decode (UTF-8, else GB18030), strip HTML tags with `re`, and
extract with `re` the income total, the expenditure total and the 三公 items, then produce one JSON record per
document. Both read the COUNT inputs PASSES times (default 1; each pass seeks back to the start of every assigned
partition), so that a run lasts long enough for its rate to mean something, then flush and print one JSON line:
{"count", "seconds", "docs_per_s"} timed from the first message consumed to the last delivery acknowledged.

The consume timeout is short (50 ms): with a long one, the last batch of a run (fewer messages than asked for)
waited for the whole timeout, a fixed ~1 s stall that dominated short runs.
"""
import json
import re
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

TAG = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S | re.I)
AMOUNT = r"(\d+(?:\.\d+)?)\s*万元"
INCOME = re.compile(r"(?:收入(?:预算|决算)?(?:总计|合计)?|本年收入合计)\s*(?:为)?\s*" + AMOUNT)
EXPENDITURE = re.compile(r"(?:支出(?:预算|决算)?(?:总计|合计)?|本年支出合计)\s*(?:为)?\s*" + AMOUNT)
SANGONG = {
    "total": re.compile(r"“三公”经费[^0-9。]{0,20}?" + AMOUNT),
    "travel": re.compile(r"因公出国（境）费[^0-9。]{0,12}?" + AMOUNT),
    "reception": re.compile(r"公务接待费[^0-9。]{0,12}?" + AMOUNT),
    "vehicleOperation": re.compile(r"公务用车运行维护费[^0-9。]{0,12}?" + AMOUNT),
    "vehiclePurchase": re.compile(r"公务用车购置费[^0-9。]{0,12}?" + AMOUNT),
}


def first(pattern, text):
    match = pattern.search(text)
    return match.group(1) if match else None


def peer_record(key, value):
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("gb18030", errors="replace")
    if "<" in text:
        text = TAG.sub("\n", text).replace("&nbsp;", " ")
    record = {
        "documentId": key.decode() if key else None,
        "income": {"total": first(INCOME, text)},
        "expenditure": {"total": first(EXPENDITURE, text)},
        "sanGong": {name: first(pattern, text) for name, pattern in SANGONG.items()},
    }
    return json.dumps(record, ensure_ascii=False).encode()


def main():
    mode, bootstrap, raw_topic, out_topic, count, group = sys.argv[1:7]
    passes = int(sys.argv[7]) if len(sys.argv) > 7 else 1
    count = int(count)
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "enable.auto.commit": True, "session.timeout.ms": 6000,
        # After a seek back to the start, the dev broker holds the first fetch for fetch.wait.max.ms (500 ms by
        # default) even though data is there; a short wait keeps the passes back to back. Within a pass data is
        # always available, so the setting does not change the rate.
        "fetch.wait.max.ms": 10,
    })
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "queue.buffering.max.messages": 1000000})
    consumer.subscribe([raw_topic])
    seen = 0
    started = None
    total = count * passes
    rewound = 0
    while seen < total:
        if seen // count > rewound:
            # A pass is complete: read the same stream again from its start (once per pass).
            rewound = seen // count
            for partition in consumer.assignment():
                consumer.seek(TopicPartition(raw_topic, partition.partition, OFFSET_BEGINNING))
        batch = consumer.consume(500, 0.05)
        for message in batch:
            if message.error():
                continue
            if started is None:
                started = time.monotonic()
            value = message.value() if mode == "passthrough" else peer_record(message.key(), message.value())
            headers = message.headers() if mode == "passthrough" else None
            while True:
                try:
                    producer.produce(out_topic, value=value, key=message.key(), headers=headers)
                    break
                except BufferError:
                    producer.poll(0.05)
            producer.poll(0)
            seen += 1
    producer.flush(60)
    seconds = time.monotonic() - started
    consumer.close()
    print(json.dumps({"mode": mode, "count": seen, "seconds": round(seconds, 3), "docs_per_s": round(seen / seconds, 1)}))


if __name__ == "__main__":
    main()
