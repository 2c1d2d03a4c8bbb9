/* SPDX-License-Identifier: Apache-2.0 */
/* What callbacks read of the globals, place by place (kinds/places.c): the
 * order kind's test of whether a store races with a callback. */
#ifndef ENTRYCHECK_KINDS_PLACES_H
#define ENTRYCHECK_KINDS_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg/cfg.h"

struct check;
struct program;
struct strvec;

/* What a set of callbacks reads of the globals, and what they call: each
 * place as written, `->` as `.` (g_State->Files is "g_State.Files"), or the
 * variable alone when the place is not a plain path. A store races with a
 * read when one place contains the other: a store to g_State->DriverObject
 * races with a read of g_State, not with one of g_State->Files. One
 * allocation. */
struct callback_reads {
	size_t n;                  /* places read */
	size_t ntested;            /* then places tested for zero or NULL */
	const char *places[];
};

/* The functions to follow, each once: the program's units numbered. */
struct function_queue {
	const struct program *prog;
	size_t *base;              /* per unit: the number of the first function */
	bool *seen;
	size_t *items;             /* unit, index pairs */
	size_t len, cap;
};

void kinds_queue_init(struct function_queue *q, const struct program *prog);
void kinds_queue_release(struct function_queue *q);
/* Queues the function `name` resolves to from unit `from`, once. */
void kinds_queue_add(struct function_queue *q, const char *name, size_t from);
/* Queues function `index` of unit `unit`, once. */
void kinds_queue_add_at(struct function_queue *q, size_t unit, size_t index);
/* Queues the functions a value names by address, but those in `skip` (NULL: none). */
void kinds_queue_add_value(struct function_queue *q, const struct cfg_value *v, size_t unit,
			   const struct strvec *skip);

/* Adds a place as the reads compare it (`->` as `.`; the variable alone
 * when the path is not a plain one). */
void kinds_place_add(struct strvec *places, const char *path);
/* The strings of `v`, then of `w` (may be NULL), in one allocation the
 * caller frees with free(). */
struct callback_reads *kinds_reads_pack(const struct strvec *v, const struct strvec *w);
/* What the queued functions, and all they call, read and test; the caller
 * frees it with free(). */
struct callback_reads *kinds_reads_gather(struct function_queue *q);
/* Whether the reads overlap `place` (one contains the other). */
bool kinds_reads_place(const struct callback_reads *r, const char *place);
/* Whether the reads overlap member `member` of some object ("m_Lock":
 * g_Table.m_Lock). */
bool kinds_reads_member(const struct callback_reads *r, const char *member);
/* Whether the callbacks test `place` itself for zero or NULL. */
bool kinds_reads_tests(const struct callback_reads *r, const char *place);
/* What routine `name` (seen from unit `from`), and what it calls, reads and
 * tests, DriverEntry left out; memoized in the check's memo under the
 * routine's facts, which no other key of a kind's memo is. */
const struct callback_reads *kinds_routine_reads(const struct check *c, const char *name, size_t from);
/* What routine `name` reads through the context pointer its registration
 * gives it as parameter `param` (0-based; and the locals copied from it,
 * the methods called on it, the helpers given it), each place as `prefix`
 * + its path below the pointer ("g_Filter." + "m_Lock"; "" for the members
 * alone); memoized in the check's memo. */
const struct callback_reads *kinds_context_reads(const struct check *c, const char *name, size_t from, int param,
						 const char *prefix);

#endif
