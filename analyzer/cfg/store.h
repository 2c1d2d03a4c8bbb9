/* SPDX-License-Identifier: Apache-2.0 */
/* A control-flow graph as bytes and back, for the result cache: every field
 * of struct cfg, so a graph read back is the graph that was built. */
#ifndef ENTRYCHECK_CFG_STORE_H
#define ENTRYCHECK_CFG_STORE_H

#include "base/bytes.h"
#include "cfg/cfg.h"

void cfg_write(struct strbuf *out, const struct cfg *g);
/* The graph `in` holds next, or NULL with in->failed set when the bytes do
 * not make one (the caller then forgets the whole entry). Free with cfg_free. */
struct cfg *cfg_read(struct bytes_in *in);

#endif
