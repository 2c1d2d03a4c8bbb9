/* SPDX-License-Identifier: Apache-2.0 */
/* What an unload routine undoes on every path of its graph and of the
 * helpers it calls, as a dataflow: a release counts on every path it is made
 * on, and a branch whose other side releases it counts as a guard: that side
 * never set it up (`if (g_Cookie.QuadPart) CmUnRegisterCallback(g_Cookie);`,
 * a loop deleting every device, a switch on how far the setup got). */
#ifndef ENTRYCHECK_KINDS_UNDONE_H
#define ENTRYCHECK_KINDS_UNDONE_H

#include <stddef.h>
#include <stdint.h>

#include "eval/history.h"

struct pair_list;

/* A pair's bit in the masks below: the first 64 pairs are judged. */
#define UNDONE_MAX_PAIRS 64

struct undone {
	uint64_t must;              /* per pair: released on every path (guards count) */
	uint64_t may;               /* per pair: released on some path */
	const char *hidden;         /* a call that could release anything, or NULL */
	unsigned hidden_line;
	const struct cfg *g;        /* the routine's graph */
	struct cfg_loc missed[UNDONE_MAX_PAIRS]; /* per pair not released on every path: where a path
				     * without it ends (a return, or the closing brace) */
	const char *dead[UNDONE_MAX_PAIRS]; /* per pair: a flag nothing sets that guards its release */
	struct cfg_loc dead_at[UNDONE_MAX_PAIRS];
};

/* What function `index` of `unit` undoes of `pairs`; remembered in c->memo
 * for the check's DriverEntry. */
struct undone kinds_undone_by(const struct check *c, const struct pair_list *pairs, size_t unit, size_t index);

#endif
