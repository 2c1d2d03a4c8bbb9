/* SPDX-License-Identifier: Apache-2.0 */
/* The cleanup-on-failure kind: what was acquired must be released on the
 * paths that return failure, or after a trigger call failed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/framework.h"
#include "kinds/heldmap.h"
#include "kinds/hidden.h"
#include "kinds/iterations.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "kinds/threads.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* The params, compiled once per rule. */

struct cleanup_params {
	bool has_trigger;
	struct strvec trigger;
	/* "references": calls that hand back a referenced object through a
	 * pointer (ObReferenceObjectByHandle). Recorded, so that the pointer
	 * holds what the call's outcome says: a path that tested the call's
	 * success knows it is not NULL (a release under `if (p)` runs). */
	struct strvec references;
	struct pair_list list;
	struct framework_cleanup framework;
};

/* The configuration's extra pairs join the rules that list pairs and have
 * no trigger (the general rule, DE006). */
static void *cleanup_compile(const cJSON *params, const struct rule_extras *extras)
{
	struct cleanup_params *cp = alloc_zeroed(1, sizeof(*cp));
	const cJSON *trigger = cJSON_GetObjectItemCaseSensitive(params, "trigger");
	cp->has_trigger = trigger != NULL;
	kinds_names_compile(&cp->trigger, trigger);
	kinds_names_compile(&cp->references, cJSON_GetObjectItemCaseSensitive(params, "references"));
	pairs_compile(&cp->list, cJSON_GetObjectItemCaseSensitive(params, "pairs"), false);
	framework_compile(&cp->framework, params);
	if (!cp->has_trigger && extras)
		pairs_compile(&cp->list, extras->cleanup_pairs, false);
	return cp;
}

static void cleanup_release(void *compiled)
{
	struct cleanup_params *cp = compiled;
	pairs_release(&cp->list);
	strvec_clear(&cp->trigger);
	strvec_clear(&cp->references);
	framework_clear(&cp->framework);
	free(cp);
}

/* cleanup-on-failure */

struct held {
	const struct cleanup_pair *pair;
	const struct hist_item *acquire;
	const struct hist_item *misdirected; /* a release of the pair given another's object */
	const struct hist_item *taken;       /* the call that took it over, when one did */
	const struct hist_item *kept;        /* a taking call that failed, leaving it where it was */
	bool released;
	bool by_address;                     /* `misdirected` was given the address of its handle */
	bool other_argument;                 /* `misdirected` was given what it took as another argument */
};

static bool is_destructor(const struct cfg_call *call)
{
	return call && call->callee && call->callee[0] == '~';
}

/* Whether the function `name` of class `scope` (NULL: any; seen from unit
 * `from`, the caller's: a class of an anonymous namespace is its file's
 * alone) or a helper it calls, transitively, calls one of `names`: what a
 * destructor may release. The helpers are resolved with their calls'
 * classes, so that ~Guard<B> reaches B::Destroy, not A's. */
static bool may_call_at(const struct check *c, size_t unit, size_t index, const struct strvec *names, int depth)
{
	const struct function_facts *f = program_function(c->prog, unit, index);
	for (size_t i = 0; i < f->callees.len; i++)
		if (strvec_contains(names, f->callees.items[i]))
			return true;
	for (size_t i = 0; f->cfg && i < f->cfg->ncalls && depth < 6; i++) {
		const struct cfg_call *call = &f->cfg->calls[i];
		size_t u, x;
		if (call->callee && !call->callee_in_system_header &&
		    program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &x) &&
		    may_call_at(c, u, x, names, depth + 1))
			return true;
		/* Through a pointer filled with the driver's functions only: a
		 * rollback's table of undo steps (steps[--n]()). */
		const struct pointer_targets *t;
		enum pointer_target to = call->callee ? POINTER_UNKNOWN : kinds_pointer_target(c, unit, f->cfg, call, &t);
		for (size_t k = 0; (to == POINTER_FUNCTION || to == POINTER_FUNCTIONS) && k < t->n; k++)
			if (may_call_at(c, t->unit[k], t->index[k], names, depth + 1))
				return true;
	}
	return false;
}

static bool may_call(const struct check *c, const char *name, const char *scope, size_t from,
		     const struct strvec *names, int depth)
{
	size_t unit, index;
	return program_resolve_scoped(c->prog, name, scope, from, &unit, &index) &&
	       may_call_at(c, unit, index, names, depth);
}

/* A list insertion into a list head that is a local variable
 * (InsertTailList(&names, &entry->Link)): the function that owns the list
 * empties it itself, in a loop whose exit the paths cannot follow, so what
 * the entry's allocation holds is the list's, not leaked. A global list
 * outlives DriverEntry and is not exempt. */
static bool local_list_insert(const struct cfg_call *call)
{
	const struct cfg_place *head = kinds_list_insert(call) ? kinds_arg_place(call, 1) : NULL;
	return head && !head->root_is_global && !head->root_is_param && !head->root_is_this;
}

static bool cleanup_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cleanup_params *cp = c->compiled;
	if (e->kind == EVENT_STORE && e->target.field && strvec_contains(&cp->framework.fields, e->target.field) &&
	    e->value.kind == VALUE_FUNCTION)
		return true;
	/* A variable's value stored into a global (`g.Buffer = p`): what an
	 * acquisition left there is no longer what the global holds. */
	const struct cfg_place *from = &e->value.place;
	if ((e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN) && !e->compound && e->target.root_is_global &&
	    e->value.kind == VALUE_PLACE && !from->deref && from->root && (!from->path || !strcmp(from->path, from->root)))
		return true;
	const struct cfg_call *call = event_call(g, e);
	if (!call)
		return false;
	if (kinds_call_listed(call, &cp->framework.calls) || framework_child_arg(&cp->framework, call) ||
	    kinds_call_listed(call, &cp->framework.deletes))
		return true;
	if (is_destructor(call))
		return true;
	if (kinds_call_listed(call, &cp->trigger))
		return true;
	if (local_list_insert(call) || kinds_call_listed(call, &cp->references) ||
	    kinds_calls_loop_release(c, g, call, &cp->list))
		return true;
	for (size_t i = 0; i < cp->list.len; i++)
		if (kinds_call_listed(call, &cp->list.items[i].acquire) || kinds_call_listed(call, &cp->list.items[i].release) ||
		    pairs_call_takes(&cp->list.items[i], call))
			return true;
	return false;
}

/* What a call is to this rule, worked out once per call: paths replay the
 * same calls at every block they reach. */
enum { CALL_FRAMEWORK = 1, CALL_TRIGGER = 2, CALL_LIST_INSERT = 4, CALL_CHILD = 8, CALL_DELETE = 16 };
enum { PAIR_ACQUIRES = 1, PAIR_RELEASES = 2, PAIR_TAKES = 4 };
#define ROLE_ARGS 4

/* A variable as an acquisition stores into it or a release is passed it:
 * a hash of its path (0: none), global or not. */
struct object_key {
	uint64_t hash;
	bool global;
};

struct call_role {
	unsigned flags;
	struct object_key result;   /* where the call's result is stored */
	struct object_key args[ROLE_ARGS]; /* what its first arguments name */
	unsigned char addressed;    /* per argument (bit a): written `&x`, the address of what it names */
	bool fills;                 /* an acquisition whose handle argument is `&x`: it stores into x */
	unsigned char *pair;        /* per pair: PAIR_* (in the same allocation) */
	unsigned short *ks, nks;    /* the pairs it acquires or releases: a path's every call
				     * is asked at every join, and most belong to no pair */
};

static struct object_key object_key(const struct cfg_place *p)
{
	struct object_key k = { 0, false };
	const char *path = p->key ? p->key : p->path;
	if (p->root && path) {
		k.hash = hash_bytes(path, strlen(path), 0) | 1;
		k.global = p->root_is_global;
	}
	return k;
}

/* The object an argument names: the place it is or whose address it is, or
 * the routine it names (a registered callback is its own handle). */
static struct object_key arg_key(const struct cfg_value *v)
{
	if (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS)
		return object_key(&v->place);
	struct object_key k = { 0, true };
	if (v->kind == VALUE_FUNCTION && v->name)
		k.hash = hash_bytes(v->name, strlen(v->name), 0x5bd1e995) | 1;
	return k;
}

static const struct call_role *call_role(const struct check *c, const struct cfg_call *call)
{
	const struct cleanup_params *cp = c->compiled;
	void **slot = ptrmap_slot(c->memo, call);
	if (*slot)
		return *slot;
	struct call_role *role = alloc_zeroed(1, sizeof(*role) + cp->list.len * (sizeof(*role->ks) + 1));
	role->ks = (unsigned short *)(role + 1);
	role->pair = (unsigned char *)(role->ks + cp->list.len);
	role->flags = (kinds_call_listed(call, &cp->framework.calls) ? CALL_FRAMEWORK : 0) |
		      (cp->has_trigger && kinds_call_listed(call, &cp->trigger) ? CALL_TRIGGER : 0) |
		      (local_list_insert(call) ? CALL_LIST_INSERT : 0) |
		      (framework_child_arg(&cp->framework, call) ? CALL_CHILD : 0) |
		      (kinds_call_listed(call, &cp->framework.deletes) ? CALL_DELETE : 0);
	size_t from = is_destructor(call) ? program_unit_of_call(c->prog, call, c->entry->unit) : c->entry->unit;
	for (size_t k = 0; k < cp->list.len; k++) {
		const struct cleanup_pair *pair = &cp->list.items[k];
		/* An RAII guard going out of scope releases what its destructor may
		 * release; one `delete p` runs is followed (eval/evaluate.c). */
		if ((is_destructor(call) && !call->object.root && may_call(c, call->callee, call->scope, from, &pair->release, 0)) ||
		    pairs_call_releases(pair, call))
			role->pair[k] = PAIR_RELEASES;
		else if (pairs_call_acquires(pair, call))
			role->pair[k] = PAIR_ACQUIRES;
		else if (pairs_call_takes(pair, call))
			role->pair[k] = PAIR_TAKES;
		if (role->pair[k])
			role->ks[role->nks++] = (unsigned short)k;
	}
	role->result = object_key(&call->result);
	for (size_t j = 0; j < role->nks; j++) {
		/* What the acquisition names: the place it fills, or the routine it registers. */
		size_t k = role->ks[j], at = pairs_handle_arg(&cp->list.items[k], call);
		if (role->pair[k] == PAIR_ACQUIRES && at && at <= call->nargs) {
			role->result = arg_key(&call->args[at - 1]);
			role->fills = call->args[at - 1].kind == VALUE_ADDRESS;
		}
	}
	for (size_t a = 0; a < call->nargs && a < ROLE_ARGS; a++) {
		role->args[a] = arg_key(&call->args[a]);
		if (call->args[a].kind == VALUE_ADDRESS)
			role->addressed |= (unsigned char)(1u << a);
	}
	*ptrmap_slot(c->memo, call) = role; /* may_call's lookups may have moved `slot` */
	return role;
}

/* The key of an object named in frame `frame`: locals of different frames differ. */
static uint64_t object_in_frame(struct object_key k, unsigned frame)
{
	return k.hash && !k.global ? k.hash ^ ((uint64_t)(frame + 1) * 0x9E3779B97F4A7C15ULL) : k.hash;
}

/* Tells, in the set of named objects, those an acquisition filled through `&x`. */
#define FILLED_SALT 0xC2B2AE3D27D4EB4FULL
/* And what an acquisition was given besides its object (a link's target). */
#define OTHER_SALT 0x165667B19E3779F9ULL

/* Replays the acquisitions and releases of a path: what is held (not
 * released, and not known to have failed) and the last failed trigger. A
 * release releases the acquisitions stored in the variable it is passed, or
 * when it is passed none of them, every acquisition of its pair before it. */
static size_t cleanup_replay(const struct check *c, const struct path *p, struct revealed *r,
			     struct held *held, const struct hist_item **failed_trigger,
			     struct strvec *framework_callbacks_run)
{
	const struct cleanup_params *cp = c->compiled;
	size_t nheld = 0;
	size_t *released_before = alloc_zeroed(cp->list.len + 1, sizeof(*released_before)); /* nheld then */
	struct held_map objects = { 0 };
	struct u64set named = U64SET_INIT; /* per pair, the objects its acquisitions named */
	struct u64set stored = U64SET_INIT; /* globals a variable's value was stored into since */
	*failed_trigger = NULL;
	bool framework_object = false; /* created, and not known to have failed */
	for (size_t i = 0; i < p->len; i++)
		revealed_learn(r, &p->items[i]);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_STORE && it->event->target.root_is_global) {
			u64set_add(&stored, object_in_frame(object_key(&it->event->target), it->frame));
			continue;
		}
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		const struct call_role *role = call_role(c, call);
		if (role->flags & CALL_LIST_INSERT) {
			/* The entry and what is stored in it (entry->Name.Buffer). */
			const char *entry = kinds_arg_place(call, 2)->root;
			for (size_t h = 0; h < nheld; h++) {
				const struct cfg_call *acq = event_call(held[h].acquire->g, held[h].acquire->event);
				if (held[h].acquire->frame == it->frame && acq->result.root &&
				    !strcmp(acq->result.root, entry))
					held[h].released = true;
			}
			continue;
		}
		if ((role->flags & CALL_FRAMEWORK) && revealed_outcome(r, it->site) != OUTCOME_FAILURE) {
			framework_object = true;
			framework_callbacks(&cp->framework, p, i, call, cp->framework.arg, framework_callbacks_run);
		}
		/* A child made once the framework's object exists is deleted with it. */
		if ((role->flags & CALL_CHILD) && framework_object && revealed_outcome(r, it->site) != OUTCOME_FAILURE)
			framework_callbacks(&cp->framework, p, i, call, framework_child_arg(&cp->framework, call),
					    framework_callbacks_run);
		/* Deleting an object runs its callbacks: what they release is released. */
		if (role->flags & CALL_DELETE) {
			struct strvec deleted = STRVEC_INIT;
			framework_deleted_callbacks(&cp->framework, p, r, i, &deleted);
			for (size_t h = 0; h < nheld; h++)
				held[h].released |= framework_callbacks_call(c, &deleted, &held[h].pair->release);
			strvec_clear(&deleted);
		}
		if ((role->flags & CALL_TRIGGER) && revealed_outcome(r, it->site) == OUTCOME_FAILURE)
			*failed_trigger = it;
		/* A release of another pair given a held object (ExFreePool on what
		 * FltBuildDefaultSecurityDescriptor built): DE024 reports the
		 * mismatch; the object is no longer there to leak. */
		bool releases_some = false;
		for (size_t j = 0; j < role->nks; j++)
			releases_some |= role->pair[role->ks[j]] == PAIR_RELEASES;
		for (size_t a = 0; a < ROLE_ARGS && releases_some; a++) {
			uint64_t key = object_in_frame(role->args[a], it->frame);
			/* Unless an acquisition of its own pair named that object: two
			 * pairs on one object (a WSK registration and its captured NPI). */
			bool own = false;
			for (size_t j = 0; j < role->nks && key; j++)
				own |= role->pair[role->ks[j]] == PAIR_RELEASES &&
				       u64set_contains(&named, key ^ (role->ks[j] + 1) * 0x9E3779B97F4A7C15ULL);
			for (size_t h = key && !own ? kinds_objects_first(&objects, key) : 0; h; h = objects.next[h - 1])
				if (role->pair[held[h - 1].pair - cp->list.items] != PAIR_RELEASES)
					held[h - 1].released = true;
		}
		for (size_t j = 0; j < role->nks; j++) {
			size_t k = role->ks[j];
			const struct cleanup_pair *pair = &cp->list.items[k];
			if (role->pair[k] == PAIR_RELEASES) {
				/* The acquisitions stored in what it is passed; when it is passed
				 * none of them (a copy, a parameter), every one of the pair. */
				bool matched = false, addressed = false;
				for (size_t a = 0; a < ROLE_ARGS; a++) {
					uint64_t key = object_in_frame(role->args[a], it->frame);
					/* `&h`, where an acquisition stored the handle into h and the
					 * release takes the handle itself: h's address is no handle. */
					if (pair->release_by_value && (role->addressed & (1u << a)) && key &&
					    u64set_contains(&named, key ^ (k + 1) * FILLED_SALT)) {
						addressed = true;
						for (size_t h = kinds_objects_first(&objects, key); h; h = objects.next[h - 1]) {
							struct held *hd = &held[h - 1];
							if (hd->pair == pair && !hd->released) {
								hd->misdirected = it;
								hd->by_address = true;
							}
						}
						continue;
					}
					for (size_t h = kinds_objects_first(&objects, key); h; h = objects.next[h - 1]) {
						struct held *hd = &held[h - 1];
						if (hd->pair == pair && !hd->released)
							matched = hd->released = true;
					}
				}
				/* Given another acquisition's object (a failed one's, or one
				 * released already), it releases nothing else; unless the
				 * path stored something else there since (a buffer grown
				 * into a new one kept in the same global): then it cannot
				 * tell what, as for a copy. */
				bool named_one = addressed;
				for (size_t a = 0; a < ROLE_ARGS && !matched && !named_one; a++) {
					uint64_t key = object_in_frame(role->args[a], it->frame);
					named_one = key && u64set_contains(&named, key ^ (k + 1) * 0x9E3779B97F4A7C15ULL) &&
						    !u64set_contains(&stored, key);
				}
				/* Given only what an acquisition of the pair took besides its
				 * object (IoDeleteSymbolicLink(&devName) after
				 * IoCreateSymbolicLink(&link, &devName)): that is no object
				 * of the pair, so it releases nothing. */
				bool other_one = !matched && !named_one;
				for (size_t a = 0; a < ROLE_ARGS && other_one; a++) {
					uint64_t key = object_in_frame(role->args[a], it->frame);
					other_one = a > 0 ? !key : key && u64set_contains(&named, key ^ (k + 1) * OTHER_SALT) &&
										!u64set_contains(&stored, key);
				}
				if (!matched && !named_one && !other_one)
					released_before[k] = nheld;
				for (size_t h = 0; h < nheld && (named_one || other_one) && !addressed; h++)
					if (held[h].pair == pair && !held[h].released) {
						held[h].misdirected = it;
						held[h].by_address = false;
						held[h].other_argument = other_one;
					}
			} else if (role->pair[k] == PAIR_TAKES) {
				/* Taken over by a call that did not fail: what it is given
				 * is no longer the driver's to release. */
				bool failed = revealed_outcome(r, it->site) == OUTCOME_FAILURE, matched = false,
				     named_one = false;
				for (size_t a = 0; a < ROLE_ARGS; a++) {
					uint64_t key = object_in_frame(role->args[a], it->frame);
					named_one |= key && u64set_contains(&named, key ^ (k + 1) * 0x9E3779B97F4A7C15ULL);
					for (size_t h = kinds_objects_first(&objects, key); h; h = objects.next[h - 1]) {
						struct held *hd = &held[h - 1];
						if (hd->pair != pair || hd->released)
							continue;
						matched = true;
						if (failed) {
							hd->kept = it;
						} else {
							hd->released = true;
							hd->taken = it;
						}
					}
				}
				/* Given an object of another frame (a helper's parameter
				 * standing for its caller's: WdfDeviceCreate(&DeviceInit)
				 * in a helper given `init`), as a release so given: it takes
				 * what the pair holds. */
				for (size_t h = 0; h < nheld && !matched && !named_one && !failed; h++)
					if (held[h].pair == pair && !held[h].released) {
						held[h].released = true;
						held[h].taken = it;
					}
			} else if (role->pair[k] == PAIR_ACQUIRES) {
				bool failed = pair->may_fail && revealed_outcome(r, it->site) == OUTCOME_FAILURE;
				uint64_t key = object_in_frame(role->result, it->frame);
				if (key)
					u64set_add(&named, key ^ (k + 1) * 0x9E3779B97F4A7C15ULL);
				if (key && role->fills)
					u64set_add(&named, key ^ (k + 1) * FILLED_SALT);
				/* Only a pair that says which argument is its object tells. */
				size_t handle = pairs_handle_arg(pair, call);
				for (size_t a = 0; a < ROLE_ARGS && handle; a++) {
					uint64_t other = object_in_frame(role->args[a], it->frame);
					if (other && other != key && a + 1 != handle)
						u64set_add(&named, other ^ (k + 1) * OTHER_SALT);
				}
				if (!failed) {
					if (key)
						kinds_objects_add(&objects, key, nheld);
					held[nheld++] = (struct held){ pair, it, NULL, NULL, NULL, false, false, false };
				}
			}
		}
	}
	for (size_t h = 0; h < nheld; h++)
		held[h].released |= h < released_before[held[h].pair - cp->list.items];
	free(objects.keys);
	free(objects.head);
	free(objects.next);
	u64set_clear(&named);
	u64set_clear(&stored);
	free(released_before);
	return nheld;
}

/* What a later failure return reports depends, per pair, on the first
 * acquisition still held, and on which held acquisitions a later branch may
 * yet reveal as failed; program points, not call instances, so that a helper
 * inlined forty times does not multiply the states. */
static void cleanup_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct revealed r;
	revealed_init(&r, p);
	struct held *held = alloc_zeroed(p->len + 1, sizeof(*held));
	const struct hist_item *failed_trigger;
	struct strvec framework_callbacks_run = STRVEC_INIT;
	size_t nheld = cleanup_replay(c, p, &r, held, &failed_trigger, &framework_callbacks_run);
	for (size_t k = 0; k < framework_callbacks_run.len; k++)
		strbuf_addf(key, "fw:%s;", framework_callbacks_run.items[k]);
	strvec_clear(&framework_callbacks_run);
	const struct cleanup_params *cp = c->compiled;
	bool *seen = alloc_zeroed(cp->list.len + 1, sizeof(*seen)); /* per pair: an earlier one still held */
	size_t *opaque = alloc_zeroed(p->len + 1, sizeof(*opaque)), nopaque = 0;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_OPAQUE)
			opaque[nopaque++] = i;
	for (size_t h = 0; h < nheld; h++) {
		/* Taken by a call whose outcome a later test may yet reveal as failed. */
		const struct hist_item *taken = held[h].taken;
		if (held[h].released && taken && revealed_outcome(&r, taken->site) == OUTCOME_UNKNOWN) {
			key_ptr(key, held[h].pair);
			key_int(key, (unsigned long long)taken->site << 1 | 1);
		}
		if (held[h].released)
			continue;
		/* Left where it was by a failed take, which a later test may read as NULL. */
		if (held[h].kept)
			key_int(key, (unsigned long long)held[h].kept->site << 1);
		bool first = !seen[held[h].pair - cp->list.items];
		seen[held[h].pair - cp->list.items] = true;
		bool pending = revealed_outcome(&r, held[h].acquire->site) == OUTCOME_UNKNOWN;
		if (first || pending) {
			const struct hist_item *acq = held[h].acquire;
			key_ptr(key, held[h].pair);
			key_int(key, pairs_held_key(held[h].pair, event_call(acq->g, acq->event), acq->event,
						   acq->frame));
			key_int(key, pending ? acq->site : -1);
		}
	}
	for (size_t i = 0; cp->has_trigger && i < p->len; i++)
		if (p->items[i].kind == HIST_CALL &&
		    (call_role(c, event_call(p->items[i].g, p->items[i].event))->flags & CALL_TRIGGER))
			key_int(key, (unsigned long long)p->items[i].site << 8 | revealed_outcome(&r, p->items[i].site));
	key_int(key, failed_trigger != NULL);
	free(opaque);
	free(seen);
	free(held);
	revealed_release(&r);
}

/* The note of a finding that rests on an invisible call's not releasing. */
static void note_passed(const struct check *c, const struct hist_item *acquire, const struct hist_item *passed,
			bool has_body)
{
	const struct cfg_call *call = event_call(passed->g, passed->event);
	const struct cfg_call *a = event_call(acquire->g, acquire->event);
	char named[320];
	kinds_call_described(c, call, named, sizeof(named));
	problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
		     "%s: %s takes %s, whose body is not visible, not to release what %s acquired "
		     "at line %u: %s",
		     c->entry->function, c->rule->id, named,
		     a->callee ? a->callee : a->macro, acquire->event->loc.line,
		     has_body ? "its body, which the rule did not follow, calls no release"
		     : kinds_call_is_kernel_routine(c, passed->g, call) ? "it is a routine of the kernel, and it is not given it"
		     : call->undeclared ? "no header declares it, and it is not given it"
					: "it is not given it, and what it acquired is held in a local variable");
}

/* The release the path made, which names another acquisition's object, or
 * is given the address of the place holding the handle, not the handle, or
 * what the acquisition took besides its object. */
static void note_misdirected(struct finding *f, const struct hist_item *release, bool by_address, bool other_argument)
{
	const struct cfg_call *call = event_call(release->g, release->event);
	char text[256];
	snprintf(text, sizeof(text),
		 by_address ? "%s here is given the address of the place holding the handle, not the handle: it releases nothing"
		 : other_argument ? "%s here is given what the acquisition took besides its object, not the object: it releases nothing"
			    : "%s here is given what another acquisition named, not this one",
		 call->callee ? call->callee : call->macro ? call->macro : "the release");
	f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
	f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(release->event->loc.file), release->event->loc.line,
							   release->event->loc.column, alloc_strdup(text), STEP_EVENT };
}

/* One finding per acquisition left held: when one already reports this
 * acquisition, the return `at` joins it as a related location. */
static bool also_leaks_here(const struct check *c, const struct hist_item *acquire, const char *release,
			    struct cfg_loc at)
{
	const struct cfg_loc *acq = &acquire->event->loc;
	for (size_t k = 0; k < c->out->len; k++) {
		struct finding *f = &c->out->items[k];
		if (f->rule != c->rule || !f->nrelated || f->related[0].line != acq->line ||
		    f->related[0].column != acq->column || strcmp(f->related[0].file, acq->file) ||
		    !strstr(f->message, release))
			continue;
		if (f->line == at.line && f->column == at.column && !strcmp(f->file, at.file))
			return true;
		for (size_t r = 1; r < f->nrelated; r++)
			if (f->related[r].line == at.line && f->related[r].column == at.column &&
			    !strcmp(f->related[r].file, at.file))
				return true;
		f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
		size_t r = f->nrelated++;
		/* In file and line order after "acquired here", whatever the exploration's. */
		for (; r > 1 && (strcmp(f->related[r - 1].file, at.file) > 0 ||
				 (!strcmp(f->related[r - 1].file, at.file) && f->related[r - 1].line > at.line));
		     r--)
			f->related[r] = f->related[r - 1];
		f->related[r] = (struct finding_step){ alloc_strdup(at.file), at.line, at.column,
							alloc_strdup("also returns failure here without it"), STEP_EVENT };
		return true;
	}
	return false;
}

/* The path's last step after item `from` whose failure it took: where it
 * turned to the failure return, which the finding names. */
static const struct hist_item *last_failed_step(const struct path *p, const struct revealed *r, size_t from)
{
	for (size_t i = p->len; i-- > from + 1;) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && it->site >= 0 && revealed_outcome(r, it->site) == OUTCOME_FAILURE)
			return it;
	}
	return NULL;
}

/* The step that failed, named where the acquiring function called it: a
 * helper of that function failing inside is where its failure branch is. */
static void note_failed_step(struct finding *f, const struct path *p, const struct hist_item *acquire,
			     const struct hist_item *failed)
{
	const struct cfg_call *call = event_call(failed->g, failed->event);
	const struct cfg_call *via = eval_call_in_frame(p, failed, acquire->frame);
	const char *name = call->callee ? call->callee : call->macro ? call->macro : "the call";
	const struct cfg_loc *at = via ? &via->loc : &failed->event->loc;
	f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
	f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(at->file), at->line, at->column,
		!via || !via->callee ? alloc_printf("%s fails here", name)
		: !strcmp(at->file, failed->event->loc.file)
			? alloc_printf("%s fails here (its %s at line %u)", via->callee, name, failed->event->loc.line)
			: alloc_printf("%s fails here (its %s at line %u of %s)", via->callee, name,
				       failed->event->loc.line, path_basename(failed->event->loc.file)),
		STEP_EVENT };
}

static void cleanup_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->outcome != OUTCOME_FAILURE)
		return;
	const struct cleanup_params *cp = c->compiled;
	struct revealed r;
	revealed_init(&r, p);
	struct held *held = alloc_zeroed(p->len + 1, sizeof(*held));
	const struct hist_item *failed_trigger;
	struct strvec framework_callbacks_run = STRVEC_INIT;
	size_t nheld = cleanup_replay(c, p, &r, held, &failed_trigger, &framework_callbacks_run);
	bool *seen = alloc_zeroed(cp->list.len + 1, sizeof(*seen)); /* per pair: an earlier one still held */
	size_t *opaque = alloc_zeroed(p->len + 1, sizeof(*opaque)), nopaque = 0;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_OPAQUE)
			opaque[nopaque++] = i;
	struct thread_wait wait;
	kinds_thread_wait(c, p, &wait);
	int repeats = -1; /* asked once, of a path that holds something */
	if (!cp->has_trigger || failed_trigger) {
		for (size_t h = 0; h < nheld; h++) {
			if (held[h].released)
				continue;
			/* Linked into a global list a helper called later empties. */
			if (kinds_list_drained(c, p, (size_t)(held[h].acquire - p->items), held[h].pair))
				continue;
			/* What earlier iterations of a loop acquired, on a path that
			 * passed a loop releasing the pair: which elements that loop
			 * reached the path cannot say. A note, not a guess. */
			if (repeats < 0)
				repeats = kinds_path_repeats_a_call(p);
			const struct cfg_event *loop_release =
				repeats && kinds_earlier_iterations(p, &r, (size_t)(held[h].acquire - p->items))
					? kinds_release_in_loop(c, p, held[h].pair, (size_t)(held[h].acquire - p->items)) : NULL;
			if (loop_release && kinds_released_each(p, (size_t)(held[h].acquire - p->items), held[h].pair))
				continue;
			if (loop_release) {
				const struct cfg_call *acq = event_call(held[h].acquire->g, held[h].acquire->event);
				problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
					     "%s: %s does not judge what earlier iterations of the loop of %s at line %u "
					     "acquired when a later one fails: the loop at line %u may release them, and "
					     "the rule cannot tell which elements it reaches",
					     c->entry->function, c->rule->id, acq->callee ? acq->callee : acq->macro,
					     held[h].acquire->event->loc.line, loop_release->loc.line);
				continue;
			}
			bool duplicate = seen[held[h].pair - cp->list.items];
			seen[held[h].pair - cp->list.items] = true;
			/* The cleanup callback the framework runs when it deletes the
			 * driver object of a DriverEntry that failed releases it; else an
			 * invisible call after the acquisition could have (a note says
			 * the rule stepped back, so that one comes last). */
			const struct hist_item *passed = NULL;
			bool passed_has_body = false;
			if ((p->widened && !c->strict && hidden_release_in_routines(c, p, held[h].pair)) ||
			    framework_callbacks_call(c, &framework_callbacks_run, &held[h].pair->release) ||
			    kinds_thread_releases(c, &wait, (size_t)(held[h].acquire - p->items), held[h].pair) ||
			    hidden_may_release(c, p, (size_t)(held[h].acquire - p->items), held[h].pair, opaque,
					nopaque, &passed, &passed_has_body))
				continue;
			char *release = kinds_names_joined(&held[h].pair->release, " or ");
			/* One finding per return and pair, whichever acquisition another path held first. */
			struct cfg_loc at = eval_return_loc(ret);
			for (size_t k = 0; k < c->out->len && !duplicate; k++) {
				const struct finding *f = &c->out->items[k];
				duplicate = f->rule == c->rule && f->line == at.line && f->column == at.column &&
					    !strcmp(f->file, at.file) && strstr(f->message, release);
			}
			if (duplicate || also_leaks_here(c, held[h].acquire, release, at)) {
				free(release);
				continue;
			}
			const struct cfg_call *acq = event_call(held[h].acquire->g, held[h].acquire->event);
			char *acquire_line = kinds_line_number_text(held[h].acquire->event->loc.line);
			char *trigger_line = failed_trigger ? kinds_line_number_text(failed_trigger->event->loc.line) : alloc_strdup("");
			const char *trigger_name = failed_trigger ? event_call(failed_trigger->g, failed_trigger->event)->callee : "";
			const char *vars[] = { "acquire", acq->callee ? acq->callee : acq->macro,
					       "acquire_line", acquire_line, "release", release,
					       "trigger", trigger_name, "trigger_line", trigger_line, NULL };
			size_t before = c->out->len;
			eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, &held[h].acquire->event->loc,
			       held[h].pair->release.len ? "acquired here" : "called here", vars);
			if (held[h].misdirected && c->out->len > before)
				note_misdirected(&c->out->items[before], held[h].misdirected, held[h].by_address,
						 held[h].other_argument);
			const struct hist_item *failed = failed_trigger ? failed_trigger
				: last_failed_step(p, &r, (size_t)(held[h].acquire - p->items));
			if (failed && c->out->len > before)
				note_failed_step(&c->out->items[before], p, held[h].acquire, failed);
			if (passed)
				note_passed(c, held[h].acquire, passed, passed_has_body);
			free(trigger_line);
			free(acquire_line);
			free(release);
		}
	}
	free(opaque);
	free(seen);
	strvec_clear(&framework_callbacks_run);
	free(held);
	revealed_release(&r);
}

/* A release of pairs only, passed `var` where the replay looks, undoing
 * every pair `acquire` acquires into `var`; pairs that may fail, so that
 * a failed acquisition is not held (as when var was NULL). */
static bool cleanup_guarded_release(const struct check *c, const struct cfg_call *release,
				    const struct cfg_call *acquire, const char *var)
{
	const struct cleanup_params *cp = c->compiled;
	const struct call_role *r = call_role(c, release);
	if (r->flags || !r->nks)
		return false;
	for (size_t j = 0; j < r->nks; j++)
		if (r->pair[r->ks[j]] != PAIR_RELEASES)
			return false;
	/* `var` among the arguments the replay matches, keyed as it keys them. */
	const struct object_key *passed = NULL;
	for (size_t i = 0; i < ROLE_ARGS && i < release->nargs && !passed; i++) {
		const struct cfg_value *v = &release->args[i];
		if (v->kind == VALUE_PLACE && v->place.root && !strcmp(v->place.root, var) && r->args[i].hash)
			passed = &r->args[i];
	}
	if (!passed || !acquire)
		return passed != NULL;
	const struct call_role *a = call_role(c, acquire);
	if (a->flags || !a->nks || a->result.hash != passed->hash || a->result.global != passed->global)
		return false;
	for (size_t j = 0; j < a->nks; j++) {
		size_t k = a->ks[j];
		if (a->pair[k] != PAIR_ACQUIRES || r->pair[k] != PAIR_RELEASES || !cp->list.items[k].may_fail)
			return false;
	}
	return true;
}

static const struct kind_ops cleanup_on_failure_ops = {
	.relevant = cleanup_relevant,
	.check_path = cleanup_path,
	.summary = cleanup_summary,
	.guarded_release = cleanup_guarded_release,
};

const struct kind kind_cleanup_on_failure = {
	.name = "cleanup-on-failure",
	.placeholders = (const char *const[]){ "acquire", "acquire_line", "release", "trigger", "trigger_line", NULL },
	.compile = cleanup_compile,
	.release = cleanup_release,
	.ops = &cleanup_on_failure_ops,
};

