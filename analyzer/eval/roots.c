/* SPDX-License-Identifier: Apache-2.0 */
/* The routines a rule whose `roots` name more than DriverEntry is checked on:
 * those DriverEntry installs to set up each device or binding the system
 * reports. A WDM driver stores its AddDevice routine in the driver object's
 * extension; a KMDF driver hands its EvtDriverDeviceAdd to
 * WDF_DRIVER_CONFIG_INIT, or stores it in the configuration's field; an
 * NDIS filter or miniport stores its attach or initialize handler in the
 * characteristics it registers. A WDM driver's PnP dispatch routine, where
 * IRP_MN_REMOVE_DEVICE tears each device down, is the one it stores in
 * MajorFunction[IRP_MJ_PNP]. */
#include "eval/explorer.h"

#include <string.h>

#include "cfg/cfg.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"

struct roots_walk {
	enum rule_root root;
	struct root_routine *items;
	size_t len, cap;
};

/* The field each root is stored in, indexed by enum rule_root. */
static const char *const root_fields[ROOT_COUNT] = {
	[ROOT_ADD_DEVICE] = "AddDevice",                 /* DriverObject->DriverExtension */
	[ROOT_DEVICE_ADD] = "EvtDriverDeviceAdd",        /* WDF_DRIVER_CONFIG */
	[ROOT_FILTER_ATTACH] = "AttachHandler",          /* NDIS_FILTER_DRIVER_CHARACTERISTICS */
	[ROOT_MINIPORT_INIT] = "InitializeHandlerEx",    /* NDIS_MINIPORT_DRIVER_CHARACTERISTICS */
	[ROOT_DISPATCH_PNP] = "MajorFunction",           /* DriverObject, at IRP_MJ_PNP */
};

#define IRP_MJ_PNP_VALUE 0x1b

/* The routine's name when `e` installs one as `root`, else NULL. */
static const char *installed(const struct cfg *g, const struct cfg_event *e, enum rule_root root)
{
	const char *field = root_fields[root];
	if ((e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN) && e->target.field && field &&
	    !strcmp(e->target.field, field) && e->value.kind == VALUE_FUNCTION) {
		if (root != ROOT_DISPATCH_PNP)
			return e->value.name;
		bool pnp = (e->target.index && !strcmp(e->target.index, "IRP_MJ_PNP")) ||
			   (e->target.index_constant && e->target.index_value == IRP_MJ_PNP_VALUE);
		return pnp ? e->value.name : NULL;
	}
	if (root != ROOT_DEVICE_ADD || e->kind != EVENT_CALL)
		return NULL;
	const struct cfg_call *call = &g->calls[e->call];
	if (call->callee && !strcmp(call->callee, "WDF_DRIVER_CONFIG_INIT") && call->nargs >= 2 &&
	    call->args[1].kind == VALUE_FUNCTION)
		return call->args[1].name;
	return NULL;
}

static void add_root(struct roots_walk *r, const struct program *prog, const char *name, size_t from)
{
	size_t u, i;
	if (!name || !program_resolve(prog, name, from, &u, &i))
		return;
	const struct function_facts *fn = program_function(prog, u, i);
	if (!fn->cfg || !fn->analyzable)
		return;
	for (size_t k = 0; k < r->len; k++)
		if (r->items[k].unit == u && r->items[k].index == i)
			return;
	GROW(r->items, r->cap, r->len + 1);
	r->items[r->len++] = (struct root_routine){ u, i };
}

static void visit(struct call_walk *w, size_t unit, size_t index)
{
	struct roots_walk *r = w->data;
	const struct cfg *g = program_function(w->prog, unit, index)->cfg;
	for (size_t b = 0; g && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			add_root(r, w->prog, installed(g, ev, r->root), unit);
			if (ev->kind == EVENT_CALL && g->calls[ev->call].callee &&
			    !g->calls[ev->call].callee_in_system_header)
				call_walk_follow(w, g->calls[ev->call].callee, unit);
		}
}

struct root_routine *eval_roots_find(const struct program *prog, const struct entry_point *entry,
				     enum rule_root root, size_t *n)
{
	struct roots_walk r = { root, NULL, 0, 0 };
	if (root != ROOT_DRIVER_ENTRY && root < ROOT_COUNT)
		call_walk_run(prog, entry->unit, entry->index, visit, &r);
	*n = r.len;
	return r.items;
}
