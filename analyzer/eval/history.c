/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers over a path's history. */
#include "eval/history.h"

const struct hist_item *eval_path_return(const struct path *p)
{
	return p->len && p->items[p->len - 1].kind == HIST_RETURN ? &p->items[p->len - 1] : NULL;
}

struct cfg_loc eval_return_loc(const struct hist_item *ret)
{
	return ret->event ? ret->event->loc : ret->g->loc;
}

