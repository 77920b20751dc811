// The C boundary for poppler's GLib API (Debian libpoppler-glib-dev 22.12) and zlib (the stream pre-scan).
// Only DisclosurePDF imports this.
#ifndef CPOPPLER_SHIM_H
#define CPOPPLER_SHIM_H

#include <poppler.h>
#include <zlib.h>

/// poppler's GError domain (a function-like macro in the header, which Swift cannot call).
static inline GQuark cpoppler_error_quark(void) { return POPPLER_ERROR; }

/// Unreferences a GObject (document or page); Swift cannot use the G_OBJECT cast macro.
static inline void cpoppler_object_unref(void *object) { g_object_unref(object); }

/// Starts a zlib inflater that reads the zlib format PDF's FlateDecode uses (`inflateInit` is a macro).
static inline int cpoppler_inflate_init(z_stream *stream) { return inflateInit(stream); }

#endif
