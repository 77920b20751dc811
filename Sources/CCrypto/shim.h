// The C boundary for OpenSSL's libcrypto (Debian libssl-dev 3.0; librdkafka already links it at run time): MD5,
// SHA-2 and AES for the PDF stream pre-scan, which decrypts an encrypted document's streams to measure them.
// Only DisclosurePDF imports this.
#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H

#include <openssl/evp.h>

#endif
