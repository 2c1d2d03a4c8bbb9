/* SPDX-License-Identifier: Apache-2.0 */
/* A unit's facts as bytes and back, for the result cache (run/resultcache.c):
 * everything entry_collect and decls_collect fill in, CFGs included. */
#ifndef ENTRYCHECK_FACTS_STORE_H
#define ENTRYCHECK_FACTS_STORE_H

#include "base/bytes.h"
#include "facts/entry.h"

void unit_facts_write(struct strbuf *out, const struct unit_facts *u);
/* Fills `u` from `in`; returns 0, or -1 with `u` released and in->failed set
 * when the bytes do not make a unit. */
int unit_facts_read(struct bytes_in *in, struct unit_facts *u);

#endif
