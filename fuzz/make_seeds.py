#!/usr/bin/env python3
"""Builds DisclosureFuzz's seed corpus from ../shared/corpus at run time (never copied into the repository).

Each seed is one selector byte (the route: see fuzz/DisclosureFuzz/FuzzInput.swift) followed by a document:
  0 no content type (the decoder sniffs), 1 text/plain UTF-8, 2 text/html, 3 text/plain GB18030,
  4 the JSON envelope, 5 application/pdf.
Texts go in as UTF-8, as GB18030 and wrapped in envelopes (body, and bodyBase64 in GB18030); HTML pages as UTF-8
and GB18030; PDFs are small hand-built ones (the corpus PDFs are 140 KB to 1.2 MB, past the fuzzer's input
length, and would only be cut short).
  make_seeds.py CORPUS_DIR OUT_DIR [--max-bytes N]
"""
import base64
import hashlib
import json
import pathlib
import sys

AUTO, TEXT, HTML, GB18030, ENVELOPE, PDF = range(6)


def tiny_pdf(lines):
    """A one-page PDF with Helvetica text lines and a correct cross-reference table."""
    content = "BT /F1 12 Tf\n" + "".join(
        f"1 0 0 1 72 {770 - 14 * i} Tm ({line}) Tj\n" for i, line in enumerate(lines)) + "ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        "/Contents 5 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def main():
    corpus, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    max_bytes = int(sys.argv[sys.argv.index("--max-bytes") + 1]) if "--max-bytes" in sys.argv else 65536
    out.mkdir(parents=True, exist_ok=True)
    seeds = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".txt", ".html") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        utf8 = text.encode("utf-8")
        gb = text.encode("gb18030", errors="replace")
        if path.suffix == ".html":
            seeds += [(HTML, utf8), (AUTO, utf8), (HTML, gb)]
            body_type = "text/html"
        else:
            seeds += [(TEXT, utf8), (AUTO, utf8), (GB18030, gb)]
            body_type = "text/plain"
        envelope = {"documentId": path.stem, "sourceUrl": f"https://example.gov.cn/{path.name}",
                    "fetchedAt": "2024-06-01T08:00:00Z", "contentType": body_type, "body": text}
        seeds.append((ENVELOPE, json.dumps(envelope, ensure_ascii=False).encode()))
        envelope.pop("body")
        envelope.update(charset="gb18030", bodyBase64=base64.b64encode(gb).decode())
        seeds.append((AUTO, json.dumps(envelope).encode()))
    pdf_lines = [["2024 Budget", "Income 1,234.56", "Expenditure 1,000.00", "Total 2,234.56"],
                 ["Final accounts 2023", "Item    2022    2023", "Staff   12.30   15.00", "Total   12.30   15.00"]]
    for lines in pdf_lines:
        seeds += [(PDF, tiny_pdf(lines)), (AUTO, tiny_pdf(lines))]
    written = 0
    for route, document in seeds:
        data = bytes([route]) + document[: max_bytes - 1]
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        written += 1
    print(f"{written} seeds from {corpus}")


if __name__ == "__main__":
    main()
