/* SPDX-License-Identifier: Apache-2.0 */
/* What a loop's earlier iterations acquired, and the loops that release it
 * (cleanup-on-failure). */
#ifndef ENTRYCHECK_KINDS_ITERATIONS_H
#define ENTRYCHECK_KINDS_ITERATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/history.h"
#include "kinds/pairs.h"

struct revealed;

/* Whether the path ran some call of one frame twice (a loop's later
 * iteration): only then can a held acquisition be an earlier iteration's. */
bool kinds_path_repeats_a_call(const struct path *p);
/* Whether the held acquisition at item `at` is the earlier iterations of a
 * loop whose later iteration failed on this path. */
bool kinds_earlier_iterations(const struct path *p, const struct revealed *r, size_t at);
/* A release of `pair` inside a loop of a function the path went through,
 * which may reach the elements acquisition `at` filled; NULL when there is
 * none, or only element-wise loops this path provably never ran. */
const struct cfg_event *kinds_release_in_loop(const struct check *c, const struct path *p,
					     const struct cleanup_pair *pair, size_t at);
/* Whether `call` of `g` reaches a helper that releases one of `pairs` in a
 * loop: the path records such calls, for kinds_release_in_loop. */
bool kinds_calls_loop_release(const struct check *c, const struct cfg *g, const struct cfg_call *call,
			      const struct pair_list *pairs);
/* Whether a counted loop that releases every element the acquiring loop of
 * item `at` may have filled ran on this path after it. */
bool kinds_released_each(const struct path *p, size_t at, const struct cleanup_pair *pair);
/* Whether `call` links an entry into a list: InsertTailList(&head, &entry->Link),
 * InsertHeadList, PushEntryList. */
bool kinds_list_insert(const struct cfg_call *call);
/* Whether the acquisition at item `at` is linked into a global list by its
 * function (InsertTailList(&g.Rules, &entry->Link)) and the path then calls
 * a helper that empties that list in a loop releasing `pair`
 * (RemoveHeadList(&g.Rules), then the entry freed). */
bool kinds_list_drained(const struct check *c, const struct path *p, size_t at, const struct cleanup_pair *pair);
/* Whether `call`, made in a loop of `g`, is given the loop's counter (a
 * plain variable `g` counts up: `n++`, `n += k`) or a local the loop's body
 * fills for each run (status-lost, kinds/calls.c). Called once per item,
 * with its status discarded, a helper of the driver's own handles an item
 * the driver can go on without (a disk to mount for each registry entry). */
bool kinds_per_item_call(const struct cfg *g, const struct cfg_event *e, const struct cfg_call *call);

#endif
