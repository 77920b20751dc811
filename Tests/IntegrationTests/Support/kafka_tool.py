#!/usr/bin/env python3
"""Third-party side of the integration tests: publishes inputs with confluent-kafka and validates outputs with
jsonschema (the worker under test is Swift; these are the scraper's and the subscriber's tools).

  kafka_tool.py produce BOOTSTRAP TOPIC MANIFEST
      MANIFEST: JSON list of {"path" | "valueHex", "key", "headers": {name: value}, "partition"?}.
      Prints one JSON line per message, in manifest order: {"index", "partition", "offset"}.
  kafka_tool.py validate SCHEMAS RECORDS ANOMALIES
      RECORDS / ANOMALIES: kcat -J output (one JSON object per line, the value in "payload").
      Validates every record and anomaly event against the Draft 2020-12 schemas in SCHEMAS.
      Prints {"records": n, "anomalies": m, "errors": [...]}; exit 1 when any error.
"""

import json
import sys
from pathlib import Path


def produce(bootstrap, topic, manifest_path):
    from confluent_kafka import Producer

    manifest = json.loads(Path(manifest_path).read_text())
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 5})
    results = [None] * len(manifest)

    def report(index):
        def callback(error, message):
            if error is not None:
                results[index] = {"index": index, "error": str(error)}
            else:
                results[index] = {"index": index, "partition": message.partition(), "offset": message.offset()}
        return callback

    for index, item in enumerate(manifest):
        value = Path(item["path"]).read_bytes() if "path" in item else bytes.fromhex(item["valueHex"])
        headers = [(name, value.encode()) for name, value in item.get("headers", {}).items()]
        arguments = {"key": item["key"].encode() if item.get("key") else None, "value": value, "headers": headers,
                     "on_delivery": report(index)}
        if item.get("partition") is not None:
            arguments["partition"] = item["partition"]
        while True:
            try:
                producer.produce(topic, **arguments)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    remaining = producer.flush(60)
    if remaining:
        print(f"kafka_tool: {remaining} messages not delivered", file=sys.stderr)
        sys.exit(1)
    for result in results:
        print(json.dumps(result))
    if any("error" in r for r in results):
        sys.exit(1)


def validate(schemas, records_path, anomalies_path):
    from jsonschema import Draft202012Validator

    schemas = Path(schemas)
    record_schema = json.loads((schemas / "disclosure.record.v1.schema.json").read_text())
    anomaly_schema = json.loads((schemas / "disclosure.anomaly.v1.schema.json").read_text())
    validators = {"record": Draft202012Validator(record_schema), "anomaly": Draft202012Validator(anomaly_schema)}
    errors = []
    counts = {}
    for kind, path in (("record", records_path), ("anomaly", anomalies_path)):
        count = 0
        for line in Path(path).read_text().splitlines():
            if not line.strip():
                continue
            message = json.loads(line)
            count += 1
            try:
                value = json.loads(message["payload"])
            except (TypeError, ValueError) as error:
                errors.append(f"{kind} at {message.get('partition')}@{message.get('offset')}: not JSON: {error}")
                continue
            for error in validators[kind].iter_errors(value):
                where = "/".join(str(p) for p in error.absolute_path)
                errors.append(f"{kind} {value.get('documentId')}: {where}: {error.message[:200]}")
        counts[kind] = count
    print(json.dumps({"records": counts["record"], "anomalies": counts["anomaly"], "errors": errors[:50]}))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"produce": produce, "validate": validate}[command](*arguments)
