/* SPDX-License-Identifier: Apache-2.0 */
/* What a path holds of one pair object by object: the acquisitions that
 * filled distinct globals (two devices, two callout ids), and whether an
 * unload routine's releases can reach each. DE011 judges pairs as a whole;
 * this tells the unload routine that deletes one of two devices. */
#ifndef ENTRYCHECK_KINDS_HELDOBJECTS_H
#define ENTRYCHECK_KINDS_HELDOBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct check;
struct cleanup_pair;
struct hist_item;
struct pair_list;
struct path;
struct revealed;
struct strbuf;
struct strvec;

struct held_object {
	size_t pair;                    /* index into the pair list */
	const struct hist_item *acquire;
	const char *key;                /* the global it filled, as its place's key */
};

/* Fills `out` (room for p->len) with what the path still holds in a global
 * of its own, per pair, for the pairs that hold two or more distinct
 * globals, or one and another global an acquisition of the pair took
 * besides its object (noted in `others`, "pair:global", when not NULL);
 * returns how many. A release given a global releases what was stored
 * there, given anything else (a parameter, a local, a list walk) everything
 * of its pair. */
size_t kinds_held_objects(const struct pair_list *pairs, const struct path *p, const struct revealed *r,
			  struct held_object *out, struct strvec *others);
/* Whether the routine (unit, index), or a helper it calls that has a body,
 * makes a release of `held[at]`'s pair not given another of held's globals
 * of that pair, nor one of `others`: one that may release held[at]'s. A
 * call through a pointer may. */
bool kinds_object_released(const struct check *c, const struct cleanup_pair *pair, size_t unit, size_t index,
			   const struct held_object *held, size_t n, size_t at, const struct strvec *others);
/* What the path holds in globals of their own (as kinds_held_objects) that
 * none of the unload routines `unloads` (each named as seen from unit
 * from[k]) may release, for the pairs set in `released_pairs` (those
 * released as a whole); into `out` (room for p->len), returning how many. */
size_t kinds_objects_forgotten(const struct check *c, const struct pair_list *pairs, const struct path *p,
			       const struct revealed *r, uint64_t released_pairs, const struct strvec *unloads,
			       const size_t *from, struct held_object *out);
/* Adds to a path's summary key what it holds in globals of their own, so
 * that paths holding different ones do not merge. */
void kinds_held_objects_summary(const struct pair_list *pairs, const struct path *p, const struct revealed *r,
				struct strbuf *key);

#endif
