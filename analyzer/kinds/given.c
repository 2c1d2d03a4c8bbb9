/* SPDX-License-Identifier: Apache-2.0 */
/* Which variables the prepared-structure kinds (prepared.c, storeinit.c)
 * tell apart, and which of them a rule can judge at all: by name, those
 * some call it judges is given, in any function DriverEntry reaches. */
#include <stdlib.h>
#include <string.h>

#include "kinds/prepared.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"

/* The variable `root` names at item `it`: a store through a helper's
 * pointer parameter writes the caller's variable. */
static void resolve(const struct hist_item *it, const char **root, bool *global, unsigned *frame)
{
	*frame = it->frame;
	if (it->alias_root && (it->kind == HIST_STORE || it->kind == HIST_ZERO) && *root && it->event->target.root &&
	    !strcmp(*root, it->event->target.root)) {
		*root = it->alias_root;
		*global = it->alias_global;
		*frame = it->alias_frame;
	}
}

bool given_same_variable(const struct hist_item *a, const char *root_a, bool global_a,
			 const struct hist_item *b, const char *root_b, bool global_b)
{
	unsigned frame_a, frame_b;
	resolve(a, &root_a, &global_a, &frame_a);
	resolve(b, &root_b, &global_b, &frame_b);
	if (!root_a || !root_b || strcmp(root_a, root_b))
		return false;
	return (global_a && global_b) || (!global_a && !global_b && frame_a == frame_b);
}

unsigned long long given_variable_id(const struct hist_item *it, const char *root, bool global, const char **name)
{
	unsigned frame;
	resolve(it, &root, &global, &frame);
	*name = root;
	return hash_bytes(root, strlen(root), global ? 0x5bd1e995 : frame + 1) | 1;
}

/* One allocation, for the check's memo. */
struct given_roots {
	size_t n, cap;
	unsigned long long names[];
};

struct root_walk {
	bool (*wanted)(const struct check *c, const struct cfg_call *call);
	int arg;
	struct given_roots *roots;
};

static void add_given_root(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			   void *data)
{
	(void)unit;
	struct root_walk *w = data;
	const struct cfg_call *call = event_call(g, e);
	const struct cfg_place *place = call && w->wanted(c, call) ? kinds_arg_place(call, w->arg) : NULL;
	if (!place || !place->root)
		return;
	if (w->roots->n == w->roots->cap) {
		w->roots->cap *= 2;
		w->roots = alloc_resize(w->roots, sizeof(*w->roots) + w->roots->cap * sizeof(w->roots->names[0]));
	}
	w->roots->names[w->roots->n++] = hash_bytes(place->root, strlen(place->root), 0);
}

const struct given_roots *given_roots(const struct check *c, const void *memo_key,
				      bool (*wanted)(const struct check *c, const struct cfg_call *call), int arg)
{
	void **slot = ptrmap_slot(c->memo, memo_key);
	if (!*slot) {
		struct root_walk w = { wanted, arg, alloc_bytes(sizeof(struct given_roots) + 8 * sizeof(unsigned long long)) };
		*w.roots = (struct given_roots){ 0, 8 };
		kinds_visit_events(c, add_given_root, &w);
		slot = ptrmap_slot(c->memo, memo_key); /* the visit's lookups may have moved it */
		*slot = w.roots;
	}
	return *slot;
}

bool given_roots_has(const struct given_roots *r, const char *name)
{
	unsigned long long h = hash_bytes(name, strlen(name), 0);
	for (size_t k = 0; k < r->n; k++)
		if (r->names[k] == h)
			return true;
	return false;
}

