// The C boundary for libxml2's HTML parser. Swift code that imports this must not import Foundation in the
// same target: libxml2's headers pull in the system ICU, which clashes with Foundation's bundled ICU.
#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#endif
