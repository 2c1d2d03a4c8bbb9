/* SPDX-License-Identifier: Apache-2.0 */
/* Flags the program never sets: a global or a member tested as
 * `if (flag)` whose name nothing in the program gives a value other than 0
 * (a store, an address given away, an initializer, a default member
 * initializer) is 0 whenever it is tested; and a bit of a flag word tested
 * as `if (flags & BIT)` that nothing ORs in is clear. A teardown guarded by it never
 * runs (the registration flag copied from another line, `m_NotifyRegistered`
 * set where `m_ObRegistered` was meant). */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "kinds/shared.h"

/* The last name of a place as written: "On" of "this->m_On", "g.On". */
static const char *last_name(const char *path)
{
	const char *dot = strrchr(path, '.'), *arrow = strrchr(path, '>');
	const char *at = dot > arrow ? dot : arrow;
	return at ? at + 1 : path;
}

static bool names(const struct cfg_place *p, const char *name)
{
	const char *path = p->path ? p->path : p->root;
	return path && !strcmp(last_name(path), name);
}

/* Whether `p` names one of the structures `outer` the flag is a member of. */
static bool names_outer(const struct cfg_place *p, const struct strvec *outer)
{
	const char *path = p->path ? p->path : p->root;
	return path && strvec_contains(outer, last_name(path));
}

/* The members a member path goes through before its last name: "Link" of
 * "ext->Link.Buffer", "Cfg" and "Link" of "g.Cfg.Link.Buffer"; not the root. */
static void outer_members(const char *var, struct strvec *out)
{
	const char *name = last_name(var);
	const char *p = strpbrk(var, ".-");
	while (p && p < name) {
		p += *p == '.' ? 1 : 2;
		const char *end = p + strcspn(p, ".-");
		if (end >= name)
			break;
		strvec_pushf(out, "%.*s", (int)(end - p), p);
		p = end;
	}
}

/* Whether a place is inside a local's or a by-value parameter's own storage
 * (`due.QuadPart`, `&Cookie` of a LARGE_INTEGER parameter): writing it sets
 * no global of the same member name. */
static bool own_storage(const struct cfg_place *p)
{
	return p->root && !p->root_is_global && !p->root_is_this && !p->deref && !p->escapes &&
	       !(p->path && strstr(p->path, "->"));
}

/* Whether a function may set a bit of `mask` in `name` (all ones: any
 * value but 0): a store of a value with such a bit, of a value not known,
 * `|=` of such a bit or any other compound operation but `&=` (and `&~=`), or the
 * place's address given to a call or stored into a variable. */
static bool sets(const struct cfg *g, const char *name, const struct strvec *outer, const char *root,
		 unsigned long long mask)
{
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if ((ev->kind == EVENT_STORE || ev->kind == EVENT_ASSIGN) && names(&ev->target, name) &&
			    !own_storage(&ev->target)) {
				const struct cfg_value *v = &ev->value;
				bool constant = v->kind == VALUE_CONSTANT || v->kind == VALUE_NULL;
				unsigned long long bits = v->kind == VALUE_CONSTANT ? (unsigned long long)v->number : 0;
				bool clears = !strcmp(ev->op, "&=") || !strcmp(ev->op, "&~="); /* `x = x & ~m` */
				if (!ev->compound ? !constant || (bits & mask)
						  : !clears && (strcmp(ev->op, "|=") || !constant || (bits & mask)))
					return true;
			}
			if ((ev->kind == EVENT_STORE || ev->kind == EVENT_ASSIGN) && ev->value.kind == VALUE_ADDRESS &&
			    names(&ev->value.place, name))
				return true;
			if ((ev->kind == EVENT_STORE || ev->kind == EVENT_ASSIGN) && names_outer(&ev->target, outer) &&
			    !own_storage(&ev->target))
				return true; /* the whole structure it is a member of */
			const struct cfg_call *call = ev->kind == EVENT_CALL ? &g->calls[ev->call] : NULL;
			/* An exchange's or a bit intrinsic's store is an event of its own. */
			for (size_t a = call && cfg_call_store_modeled(call) ? 1 : 0; call && a < call->nargs; a++)
				if (call->args[a].kind == VALUE_ADDRESS && !own_storage(&call->args[a].place) &&
				    (names(&call->args[a].place, name) ||
				     (names_outer(&call->args[a].place, outer) &&
				      (!call->callee_in_system_header || (a < 32 && call->written_args >> a & 1)))))
					return true; /* RtlInitUnicodeString(&ext->Link, ...) sets Link.Buffer */
				else if (root && call->args[a].kind == VALUE_ADDRESS && call->args[a].place.root_is_global &&
					 call->args[a].place.path && !strcmp(call->args[a].place.path, root) &&
					 (!call->callee_in_system_header || !cfg_call_zeroes(call)))
					return true; /* CmRegisterCallbackEx(..., &g_Cookie, ...); not RtlZeroMemory(&g, ...)
						      * (mingw's declarations say little of what they write) */
		}
	}
	return false;
}

bool kinds_flag_never_set(const struct program *prog, size_t from, const char *var, bool global,
			  unsigned long long mask)
{
	if (!var || (!global && strncmp(var, "this->", 6)) || strpbrk(var + (global ? 0 : 6), "[*(&"))
		return false;
	const char *name = last_name(var);
	struct strvec outer = STRVEC_INIT;
	outer_members(var, &outer);
	/* A global structure written whole, or its address given to a routine
	 * that may write it (CmRegisterCallbackEx's cookie), sets its members. */
	size_t n = strcspn(var, ".-[");
	char *root = global && var[n] ? alloc_printf("%.*s", (int)n, var) : NULL;
	if (root)
		strvec_push(&outer, root);
	bool set = false;
	for (size_t u = 0; u < prog->nunits && !set; u++) {
		if (u != from && !program_links(prog, from, u))
			continue; /* another driver's own code */
		reads_note_unit(prog, u); /* an edit may add or remove a setter */
		const struct unit_facts *unit = &prog->units[u];
		set = strvec_contains(&unit->set_fields, name);
		for (size_t i = 0; i < unit->nglobals && !set; i++) {
			const struct global_facts *gl = &unit->globals[i];
			set = !strcmp(gl->name, name) && (!gl->scalar || ((unsigned long long)gl->value & mask));
			for (size_t f = 0; f < gl->fields.len && !set; f++)
				set = !strcmp(last_name(gl->fields.items[f]), name) && strcmp(gl->values.items[f], "0") &&
				      strcmp(gl->values.items[f], "FALSE") && strcmp(gl->values.items[f], "false");
		}
		for (size_t f = 0; f < unit->nfunctions && !set; f++)
			set = !unit->functions[f].cfg || sets(unit->functions[f].cfg, name, &outer, root, mask);
	}
	strvec_clear(&outer);
	free(root);
	if (set)
		return false;
	/* Never set: a file added beside it may set it (a setter found stays
	 * one unless its own unit changes, which the reads above cover). */
	reads_note_dir(prog, prog->units[from].dir);
	return true;
}

bool kinds_branch_never_taken(const struct program *prog, size_t from, const struct cfg *g, const struct cfg_cond *cond)
{
	/* `if (InterlockedBitTestAndReset(&g_Steps, STEP_LINK))` tests that bit (cfg.h). */
	const struct cfg_call *call = cond->kind == COND_NONNULL ? cfg_named_call(g, cond->var) : NULL;
	if (call && cfg_bit_op(call->callee) != BIT_NONE && cfg_call_store_modeled(call) &&
	    call->args[1].kind == VALUE_CONSTANT)
		return kinds_flag_never_set(prog, from, call->args[0].place.path, call->args[0].place.root_is_global,
					    1ULL << call->args[1].number);
	if (cond->kind == COND_NONNULL)
		return kinds_flag_never_set(prog, from, cond->var, cond->var_global, ~0ULL);
	/* `if (g_Cookie.QuadPart != 0)`, `if (g_Count > 0)`: true only once something sets it. */
	if (cond->kind == COND_COMPARE && cond->var && !cond->var2 && cond->value2 == 0 && !cond->adjust &&
	    (!strcmp(cond->op, "!=") || !strcmp(cond->op, ">")))
		return kinds_flag_never_set(prog, from, cond->var, cond->var_global, ~0ULL);
	return cond->kind == COND_BITS && (!strcmp(cond->op, "!=") || !strcmp(cond->op, ">=")) && cond->value &&
	       cond->text &&
	       kinds_flag_never_set(prog, from, cond->var, cond->var_global, (unsigned long long)cond->value);
}
