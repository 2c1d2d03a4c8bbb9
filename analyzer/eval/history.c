/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers over a path's history. */
#include "eval/history.h"

const struct hist_item *site_call(const struct path *p, int site)
{
	for (size_t i = 0; site >= 0 && i < p->len; i++)
		if (p->items[i].kind == HIST_CALL && p->items[i].site == site)
			return &p->items[i];
	return NULL;
}

const struct hist_item *path_return(const struct path *p)
{
	return p->len && p->items[p->len - 1].kind == HIST_RETURN ? &p->items[p->len - 1] : NULL;
}

struct cfg_loc return_loc(const struct hist_item *ret)
{
	return ret->event ? ret->event->loc : ret->g->loc;
}

