/* SPDX-License-Identifier: Apache-2.0 */
/* How a kind reports a finding: the message from the rule's template, the
 * evidence from the path's history, and the facts a mechanical fix needs. */
#include <stdlib.h>
#include <string.h>

#include "eval/history.h"
#include "facts/classify.h"
#include "rules/rules.h"
#include "base/problems.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strbuf.h"

static const char *lookup(const char *const *vars, const char *name, size_t len)
{
	for (size_t i = 0; vars && vars[i]; i += 2)
		if (strlen(vars[i]) == len && !strncmp(vars[i], name, len))
			return vars[i + 1];
	return NULL;
}

/* Fills "{name}" placeholders; an unknown one is left as written. */
static char *expand(const char *template, const char *const *vars, const char *const *common)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = template; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (close) {
			const char *v = lookup(vars, p + 1, (size_t)(close - p - 1));
			if (!v)
				v = lookup(common, p + 1, (size_t)(close - p - 1));
			if (v) {
				strbuf_adds(&sb, v);
				p = close + 1;
				continue;
			}
		}
		strbuf_addc(&sb, *p++);
	}
	return strbuf_detach(&sb);
}

static struct finding_step step_at(struct cfg_loc loc, char *message, enum step_kind kind)
{
	struct finding_step s = { alloc_strdup(loc.file ? loc.file : ""), loc.line, loc.column, message, kind };
	return s;
}

static const char *outcome_word(enum outcome o)
{
	return o == OUTCOME_SUCCESS ? "succeeds" : o == OUTCOME_FAILURE ? "fails" : "is not known";
}

/* A finding's evidence is at most this many steps: straight-line code with
 * N unexamined statuses has N findings, and their paths of every step made
 * memory and reports grow as N squared (5,000 calls: gigabytes). Kept: the
 * start, the steps around the finding's own event and its related one, and
 * the end; a step says how many are left out between them. */
#define EVIDENCE_MAX_STEPS 64
#define EVIDENCE_EDGE 8         /* steps kept at the start */
#define EVIDENCE_TAIL 24        /* steps kept before the end */
#define EVIDENCE_AROUND 8       /* steps kept on each side of an anchor */

static bool same_loc(struct cfg_loc a, struct cfg_loc b);

static struct cfg_loc item_loc(const struct hist_item *it)
{
	if (it->kind == HIST_JUMP)
		return it->g->blocks[it->site].jump_loc;
	if (it->kind == HIST_LEAVE && !it->event)
		return it->g->end;
	return it->event ? it->event->loc : it->cond ? it->cond->loc : it->g->loc;
}

/* Whether history item `it` is a step of the evidence (see step_text). */
static bool is_step(const struct hist_item *it, const char *focus)
{
	const struct cfg_event *e = it->event;
	switch (it->kind) {
	case HIST_STORE:
	case HIST_ZERO:
		return !focus || (e->target.root && !strcmp(e->target.root, focus));
	case HIST_EXAMINED:
		return false;
	default:
		return true;
	}
}

/* The text of a step and its kind. */
static char *step_text(const struct hist_item *it, enum step_kind *kind)
{
	const struct cfg_event *e = it->event;
	*kind = STEP_EVENT;
	switch (it->kind) {
	case HIST_CALL:
		*kind = STEP_CALL;
		return alloc_printf("calls %s", event_call(it->g, e)->text);
	case HIST_STORE:
	case HIST_ZERO: {
		char *target = cfg_alias_readable(e->target.path);
		char *text = it->kind == HIST_ZERO ? alloc_printf("zeroes %s", target)
						   : alloc_printf("sets %s = %s", target, e->value.text ? e->value.text : "?");
		free(target);
		return text;
	}
	case HIST_REFINE:
		*kind = STEP_BRANCH;
		/* A pointer or flag test is no status test: say what was taken. */
		if (it->cond && it->cond->kind == COND_ADDRESS)
			return alloc_printf("'%s' is taken as: %s is not &%s (it holds what a call returned)",
					 it->cond->text ? it->cond->text : "?", it->cond->var,
					 it->cond->var2 ? it->cond->var2 : "?");
		if (it->cond && it->cond->kind == COND_NONNULL && it->cond->var && it->outcome != OUTCOME_UNKNOWN) {
			char *var = cfg_alias_readable(it->cond->var);
			char *text = alloc_printf("'%s' is taken as: %s %s", it->cond->text ? it->cond->text : "?", var,
						  it->outcome == OUTCOME_SUCCESS ? "is not NULL (non-zero)" : "is NULL (zero)");
			free(var);
			return text;
		}
		if (!it->cond && it->event && it->event->kind == EVENT_RETURN)
			return alloc_printf("'%s' is returned untested: taken as a failure",
					 it->event->value.text ? it->event->value.text : "?");
		return alloc_printf("'%s' is taken as: the status %s", it->cond && it->cond->text ? it->cond->text : "?",
				 outcome_word(it->outcome));
	case HIST_LOST: {
		/* A helper's return overwrites the variable its call assigns. */
		const struct cfg_place *to = e->kind == EVENT_CALL ? &event_call(it->g, e)->result : &e->target;
		return alloc_printf("overwrites the unexamined status (%s)", to->path ? to->path : "?");
	}
	case HIST_OPAQUE:
		*kind = STEP_CALL;
		return alloc_printf("calls %s, whose body is not visible", event_call(it->g, e)->text);
	case HIST_RETURN:
		*kind = STEP_RETURN;
		return e ? alloc_printf("returns %s", e->value.text && e->value.text[0] ? e->value.text : "")
			 : alloc_strdup("reaches the end of the function");
	case HIST_JUMP:
		*kind = STEP_BRANCH;
		return alloc_strdup("jumps past what follows in the text");
	case HIST_LEAVE:
		*kind = STEP_RETURN;
		return e ? alloc_printf("%s returns %s", it->g->function,
					e->value.text && e->value.text[0] ? e->value.text : "")
			 : alloc_printf("%s reaches the end of its body", it->g->function);
	case HIST_EXAMINED:
		break;
	}
	return NULL;
}

/* Marks in `keep` (one per step) the steps within EVIDENCE_AROUND of the first
 * step at `loc`. */
static void keep_around(const struct path *p, const char *focus, struct cfg_loc loc, bool *keep, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < p->len; i++) {
		if (!is_step(&p->items[i], focus))
			continue;
		if (same_loc(item_loc(&p->items[i]), loc)) {
			size_t from = k > EVIDENCE_AROUND ? k - EVIDENCE_AROUND : 0;
			for (size_t j = from; j < n && j <= k + EVIDENCE_AROUND; j++)
				keep[j] = true;
			return;
		}
		k++;
	}
}

/* The evidence: every event and decision the rule's history kept; stores and
 * zeroings only of `focus` (the variable a finding is about) when given; at
 * most EVIDENCE_MAX_STEPS of them and a step per gap. */
static void evidence(const struct path *p, const char *focus, struct finding *f)
{
	if (!p)
		return;
	size_t n = 0;
	for (size_t i = 0; i < p->len; i++)
		n += is_step(&p->items[i], focus);
	bool *keep = alloc_zeroed(n + 1, sizeof(*keep));
	if (n <= EVIDENCE_MAX_STEPS) {
		memset(keep, 1, n * sizeof(*keep));
	} else {
		for (size_t k = 0; k < EVIDENCE_EDGE; k++)
			keep[k] = true;
		for (size_t k = n - EVIDENCE_TAIL; k < n; k++)
			keep[k] = true;
		struct cfg_loc at = { f->file, f->line, f->column };
		keep_around(p, focus, at, keep, n);
		if (f->nrelated) {
			struct cfg_loc rel = { f->related[0].file, f->related[0].line, f->related[0].column };
			keep_around(p, focus, rel, keep, n);
		}
	}
	f->path = alloc_zeroed(n + 1, sizeof(*f->path));
	size_t k = 0, left_out = 0;
	struct cfg_loc gap_loc = { 0 }; /* where the steps left out begin */
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (!is_step(it, focus))
			continue;
		if (!keep[k++]) {
			if (!left_out++)
				gap_loc = item_loc(it);
			continue;
		}
		struct cfg_loc loc = item_loc(it);
		if (left_out) {
			char *gap = alloc_printf("(%zu step%s not shown)", left_out, left_out == 1 ? "" : "s");
			f->path[f->npath++] = step_at(gap_loc, gap, STEP_EVENT);
			left_out = 0;
		}
		enum step_kind kind;
		char *text = step_text(it, &kind);
		f->path[f->npath++] = step_at(loc, text, kind);
	}
	free(keep);
}

static bool same_loc(struct cfg_loc a, struct cfg_loc b)
{
	return a.line == b.line && a.column == b.column && a.file && b.file && !strcmp(a.file, b.file);
}

/* When the finding is at the return that ends `p`, keeps the returned
 * expression, and the plain local variable that holds the status of the call
 * at `related` when that call is in the same function and inlining frame. */
static void fix_facts(const struct path *p, struct cfg_loc loc, const struct cfg_loc *related,
		      struct finding *f)
{
	if (!p || !p->len)
		return;
	const struct hist_item *ret = &p->items[p->len - 1];
	if (ret->kind != HIST_RETURN || !ret->event || ret->event->kind != EVENT_RETURN ||
	    !same_loc(ret->event->loc, loc) || !ret->event->value.text || !ret->event->value.text[0])
		return;
	f->returned = alloc_strdup(ret->event->value.text);
	f->returned_constant = ret->event->value.kind == VALUE_CONSTANT;
	if (!related)
		return;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL || it->g != ret->g || it->frame != ret->frame ||
		    !same_loc(it->event->loc, *related))
			continue;
		const struct cfg_place *r = &event_call(it->g, it->event)->result;
		if (r->root && r->path && !strcmp(r->root, r->path) && !r->field && !r->deref &&
		    !r->root_is_global)
			f->status_var = alloc_strdup(r->root);
		return;
	}
}

/* The call on `p` before the finding at `loc` of a routine that no header
 * declares and that is named like a macro (`DBG_AND_RETURN_NTSTATUS(s);`), or
 * NULL: a macro of a missing header may return or jump there, so what the
 * path does after it may never happen. */
static const struct hist_item *unknown_macro_before(const struct path *p, struct cfg_loc loc)
{
	for (size_t i = 0; p && i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (!it->event || (it->kind != HIST_CALL && it->kind != HIST_OPAQUE))
			continue;
		if (same_loc(it->event->loc, loc))
			return NULL;
		const struct cfg_call *k = event_call(it->g, it->event);
		if (k && cfg_call_unknown_macro(k))
			return it;
	}
	return NULL;
}

/* Says once per rule and call that the rule did not judge the paths through it. */
static void not_judged_past(const struct check *c, const char *function, const struct hist_item *it)
{
	const struct cfg_call *k = event_call(it->g, it->event);
	char *message = alloc_printf("%s not checked for %s on the paths through '%s', which no header declares "
				  "(a macro of a missing header may return or jump there)",
				  c->rule->id, function, k->callee);
	char *cwd = path_current_directory();
	const char *file = it->event->loc.file ? it->event->loc.file : c->entry->path;
	char *shown = path_relative_to(file, cwd);
	bool said = false;
	for (size_t i = 0; i < c->notes->len && !said; i++) {
		const struct problem *q = &c->notes->items[i];
		said = q->line == it->event->loc.line && q->file && !strcmp(q->file, shown) &&
		       !strcmp(q->message, message);
	}
	if (!said)
		problems_add(c->notes, PROBLEM_NOTE, shown, it->event->loc.line, it->event->loc.column, "%s",
			     message);
	free(shown);
	free(cwd);
	free(message);
}

void eval_add_finding(const struct check *c, struct cfg_loc loc, const char *function, const struct path *p,
		      const struct cfg_loc *related, const char *related_text, const char *const *vars)
{
	const struct hist_item *unknown = unknown_macro_before(p, loc);
	if (unknown) {
		not_judged_past(c, function, unknown);
		return;
	}
	char line[16];
	snprintf(line, sizeof(line), "%u", loc.line);
	const char *common[] = { "function", function, "line", line, "file",
				 loc.file ? path_basename(loc.file) : "", NULL };
	char *message = expand(c->rule->message, vars, common);
	struct findings *out = c->out;

	for (size_t i = 0; i < out->len; i++) {
		const struct finding *f = &out->items[i];
		if (f->rule == c->rule && f->line == loc.line && f->column == loc.column &&
		    !strcmp(f->file, loc.file) && !strcmp(f->message, message)) {
			free(message);
			return; /* the same finding on another path */
		}
	}
	GROW(out->items, out->cap, out->len + 1);
	struct finding *f = &out->items[out->len++];
	memset(f, 0, sizeof(*f));
	f->rule = c->rule;
	f->file = alloc_strdup(loc.file);
	f->line = loc.line;
	f->column = loc.column;
	f->function = alloc_strdup(function);
	f->entry_file = alloc_strdup(c->entry->path);
	f->entry_line = c->entry->line;
	f->message = message;
	if (related) {
		f->related = alloc_zeroed(1, sizeof(*f->related));
		f->related[0] = step_at(*related, alloc_strdup(related_text ? related_text : ""), STEP_EVENT);
		f->nrelated = 1;
	}
	evidence(p, lookup(vars, "var", 3), f);
	fix_facts(p, loc, related, f);
}
