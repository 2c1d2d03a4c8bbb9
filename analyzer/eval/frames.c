/* SPDX-License-Identifier: Apache-2.0 */
/* The explorer's frames (one per inlined call of a helper) and sites (one
 * per relevant call of a frame, and one more for its later runs in a loop):
 * what the history items name. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "eval/history.h"
#include "base/alloc.h"
#include "base/str.h"

static int new_site(struct explorer *x, int frame, int call)
{
	GROW(x->sites, x->sites_cap, x->nsites + 1);
	x->sites[x->nsites] = (struct site){ frame, call, (int)x->nsites };
	return (int)x->nsites++;
}

int frames_site_of(struct explorer *x, int frame, int call)
{
	struct frame *f = &x->frames[frame];
	if (!f->sites)
		f->sites = alloc_zeroed(f->g->ncalls + 1, sizeof(*f->sites));
	if (!f->sites[call])
		f->sites[call] = new_site(x, frame, call) + 1;
	return f->sites[call] - 1;
}

/* The site of a relevant call run on this path: in a frame a cycle can
 * enter, a call the path made already (a loop's earlier iteration) is
 * another instance: what it acquired stays apart from what this run
 * acquires or fails to. All later runs share that second site, so a path
 * holds each call at most twice. */
int frames_site_on_path(struct explorer *x, const struct state *s, int frame, int call)
{
	int site = frames_site_of(x, frame, call);
	struct frame *f = &x->frames[frame];
	if (!f->cyclic)
		return site;
	bool ran = false;
	for (const struct hist_node *n = s->hist; n && !ran; n = n->prev)
		ran = n->item.kind == HIST_CALL && n->item.frame == (unsigned)frame && n->item.site == site;
	if (!ran)
		return site;
	if (!f->again)
		f->again = alloc_zeroed(f->g->ncalls + 1, sizeof(*f->again));
	if (!f->again[call]) {
		f->again[call] = new_site(x, frame, call) + 1;
		x->sites[f->again[call] - 1].first = site;
		GROW(x->again_sites, x->again_cap, x->nagain + 1);
		x->again_sites[x->nagain++] = f->again[call] - 1;
	}
	return f->again[call] - 1;
}

/* The site of the last run of `e` in `frame` the path recorded, or -1. */
int frames_site_recorded(const struct state *s, int frame, const struct cfg_event *e)
{
	for (const struct hist_node *n = s->hist; n; n = n->prev)
		if (n->item.kind == HIST_CALL && n->item.frame == (unsigned)frame && n->item.event == e)
			return n->item.site;
	return -1;
}

/* What `this->` stands for in a method called as `c` from frame `parent`. */
static void bind_this(struct explorer *x, struct frame *f, int parent, const struct cfg_call *c)
{
	const struct cfg_place *o = &c->object;
	const char *sep = c->object_arrow ? "->" : ".";
	if (!o->root || !o->path)
		return;
	if (o->root_is_this) {
		/* this->m_Inner.Init() from a method: the caller's object, one member deeper. */
		const struct frame *p = &x->frames[parent];
		if (!p->this_prefix)
			return;
		const char *rest = str_starts_with(o->path, "this->") ? o->path + strlen("this->") : "";
		f->this_prefix = *rest ? alloc_printf("%s%s%s", p->this_prefix, rest, sep) : alloc_strdup(p->this_prefix);
		f->this_frame = p->this_frame;
		return;
	}
	f->this_prefix = alloc_printf("%s%s", o->path, sep);
	f->this_frame = o->root_is_global ? eval_global_frame(x->frames, parent, o->root) : parent;
}

/* A record pointer type as canonical types spell it ("struct _STORE *"). */
static bool record_pointer(const char *type)
{
	size_t n = type ? strlen(type) : 0;
	return n > 2 && (str_starts_with(type, "struct ") || str_starts_with(type, "class ")) &&
	       !strcmp(type + n - 2, " *") && strchr(type, '*') == type + n - 1;
}

/* What `root->` stands for in frame `p` when root is its object or one of its
 * bound parameters (see state_resolve_name), with the frame of those facts;
 * NULL when it is neither. */
static const char *frame_prefix(const struct frame *p, const struct cfg_place *pl, int *frame)
{
	if (p->self_name && p->this_prefix && !pl->root_is_param && !strcmp(pl->root, p->self_name)) {
		*frame = p->this_frame;
		return p->this_prefix;
	}
	if (pl->root_is_param && pl->param_index >= 0 && (size_t)pl->param_index < p->nparams &&
	    p->param_prefix[pl->param_index]) {
		*frame = p->param_frame[pl->param_index];
		return p->param_prefix[pl->param_index];
	}
	return NULL;
}

/* What `param->` of a helper stands for, given `arg` by frame `parent`:
 * "g.Port." for &g.Port, "store->" for a caller's pointer store, or what the
 * caller's own bound parameter or object stands for; NULL when the caller
 * cannot name it (a parameter nothing binds, a value computed). */
static char *arg_prefix(const struct explorer *x, int parent, const struct cfg_value *arg, int *frame,
			bool *address)
{
	const struct cfg_place *pl = &arg->place;
	if ((arg->kind != VALUE_ADDRESS && arg->kind != VALUE_PLACE) || !pl->root || pl->root_is_this)
		return NULL;
	const char *name = liveness_place_name(pl);
	const char *sep = arg->kind == VALUE_ADDRESS ? "." : "->";
	const struct frame *p = &x->frames[parent];
	const char *pre = frame_prefix(p, pl, frame);
	size_t n = strlen(pl->root);
	*address = arg->kind == VALUE_ADDRESS;
	if (pre && !name[n]) {
		*address = pl->root_is_param && p->param_address[pl->param_index];
		return arg->kind == VALUE_PLACE ? alloc_strdup(pre) : NULL;
	}
	if (pre)
		return !strncmp(name + n, "->", 2) ? alloc_printf("%s%s%s", pre, name + n + 2, sep) : NULL;
	if (pl->root_is_param)
		return NULL;
	*frame = pl->root_is_global ? eval_global_frame(x->frames, parent, pl->root) : parent;
	return alloc_printf("%s%s", name, sep);
}

/* The one local every return of `g` that gives a value gives (the others
 * give NULL or a constant), or NULL. */
static const char *returned_local(const struct cfg *g)
{
	const char *local = NULL;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (ev->kind != EVENT_RETURN || ev->value.kind == VALUE_NULL || ev->value.kind == VALUE_CONSTANT)
				continue;
			const struct cfg_place *pl = &ev->value.place;
			if (ev->value.kind != VALUE_PLACE || !pl->root || pl->field || pl->deref || pl->index ||
			    pl->root_is_param || pl->root_is_global || pl->root_is_this ||
			    (local && strcmp(local, pl->root)))
				return NULL;
			local = pl->root;
		}
	return local;
}

/* A C helper that makes an object and returns it (`store = StoreCreate()`,
 * every return giving its local `store` or NULL): that local's members are
 * those of the caller's variable, as a method's `this->` are its object's.
 * So a flag the creating helper set is the one a destroying helper given
 * the caller's pointer tests (bind_params), not a guess either way. */
static void bind_returned(struct explorer *x, struct frame *f, int parent, const struct cfg_call *c)
{
	const struct cfg_value result = { .kind = VALUE_PLACE, .place = c->result };
	const char *local = record_pointer(f->g->canonical_return_type) ? returned_local(f->g) : NULL;
	bool address;
	if (!local || !c->result.root || c->result.field || c->result.deref || c->result.index)
		return;
	f->this_prefix = arg_prefix(x, parent, &result, &f->this_frame, &address);
	if (f->this_prefix)
		f->self_name = local;
}

/* Whether `g` may write through parameter `i`: a store or zeroing through
 * it, or it handed on to a call; never through a pointer to const
 * (PCUNICODE_STRING: what it is given, and what it hands on, stay as they
 * were). */
static bool writes_through(const struct cfg *g, size_t i)
{
	const char *type = g->params[i].canonical_type;
	if (type && !strncmp(type, "const ", 6) && strchr(type, '*') && strchr(type, '*') == strrchr(type, '*'))
		return false;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t k = 0; k < g->blocks[b].nevents; k++) {
			const struct cfg_event *e = &g->blocks[b].events[k];
			const struct cfg_place *t = &e->target;
			if ((e->kind == EVENT_STORE || e->kind == EVENT_ZERO) && t->root_is_param &&
			    t->param_index == (int)i)
				return true;
			const struct cfg_call *c = e->kind == EVENT_CALL ? &g->calls[e->call] : NULL;
			for (size_t a = 0; c && a < c->nargs; a++) {
				const struct cfg_place *pl = &c->args[a].place;
				if ((c->args[a].kind == VALUE_PLACE || c->args[a].kind == VALUE_ADDRESS) &&
				    pl->root_is_param && pl->param_index == (int)i)
					return true;
			}
		}
	return false;
}

/* What each pointer parameter's members stand for: a helper given `&g.Port`
 * (or a parameter its caller was given so) acts on g.Port, and one given the
 * caller's pointer `store` acts on what store points to, so the handle a
 * call fills through the parameter (`&Port->Handle`) and the flag a store
 * through it sets are the ones the caller and the routines called after it
 * test and release (state_resolve_name). */
static void bind_params(struct explorer *x, struct frame *f, int parent, const struct cfg_call *c)
{
	size_t n = c->nargs < f->g->nparams ? c->nargs : f->g->nparams;
	for (size_t i = 0; i < n; i++) {
		int frame = parent;
		bool address = false;
		char *prefix = f->g->params[i].name && f->g->params[i].name[0]
				       ? arg_prefix(x, parent, &c->args[i], &frame, &address) : NULL;
		if (!prefix)
			continue;
		if (!f->nparams) {
			f->param_prefix = alloc_zeroed(n, sizeof(*f->param_prefix));
			f->param_frame = alloc_zeroed(n, sizeof(*f->param_frame));
			f->param_address = alloc_zeroed(n, sizeof(*f->param_address));
			f->nparams = n;
		}
		f->param_prefix[i] = prefix;
		f->param_frame[i] = frame;
		f->param_address[i] = address;
		/* What it may write in a global's members it does not name as the
		 * global's (state_resolve_name), the caller no longer knows. */
		if (eval_frame_is_global(frame) && writes_through(f->g, i)) {
			size_t len = strlen(prefix) - (prefix[strlen(prefix) - 1] == '.' ? 1 : 2);
			char *object = alloc_strndup(prefix, len);
			strvec_push(&f->forget, object);
			free(object);
		}
	}
}

int frames_for(struct explorer *x, int parent, int block, size_t event, size_t unit,
		     size_t index, const struct cfg_call *c)
{
	for (int i = 0; i < x->nframes; i++) {
		const struct frame *f = &x->frames[i];
		if (f->parent == parent && f->call_block == block && f->call_event == event)
			return i;
	}
	if (x->nframes >= MAX_FRAMES)
		return -1;
	struct frame *f = &x->frames[x->nframes];
	f->g = program_function(x->prog, unit, index)->cfg;
	f->unit = unit;
	f->index = index;
	f->parent = parent;
	f->call_block = block;
	f->call_event = event;
	f->call = c;
	f->depth = x->frames[parent].depth + 1;
	if ((unsigned)f->depth > x->deepest)
		x->deepest = (unsigned)f->depth;
	f->live = liveness_of(x, f->g);
	f->tails = NULL;
	f->cyclic = f->live->cyclic || x->frames[parent].cyclic;
	f->visits = alloc_zeroed(f->g->nblocks + 1, sizeof(*f->visits));
	f->this_prefix = NULL;
	f->self_name = NULL;
	f->members = NULL;
	f->nmembers = 0;
	f->param_prefix = NULL;
	f->param_frame = NULL;
	f->param_address = NULL;
	f->nparams = 0;
	f->forget = (struct strvec)STRVEC_INIT;
	f->live_names = NULL;
	f->nlive_names = 0;
	f->arena_ids = NULL;
	f->sites = NULL;
	f->again = NULL;
	bind_params(x, f, parent, c);
	if (c->object.root)
		bind_this(x, f, parent, c);
	else
		bind_returned(x, f, parent, c);
	x->positions += f->g->nblocks;
	return x->nframes++;
}

/* Whether `frame` is the state's or one of its callers'. */
static bool on_stack(const struct explorer *x, const struct state *s, int frame)
{
	for (int k = s->frame; k >= 0; k = x->frames[k].parent)
		if (k == frame)
			return true;
	return false;
}

/* While the loop's frame runs, which run wrote a variable still tells
 * states apart: the loop may run the call again. Once it has returned, what
 * each run acquired, and whether its outcome is still open, is the history's
 * to tell (a kind's summary keys it), and states that differ only in which
 * run last wrote a variable (an input passed by address, filled as an out
 * parameter) merge, instead of exploring the rest of the entry once for a
 * loop run once and once for one run more. */
uint64_t frames_instances_adjust(const struct explorer *x, const struct state *s)
{
	if (!x->kind->summary)
		return 0;
	/* Most states hold nothing about such a run: asked by the counts. */
	bool any = false;
	for (size_t k = 0; k < x->nagain && !any; k++) {
		int site = x->again_sites[k];
		any = state_site_fact_count(s, site) && !on_stack(x, s, x->sites[site].frame);
	}
	uint64_t delta = 0;
	for (size_t i = 0; any && i < s->nfacts; i++) {
		const struct fact *f = &s->facts[i];
		if (f->site < 0 || x->sites[f->site].first == f->site || on_stack(x, s, x->sites[f->site].frame))
			continue;
		delta += state_fact_hash_as(f, x->sites[f->site].first) - f->hash;
	}
	return delta;
}

/* The caller's variable a helper's pointer parameter stands for: the helper
 * was given &Socket for its parameter Handle (through any number of helpers
 * that pass Handle on), so a call that fills Handle (ZwCreateFile(Handle, ...))
 * or a store through it (*Handle = h) fills the caller's Socket. */
bool frames_caller_place(const struct explorer *x, int frame, const struct cfg_place *p, int *out_frame,
			 const struct cfg_place **out)
{
	while (p->root && p->root_is_param && !p->field && !p->index && frame > 0) {
		const struct frame *f = &x->frames[frame];
		if (!f->call || p->param_index < 0 || (size_t)p->param_index >= f->call->nargs)
			return false;
		const struct cfg_value *arg = &f->call->args[p->param_index];
		if (arg->kind == VALUE_ADDRESS && arg->place.root) {
			*out_frame = f->parent;
			*out = &arg->place;
			return true;
		}
		if (arg->kind != VALUE_PLACE || arg->place.deref)
			return false;
		p = &arg->place;
		frame = f->parent;
	}
	return false;
}

/* The caller's variable whose address a helper's pointer parameter `root`
 * holds (through helpers that pass it on): what a store or a zeroing through
 * it (pChars->Header.Type, RtlZeroMemory(pChars, ...)) writes. */
bool frames_caller_variable(const struct explorer *x, int frame, const struct cfg_place *p, struct hist_item *it)
{
	int param = p->root_is_param ? p->param_index : -1;
	while (param >= 0 && frame > 0) {
		const struct frame *f = &x->frames[frame];
		if (!f->call || (size_t)param >= f->call->nargs)
			return false;
		const struct cfg_value *arg = &f->call->args[param];
		if (arg->kind == VALUE_ADDRESS && arg->place.root && !arg->place.field && !arg->place.index &&
		    !arg->place.deref) {
			it->alias_root = arg->place.root;
			it->alias_frame = (unsigned)f->parent;
			it->alias_global = arg->place.root_is_global;
			return true;
		}
		if (arg->kind != VALUE_PLACE || arg->place.field || arg->place.deref || !arg->place.root_is_param)
			return false;
		param = arg->place.param_index;
		frame = f->parent;
	}
	return false;
}

/* The global place `this->member` stands for in frame `frame`, a method
 * called on a global object (g_Table.Init()'s &m_Lock is g_Table.m_Lock):
 * made once per frame and place, kept by the frame; NULL when `p` is not a
 * member of `this` or `this` is not a global's. */
const struct cfg_place *frames_this_global(struct explorer *x, int frame, const struct cfg_place *p)
{
	struct frame *f = &x->frames[frame];
	bool whole = p->path && !strcmp(p->path, "this");
	if (!p->root_is_this || !p->path || (!whole && !str_starts_with(p->path, "this->")) || !f->this_prefix ||
	    f->self_name || !eval_frame_is_global(f->this_frame))
		return NULL;
	/* `this` itself: the object, its prefix without the separator. */
	size_t sep = strlen(f->this_prefix);
	sep -= sep && f->this_prefix[sep - 1] == '.' ? 1 : sep > 1 && f->this_prefix[sep - 1] == '>' ? 2 : 0;
	char *path = whole ? alloc_strndup(f->this_prefix, sep)
			   : alloc_printf("%s%s", f->this_prefix, p->path + strlen("this->"));
	for (size_t k = 0; k < f->nmembers; k++) {
		if (!strcmp(f->members[k]->path, path)) {
			free(path);
			return f->members[k];
		}
	}
	struct cfg_place *m = alloc_zeroed(1, sizeof(*m));
	size_t n = strcspn(f->this_prefix, ".-[");
	m->root = alloc_strndup(f->this_prefix, n);
	m->path = path;
	if (p->key && str_starts_with(p->key, "this->"))
		m->key = alloc_printf("%s%s", f->this_prefix, p->key + strlen("this->"));
	m->field = p->field ? alloc_strdup(p->field) : NULL;
	m->index = p->index ? alloc_strdup(p->index) : NULL;
	m->index_value = p->index_value;
	m->index_constant = p->index_constant;
	m->deref = p->deref && strstr(path, "->");
	m->root_is_global = true;
	m->param_index = -1;
	f->members = alloc_resize(f->members, (f->nmembers + 1) * sizeof(*f->members));
	f->members[f->nmembers++] = m;
	return m;
}

void frames_release_members(struct frame *f)
{
	for (size_t k = 0; k < f->nmembers; k++) {
		struct cfg_place *m = f->members[k];
		free(m->root);
		free(m->path);
		free(m->key);
		free(m->field);
		free(m->index);
		free(m);
	}
	free(f->members);
}

const struct cfg_place *frames_this_object(struct explorer *x, int frame)
{
	static const struct cfg_place self = { .root = (char *)"this", .path = (char *)"this", .root_is_this = true,
					       .param_index = -1 };
	return frames_this_global(x, frame, &self);
}

/* A member reached through a helper's pointer parameter that was given a
 * global's address (`&Ring->Lock` in RingInit given &g.Ring): that
 * global's member ("g.Ring.Lock"), made once per frame and place like a
 * method's; NULL for anything else. */
const struct cfg_place *frames_param_member_global(struct explorer *x, int frame, const struct cfg_place *p)
{
	size_t n = p->root ? strlen(p->root) : 0;
	if (p->root_is_param && p->deref && p->path && p->path[0] == '*' && n && !strcmp(p->path + 1, p->root)) {
		/* `*Param` itself: the caller's global (`*Filter = fdo` given &g.Filter). */
		struct cfg_place bare = { .root = p->root, .path = p->root, .root_is_param = true,
					  .param_index = p->param_index };
		int to;
		const struct cfg_place *caller;
		return frames_caller_place(x, frame, &bare, &to, &caller) && caller->root_is_global && !caller->deref &&
				       caller->path && !caller->path[strcspn(caller->path, "-[*>(")]
			       ? caller : NULL;
	}
	if (!p->root_is_param || !p->path || !n || strncmp(p->path, p->root, n) || strncmp(p->path + n, "->", 2) ||
	    !p->path[n + 2] || p->path[n + 2 + strcspn(p->path + n + 2, "-[*>(")])
		return NULL;
	struct cfg_place bare = { .root = p->root, .path = p->root, .root_is_param = true, .param_index = p->param_index };
	int to;
	const struct cfg_place *caller;
	if (!frames_caller_place(x, frame, &bare, &to, &caller) || !caller->root_is_global || caller->deref ||
	    !caller->path || caller->path[strcspn(caller->path, "-[*>(")])
		return NULL;
	struct frame *f = &x->frames[frame];
	char *path = alloc_printf("%s.%s", caller->path, p->path + n + 2);
	for (size_t k = 0; k < f->nmembers; k++)
		if (!strcmp(f->members[k]->path, path)) {
			free(path);
			return f->members[k];
		}
	struct cfg_place *m = alloc_zeroed(1, sizeof(*m));
	m->root = alloc_strdup(caller->root);
	m->path = path;
	m->field = p->field ? alloc_strdup(p->field) : NULL;
	m->root_is_global = true;
	m->param_index = -1;
	f->members = alloc_resize(f->members, (f->nmembers + 1) * sizeof(*f->members));
	f->members[f->nmembers++] = m;
	return m;
}

/* The first pointer argument of call `c` that stands for a caller's global
 * (FwpsCalloutRegister0(dev, &callout, CalloutId) in a helper given
 * &g.CalloutIdV6): which object the call fills, told from the one the same
 * helper fills for another caller. */
void frames_out_global(struct explorer *x, int frame, const struct cfg_call *c, struct hist_item *it)
{
	for (size_t a = 0; a < c->nargs; a++) {
		const struct cfg_value *v = &c->args[a];
		int to;
		const struct cfg_place *caller;
		const struct cfg_place *member = v->kind == VALUE_ADDRESS ? frames_this_global(x, frame, &v->place) : NULL;
		if (!member && v->kind == VALUE_ADDRESS)
			member = frames_param_member_global(x, frame, &v->place);
		if (member) {
			it->out_global = member;
			it->out_arg = (unsigned)a + 1;
			return;
		}
		if (v->kind == VALUE_PLACE && v->place.root_is_param && !v->place.deref &&
		    frames_caller_place(x, frame, &v->place, &to, &caller) && caller->root_is_global && !caller->deref) {
			it->out_global = caller;
			it->out_arg = (unsigned)a + 1;
			return;
		}
	}
	/* The result stored through the parameter: *Buffer = ExAllocatePool2(...). */
	int to;
	const struct cfg_place *caller;
	if (c->result.root && c->result.root_is_param && c->result.deref &&
	    frames_caller_place(x, frame, &c->result, &to, &caller) && caller->root_is_global && !caller->deref) {
		it->out_global = caller;
		it->out_result = true;
	}
}

const struct cfg_call *eval_entry_call(const struct path *p, const struct hist_item *it)
{
	int frame = (int)it->frame;
	if (!p->frames || frame <= 0)
		return NULL;
	while (p->frames[frame].parent > 0)
		frame = p->frames[frame].parent;
	return p->frames[frame].call;
}

const struct cfg_call *eval_call_in_frame(const struct path *p, const struct hist_item *it, unsigned frame)
{
	int f = (int)it->frame;
	if (!p->frames || f <= 0 || f == (int)frame)
		return NULL;
	while (f > 0 && p->frames[f].parent != (int)frame)
		f = p->frames[f].parent;
	return f > 0 ? p->frames[f].call : NULL;
}

bool eval_frame_may_rerun(const struct path *p, unsigned frame)
{
	return !p->frames || p->frames[frame].cyclic;
}

bool eval_frame_within(const struct path *p, unsigned inner, unsigned outer)
{
	if (!p->frames)
		return inner == outer;
	for (int f = (int)inner; f >= 0; f = p->frames[f].parent)
		if (f == (int)outer)
			return true;
	return false;
}
