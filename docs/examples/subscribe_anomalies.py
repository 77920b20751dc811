#!/usr/bin/env python3
"""Prints anomaly events (disclosure.anomaly/v1) from Kafka: a minimal subscriber with confluent-kafka.

    pip install confluent-kafka
    python3 docs/examples/subscribe_anomalies.py --bootstrap-servers localhost:29092 --min-severity warning

With SASL_SSL, set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (and --security-protocol SASL_SSL).
At least once: the offset is committed after the event was handled, so after a crash an event may come twice;
events are deterministic, so de-duplicate on anomalyId where that matters.
"""

import argparse
import json
import os
import sys
from decimal import Decimal

from confluent_kafka import Consumer, KafkaError, KafkaException

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default="localhost:29092")
    parser.add_argument("--group-id", default="anomaly-printer")
    parser.add_argument("--topic", default="disclosures.anomalies")
    parser.add_argument("--min-severity", choices=list(SEVERITY_RANK), default="info")
    parser.add_argument("--security-protocol", default="PLAINTEXT", help="PLAINTEXT or SASL_SSL")
    parser.add_argument("--exit-at-end", action="store_true", help="stop when every partition is read to its end")
    args = parser.parse_args()

    config = {
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group_id,
        # A new group starts with the oldest event still in the topic.
        "auto.offset.reset": "earliest",
        # Commit by hand, after handling (at least once).
        "enable.auto.commit": False,
        "enable.partition.eof": args.exit_at_end,
        "security.protocol": args.security_protocol,
    }
    if args.security_protocol.upper().startswith("SASL"):
        config.update(
            {
                "sasl.mechanisms": os.environ.get("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                "sasl.username": os.environ["KAFKA_SASL_USERNAME"],
                "sasl.password": os.environ["KAFKA_SASL_PASSWORD"],
            }
        )
    consumer = Consumer(config)
    consumer.subscribe([args.topic])
    threshold = SEVERITY_RANK[args.min_severity]
    at_end = set()
    try:
        while True:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    at_end.add(message.partition())
                    if len(at_end) >= len(consumer.assignment()):
                        break
                    continue
                raise KafkaException(message.error())
            at_end.discard(message.partition())
            # Amounts are exact decimals: parse them as Decimal, never float, before comparing or summing.
            event = json.loads(message.value(), parse_float=Decimal)
            if event.get("schema") != "disclosure.anomaly/v1":
                continue  # another version or shape: not ours to read
            if SEVERITY_RANK.get(event["severity"], 0) >= threshold:
                print(format_event(event), flush=True)
            consumer.commit(message=message, asynchronous=False)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()  # leaves the group at once, so its partitions move without waiting for a timeout


def format_event(event):
    """One line: severity, rule, subject, unit and year, the numbers, the message."""
    numbers = ", ".join(
        f"{name} {event[name]}" for name in ("expected", "actual", "difference", "tolerance") if event[name] is not None
    )
    unit = event["unit"]["name"] or event["documentId"]
    year = event["fiscalYear"] or "?"
    return (
        f"{event['severity'].upper():7} {event['ruleId']:30} {event['subject']:28} {unit} {year}"
        + (f" [{numbers}]" if numbers else "")
        + f": {event['message']}"
    )


if __name__ == "__main__":
    sys.exit(main())
