// SHA-256 block compression with the x86 SHA extensions (SHA-NI), for DisclosureCore's document and anomaly ids.
// The portable implementation stays in Swift (Sources/DisclosureCore/Identity/SHA256.swift); this is only used
// where the CPU has the instructions, which makes hashing a document about ten times faster.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU runs csha256_compress_blocks (x86-64 with SHA, SSSE3 and SSE4.1), else 0.
int csha256_accelerated(void);

/// Compresses `blocks` 64-byte blocks of `data` into `state` (the eight words a..h, FIPS 180-4 order).
/// Call only when csha256_accelerated() returned 1.
void csha256_compress_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
