/* SPDX-License-Identifier: Apache-2.0 */
/* The used-after-release kind: memory a path has released (a pool block
 * given to ExFreePoolWithTag, a device object and its extension given to
 * IoDeleteDevice) must not be read or written through afterwards, nor
 * released again: `ExFreePool(g.Buf); Log(g.Buf->Count);`. Judged by
 * replaying the path: a release names the pointer it was given (a global,
 * or a variable of the frame that released it: a later call of a helper
 * opens another frame, whose names are other variables); storing into that
 * pointer, or handing its address to a call, gives it new memory; a use
 * reaches through it (`->`, `*`, `[]`). What a path cannot see is no use:
 * after a call whose body is hidden, the globals it may have changed are
 * forgotten. */
#include <stdlib.h>
#include <string.h>

#include "kinds/releasers.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/str.h"
#include "base/strvec.h"

struct released_params {
	struct releaser_list list;
	bool again_only;           /* handles, not memory: only a second release is judged */
};

static void *released_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct released_params *rp = alloc_zeroed(1, sizeof(*rp));
	releasers_compile(&rp->list, cJSON_GetObjectItemCaseSensitive(params, "releases"));
	rp->again_only = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "again_only"));
	return rp;
}

static void released_release(void *compiled)
{
	struct released_params *rp = compiled;
	releasers_release(&rp->list);
	free(rp);
}

/* The releaser a call is, worked out once per call (summaries replay every
 * call of a path at each of its joins): its index + 1 in the memo, 0 none. */
static const struct releaser *releaser_of(const struct check *c, const struct cfg_call *call)
{
	const struct releaser_list *rp = &((const struct released_params *)c->compiled)->list;
	if (!call)
		return NULL;
	void **slot = ptrmap_slot(c->memo, call); /* the memo frees what it holds */
	if (!*slot) {
		size_t *which = alloc_zeroed(1, sizeof(*which));
		for (size_t i = 0; i < rp->n && !*which; i++)
			if (kinds_call_listed(call, &rp->items[i].calls))
				*which = i + 1;
		*slot = which;
	}
	size_t which = *(size_t *)*slot;
	return which ? &rp->items[which - 1] : NULL;
}

/* Every call, store and return may use, refill or release a pointer. */
static bool released_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	(void)c;
	(void)g;
	return e->kind != EVENT_ZERO || e->target.path;
}

/* One pointer a path released and has not refilled. */
struct freed {
	const char *path;        /* the pointer as written ("g_Pl.Snapshot", "ext") */
	bool global;             /* a global's: the same in every frame; else `frame`'s own */
	unsigned frame;
	bool extension;          /* a device object: places of a device extension
				  * ("<extension T>.x") went with it */
	const struct hist_item *at;
	const struct cfg_call *call;
};

/* A helper's local that the helper handed back through a pointer parameter
 * given a global's address (`*Filter = fdo`): releasing it releases that
 * global's memory. */
struct handed {
	unsigned frame;
	const char *local, *global;
};

struct freed_set {
	struct freed *items;
	size_t n, cap;
	struct handed *handed;
	size_t nhanded, handed_cap;
	/* The device whose extension DriverEntry's pointers to one came from
	 * (`ext = dev->DeviceExtension`): NULL before any, "" once two did. */
	const char *ext_source;
};

/* Whether `path` reaches through the pointer `ptr`: `ptr->x`, `ptr[i]`. */
static bool through(const char *path, const char *ptr)
{
	size_t n = strlen(ptr);
	return path && !strncmp(path, ptr, n) && (!strncmp(path + n, "->", 2) || path[n] == '[');
}

/* Whether `path` is `holder` or a member of it (`g`, `g.Buf` of holder "g"). */
static bool within(const char *ptr, const char *holder)
{
	size_t n = strlen(holder);
	return holder[0] && !strncmp(ptr, holder, n) && (!ptr[n] || ptr[n] == '.' || !strncmp(ptr + n, "->", 2));
}

/* The freed pointer `place`, seen from frame `frame`, reaches through, or -1. */
static long used_through(const struct freed_set *fs, const struct cfg_place *place, unsigned frame)
{
	if (!place->path)
		return -1;
	for (size_t i = 0; i < fs->n; i++) {
		const struct freed *f = &fs->items[i];
		if (!f->global && frame != f->frame)
			continue;
		if (through(place->path, f->path) || (place->deref && place->root && !strcmp(place->root, f->path)) ||
		    (f->extension && str_starts_with(place->path, "<extension ")))
			return (long)i;
	}
	return -1;
}

static void forget_at(struct freed_set *fs, size_t i)
{
	fs->items[i] = fs->items[--fs->n];
}

/* A store into `place` (or a call given its address, or a zeroing) gives
 * every freed pointer within it new memory. */
static void refilled(struct freed_set *fs, const struct cfg_place *place, unsigned frame)
{
	if (!place->path)
		return;
	for (size_t i = fs->n; i-- > 0;) {
		const struct freed *f = &fs->items[i];
		if ((f->global || frame == f->frame) && within(f->path, place->path))
			forget_at(fs, i);
	}
}

/* `value`, stored in frame `frame`, is a device's extension: a pointer to
 * it now leads to that device's, which no release so far freed. */
static void extension_taken(struct freed_set *fs, const struct cfg_value *value, unsigned frame)
{
	const char *path = value->kind == VALUE_PLACE ? value->place.path : NULL;
	if (!path || !str_ends_with(path, "->DeviceExtension"))
		return;
	for (size_t i = fs->n; i-- > 0;)
		if (fs->items[i].extension)
			fs->items[i].extension = false;
	size_t n = strlen(path) - strlen("->DeviceExtension");
	if (frame != 0 || (fs->ext_source && (strlen(fs->ext_source) != n || strncmp(fs->ext_source, path, n))))
		fs->ext_source = "";
	else if (!fs->ext_source)
		fs->ext_source = path;
}

/* Whether the extensions DriverEntry points to are all `device`'s. */
static bool extension_of(const struct freed_set *fs, const char *device)
{
	size_t n = strlen(device);
	return fs->ext_source && fs->ext_source[0] && !strncmp(fs->ext_source, device, n) &&
	       !strcmp(fs->ext_source + n, "->DeviceExtension");
}

/* What the call of `it` releases, added to `fs`. */
static void add_released(struct freed_set *fs, const struct path *path_of, const struct releaser *r,
			 const struct hist_item *it, const struct cfg_call *call)
{
	if (r->arg < 1 || (size_t)r->arg > call->nargs || it->event->in_loop)
		return;
	const struct cfg_value *v = &call->args[r->arg - 1];
	const struct cfg_place *p = &v->place;
	/* A slot picked by a variable index is every slot to the path; a
	 * device extension's member ("<extension T>.Buf") is every extension's
	 * of that type; the device list's head moves on as its device goes. */
	/* A handle released through its address (WskDeregister(&g.Reg)) is
	 * the place itself. */
	if ((v->kind != VALUE_PLACE && v->kind != VALUE_ADDRESS) || !p->path || p->key || p->root_is_this ||
	    p->path[0] == '<')
		return;
	const char *path = p->path;
	bool global = p->root_is_global;
	for (size_t k = 0; !global && it->frame && k < fs->nhanded; k++)
		if (fs->handed[k].frame == it->frame && !strcmp(fs->handed[k].local, path)) {
			path = fs->handed[k].global;
			global = true;
		}
	/* A helper's variable counts in a frame the path runs once: one the
	 * path may run again (its call in a loop) reuses the names. */
	if (!global && it->frame && eval_frame_may_rerun(path_of, it->frame))
		return;
	alloc_grow((void **)&fs->items, &fs->cap, fs->n + 1, sizeof(*fs->items));
	fs->items[fs->n++] = (struct freed){ path, global, it->frame, r->extension && extension_of(fs, path), it, call };
}

/* Reports the use of freed pointer `i` at item `it`. */
static void report(const struct check *c, const struct path *p, const struct freed_set *fs, size_t i,
		   const struct hist_item *it, const char *what)
{
	const struct freed *f = &fs->items[i];
	char *line = kinds_line_number_text(f->call->loc.line);
	const char *vars[] = { "var", f->path, "use", what, "call", f->call->callee ? f->call->callee : "",
			       "released", line, "function", it->g->function, NULL };
	eval_add_finding(c, it->event->loc, it->g->function, p, &f->call->loc, "released here", vars);
	free(line);
}

/* The places an item reads or writes through; the first freed one is reported. */
static bool check_uses(const struct check *c, const struct path *p, struct freed_set *fs,
		       const struct hist_item *it)
{
	const struct cfg_event *e = it->event;
	const struct cfg_place *places[16];
	size_t n = 0;
	const struct cfg_call *call = event_call(it->g, e);
	if (call) {
		for (size_t a = 0; a < call->nargs && n < 14; a++) {
			const struct cfg_value *v = &call->args[a];
			if (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS)
				places[n++] = &v->place;
		}
		if (call->object_arrow && call->object.root)
			places[n++] = &call->object;
		if (call->pointer.root)
			places[n++] = &call->pointer;
	} else {
		if (e->kind == EVENT_STORE || e->kind == EVENT_ZERO)
			places[n++] = &e->target;
		if ((e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN || e->kind == EVENT_RETURN) &&
		    e->value.kind == VALUE_PLACE)
			places[n++] = &e->value.place;
	}
	const struct released_params *rp = c->compiled;
	const struct releaser *r = releaser_of(c, call);
	const struct cfg_value *released = r && r->arg >= 1 && (size_t)r->arg <= call->nargs ? &call->args[r->arg - 1] : NULL;
	if (released && (released->kind == VALUE_PLACE || released->kind == VALUE_ADDRESS))
		for (size_t i = 0; i < fs->n; i++) {
			const struct freed *f = &fs->items[i];
			const char *path = call->args[r->arg - 1].place.path;
			/* Handles: each release of its own kind (WskReleaseProviderNPI,
			 * then WskDeregister, both given the registration, is the
			 * teardown). */
			if (rp->again_only && releaser_of(c, f->call) != r)
				continue;
			if ((f->global || it->frame == f->frame) && path && !strcmp(path, f->path)) {
				/* released again: the use is the second release */
				report(c, p, fs, i, it, call->text ? call->text : path);
				forget_at(fs, i);
				return true;
			}
		}
	for (size_t k = 0; k < n && !rp->again_only; k++) {
		long i = used_through(fs, places[k], it->frame);
		if (i >= 0) {
			char *what = cfg_alias_readable(places[k]->path);
			report(c, p, fs, (size_t)i, it, what);
			free(what);
			forget_at(fs, (size_t)i);
			return true;
		}
	}
	return false;
}

/* `*Param = local` in a helper whose Param was given a global's address:
 * the local stands for that global from here (a store into the local ends it). */
static void note_handed(struct freed_set *fs, const struct hist_item *it)
{
	const struct cfg_event *e = it->event;
	for (size_t k = fs->nhanded; k-- > 0;)
		if (fs->handed[k].frame == it->frame && e->target.path && !strcmp(fs->handed[k].local, e->target.path))
			fs->handed[k] = fs->handed[--fs->nhanded];
	const struct cfg_place *v = &e->value.place;
	if (it->kind != HIST_STORE || !it->frame || !it->member_global || !it->member_global->path ||
	    !e->target.deref || !e->target.root_is_param || e->value.kind != VALUE_PLACE || !v->path || !v->root ||
	    v->root_is_global || v->root_is_param || v->root_is_this || strcmp(v->path, v->root))
		return;
	alloc_grow((void **)&fs->handed, &fs->handed_cap, fs->nhanded + 1, sizeof(*fs->handed));
	fs->handed[fs->nhanded++] = (struct handed){ it->frame, v->path, it->member_global->path };
}

/* Replays the path: the pointers released and not refilled at its end, the
 * uses through them reported when `c` is given. */
static void replay(const struct check *c, const struct path *p, bool report_uses, struct freed_set *fs)
{
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_event *e = it->event;
		if (it->kind == HIST_OPAQUE) {
			/* A hidden body may give any global new memory. */
			for (size_t k = fs->n; k-- > 0;)
				if (fs->items[k].global)
					forget_at(fs, k);
			continue;
		}
		if (!e || (it->kind != HIST_CALL && it->kind != HIST_STORE && it->kind != HIST_ZERO &&
			   it->kind != HIST_RETURN))
			continue;
		/* A helper's variables end when it returns: the path has gone on
		 * in a frame that is not it nor one it called. */
		for (size_t k = fs->n; k-- > 0;)
			if (!fs->items[k].global && !eval_frame_within(p, it->frame, fs->items[k].frame))
				forget_at(fs, k);
		if (report_uses)
			check_uses(c, p, fs, it);
		const struct cfg_call *call = event_call(it->g, e);
		if (call) {
			const struct releaser *r = releaser_of(c, call);
			for (size_t a = 0; a < call->nargs; a++)
				if (call->args[a].kind == VALUE_ADDRESS)
					refilled(fs, &call->args[a].place, it->frame);
			if (call->result.root)
				refilled(fs, &call->result, it->frame);
			if (call->object.root && !call->object_arrow)
				refilled(fs, &call->object, it->frame);
			if (r)
				add_released(fs, p, r, it, call);
		} else if (e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN || e->kind == EVENT_ZERO) {
			refilled(fs, &e->target, it->frame);
			if (e->kind != EVENT_ZERO)
				extension_taken(fs, &e->value, it->frame);
			note_handed(fs, it);
		} else if (e->kind == EVENT_RETURN) {
			for (size_t k = fs->nhanded; k-- > 0;)
				if (fs->handed[k].frame == it->frame)
					fs->handed[k] = fs->handed[--fs->nhanded];
		}
	}
}

static void released_path(const struct check *c, const struct path *p)
{
	struct freed_set fs = { 0 };
	replay(c, p, true, &fs);
	free(fs.items);
	free(fs.handed);
}

/* Paths that hold the same released pointers, released by the same calls,
 * judge what follows alike. */
static void released_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct freed_set fs = { 0 };
	replay(c, p, false, &fs);
	for (size_t i = 0; i < fs.n; i++) {
		key_ptr(key, fs.items[i].at->event);
		key_int(key, fs.items[i].at->frame);
	}
	free(fs.items);
	free(fs.handed);
}

static bool released_may_report(const struct check *c)
{
	const struct releaser_list *rp = &((const struct released_params *)c->compiled)->list;
	for (size_t i = 0; i < rp->n; i++)
		if (kinds_program_calls(c, &rp->items[i].calls))
			return true;
	return false;
}

static const struct kind_ops released_ops = {
	.may_report = released_may_report,
	.relevant = released_relevant,
	.check_path = released_path,
	.summary = released_summary,
	.outcomes_unread = true,
};

const struct kind kind_used_after_release = {
	.name = "used-after-release",
	.placeholders = (const char *const[]){ "var", "use", "call", "released", "function", NULL },
	.compile = released_compile,
	.release = released_release,
	.ops = &released_ops,
};
