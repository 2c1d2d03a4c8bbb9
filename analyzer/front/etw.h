/* SPDX-License-Identifier: Apache-2.0 */
/* A project's ETW instrumentation manifest, as mc.exe -km reads it, and the
 * stand-in entrycheck writes for the header mc.exe generates from it in a WDK
 * build: each provider's GUID and registration handle, EventRegister<P>() and
 * EventUnregister<P>() as the kernel's EtwRegister and EtwUnregister (so the
 * rules pair them as they pair any acquisition and its release), and each
 * event's EventWrite<E>() and EventEnabled<E>() as calls of no effect on
 * driver state (entrycheck/etw.h in the header model). */
#ifndef ENTRYCHECK_ETW_H
#define ENTRYCHECK_ETW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"

struct etw_model {
	char *text;               /* the header's text */
	size_t events;            /* the events it defines EventWrite<E> for */
	struct strvec providers;  /* the symbols of the providers it registers */
};

/* Reads the manifest at `path` into `out` (released by etw_model_release).
 * Returns true; false with *problem set (caller frees: what is wrong, without
 * the file's name) when the file cannot be read, is not an instrumentation
 * manifest, or declares no provider with a symbol; `out` is then empty. */
bool etw_model_read(const char *path, struct etw_model *out, char **problem);
void etw_model_release(struct etw_model *m);

#endif /* ENTRYCHECK_ETW_H */
