/* SPDX-License-Identifier: Apache-2.0 */
/* Blocks, edges and the frames that say where break, continue, a __leave
 * and an exception go. */
#include "cfg/build.h"

#include "base/alloc.h"

/* ---- blocks and edges ---- */

int cfg_block_new(struct builder *b, const char *label)
{
	struct cfg *g = b->g;
	GROW(g->blocks, g->cap, g->nblocks + 1);
	struct cfg_block *blk = &g->blocks[g->nblocks];
	memset(blk, 0, sizeof(*blk));
	blk->id = (unsigned)g->nblocks;
	blk->label = label;
	return (int)g->nblocks++;
}

size_t cfg_edge_add(struct builder *b, int from, int to)
{
	struct cfg_block *blk = &b->g->blocks[from];
	GROW(blk->succ, blk->succ_cap, blk->nsucc + 1);
	blk->succ[blk->nsucc] = to;
	return blk->nsucc++;
}

void cfg_edge_to_target(struct builder *b, int from, struct target *t)
{
	if (t->block >= 0) {
		cfg_edge_add(b, from, t->block);
		return;
	}
	size_t index = cfg_edge_add(b, from, -1);
	GROW(t->pending, t->cap, t->npending + 1);
	t->pending[t->npending++] = (struct slot){ from, index };
}

/* Ends the current block with an edge to `t`. */
void cfg_goto_target(struct builder *b, struct target *t)
{
	if (b->cur >= 0)
		cfg_edge_to_target(b, b->cur, t);
	b->cur = -1;
}

/* Starts the target's block here, when anything reaches it (or `always`). */
void cfg_target_place(struct builder *b, struct target *t, bool always)
{
	if (!always && t->npending == 0 && b->cur < 0)
		return;
	int nb = cfg_block_new(b, t->label);
	if (b->cur >= 0)
		cfg_edge_add(b, b->cur, nb);
	for (size_t i = 0; i < t->npending; i++)
		b->g->blocks[t->pending[i].block].succ[t->pending[i].index] = nb;
	free(t->pending);
	t->pending = NULL;
	t->npending = t->cap = 0;
	t->block = nb;
	b->cur = nb;
}

void cfg_target_release(struct target *t)
{
	free(t->pending);
	t->pending = NULL;
	t->npending = t->cap = 0;
}

void cfg_block_ensure(struct builder *b)
{
	if (b->cur < 0)
		b->cur = cfg_block_new(b, "unreachable");
}

void cfg_block_start(struct builder *b, const char *label)
{
	int nb = cfg_block_new(b, label);
	if (b->cur >= 0)
		cfg_edge_add(b, b->cur, nb);
	b->cur = nb;
}

/* ---- frames ---- */

size_t cfg_frame_push(struct builder *b, const struct frame *f)
{
	GROW(b->frames, b->frames_cap, b->nframes + 1);
	b->frames[b->nframes] = *f;
	b->frames[b->nframes].scopes = b->nscopes;
	return b->nframes++;
}

int cfg_frame_innermost(const struct builder *b, enum frame_kind k1, enum frame_kind k2)
{
	for (size_t i = b->nframes; i-- > 0;)
		if (b->frames[i].kind == k1 || b->frames[i].kind == k2)
			return (int)i;
	return -1;
}

/* Leaves the current block for `t`, running on the way every __finally
 * whose frame lies at `depth` or deeper, each as a fresh copy. */
bool cfg_run_finally(struct builder *b, size_t depth)
{
	if (b->cur < 0)
		return false;
	for (size_t i = b->nframes; i-- > depth;) {
		if (b->frames[i].kind != FRAME_FINALLY)
			continue;
		size_t saved_n = b->nframes, nsaved = saved_n - i;
		struct frame *saved = alloc_bytes(nsaved * sizeof(*saved));
		memcpy(saved, &b->frames[i], nsaved * sizeof(*saved));
		b->nframes = i;
		cfg_block_start(b, "finally");
		cfg_lower_stmt(b, saved[0].finally_body);
		memcpy(&b->frames[i], saved, nsaved * sizeof(*saved));
		b->nframes = saved_n;
		free(saved);
		if (b->cur < 0)
			return false;
	}
	return true;
}

/* Whether `s` is a statement of the function's body itself, not nested in
 * an `if` or a loop (`Exit: return status;` is: a label only names it): the
 * end of the main line, as the success return before a goto ladder's labels
 * is, where a return inside a test gives up early. */
static bool top_of_body(const struct builder *b, CXCursor s)
{
	for (size_t i = 0; i < b->tops.len; i++)
		if (!clang_Cursor_isNull(b->tops.items[i]) && clang_equalCursors(b->tops.items[i], s))
			return true;
	return false;
}

struct cfg_event *cfg_return_event(struct builder *b, CXCursor at)
{
	cfg_block_ensure(b);
	if (!cfg_run_finally(b, 0))
		return NULL;
	struct cfg_event *e = cfg_event_add(b, EVENT_RETURN, at);
	if (e && b->cur >= 0 && !top_of_body(b, at))
		cfg_mark_jump(b, at);
	return e;
}

void cfg_mark_jump(struct builder *b, CXCursor at)
{
	if (b->cur < 0)
		return;
	b->g->blocks[b->cur].jumps = true;
	b->g->blocks[b->cur].jump_loc = cfg_loc_of(b, at);
}

void cfg_jump_via_finally(struct builder *b, struct target *t, size_t depth)
{
	if (cfg_run_finally(b, depth))
		cfg_goto_target(b, t);
}

/* Records the current block as one an exception may leave. */
void cfg_note_may_throw(struct builder *b)
{
	int i = cfg_frame_innermost(b, FRAME_HANDLERS, FRAME_HANDLERS);
	if (i < 0 || b->cur < 0)
		return;
	struct frame *f = &b->frames[i];
	for (size_t k = 0; k < f->nsources; k++)
		if (f->sources[k] == b->cur)
			return;
	GROW(f->sources, f->sources_cap, f->nsources + 1);
	f->sources[f->nsources++] = b->cur;
}

void cfg_exc_edges_add(struct builder *b, const int *sources, size_t n, int handler)
{
	for (size_t i = 0; i < n; i++) {
		GROW(b->exc, b->exc_cap, b->nexc + 1);
		b->exc[b->nexc++] = (struct exc_edge){ sources[i], handler };
	}
}
