// The C boundary for libxml2's HTML parser. Swift code that imports this must not import Foundation in the
// same target: libxml2's headers pull in the system ICU, which clashes with Foundation's bundled ICU.
#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU, and then <libxml/encoding.h> includes the system <unicode/ucnv.h>, whose
// UErrorCode clashes with Foundation's bundled ICU (_FoundationICU) in any Swift compile that sees both headers;
// which compiles see both depends on what the compiler loads lazily, so a cold build failed only sometimes.
// We never touch the ICU members (two pointers at the end of xmlCharEncodingHandler, which we only handle by
// pointer), so hiding them is safe.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#endif
