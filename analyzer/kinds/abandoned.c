/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kind abandoned-after-failure: a step of DriverEntry failed, the code
 * jumped past the rest of its initialization (a goto to the exit label, a
 * break out of `do { } while (0)`, an early return), and DriverEntry returns
 * a success status left over from an earlier step: the author meant to give
 * up, and forgot to put the failure in the status returned.
 *
 * What tells giving up from tolerating a failure is the jump: a driver that
 * can live without a step logs and falls through to the next one; one that
 * cannot jumps to its exit. The finding rests on that jump, on the failure
 * the path tested, and on the status returned being a variable that nothing
 * assigned since before the failed step (a constant returned, or assigned
 * after the failure, is the author's choice). A boolean constant returned
 * (`return FALSE;`) is no choice of status: it is the failure the author
 * meant, and as an NTSTATUS it reads as success. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "kinds/shared.h"

struct abandoned_params {
	struct strvec calls;       /* "calls": the steps whose failure counts */
	bool new_expr;             /* "new_expr": and a C++ `new` that gave NULL */
};

static void *abandoned_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct abandoned_params *ap = alloc_zeroed(1, sizeof(*ap));
	kinds_names_compile(&ap->calls, cJSON_GetObjectItemCaseSensitive(params, "calls"));
	ap->new_expr = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "new_expr"));
	return ap;
}

static void abandoned_release(void *compiled)
{
	struct abandoned_params *ap = compiled;
	if (!ap)
		return;
	strvec_clear(&ap->calls);
	free(ap);
}

/* `v = CONSTANT;` of a local variable: a status the author chose. */
static bool sets_constant(const struct cfg_event *e)
{
	return e->kind == EVENT_ASSIGN && !e->compound && e->value.kind == VALUE_CONSTANT && e->target.root &&
	       !e->target.field && !e->target.deref && !e->target.root_is_global && !e->target.root_is_param;
}

static bool abandoned_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct abandoned_params *ap = c->compiled;
	return (e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &ap->calls)) || sets_constant(e) ||
	       (ap->new_expr && e->new_failed);
}

/* The NULL a C++ `new` gave: a step that failed. */
static bool new_failed(const struct hist_item *it)
{
	return it->kind == HIST_STORE && it->event && it->event->new_failed;
}

static bool is_step(const struct hist_item *it)
{
	return (it->kind == HIST_CALL && it->site >= 0) || new_failed(it);
}

/* The latest step of the path, or -1; `jumped`: a jump follows it; `set`:
 * the last variable DriverEntry set to a constant after it, or NULL. */
static long latest_step(const struct path *p, bool *jumped, const char **set)
{
	*jumped = false;
	*set = NULL;
	for (size_t i = p->len; i-- > 0;) {
		const struct hist_item *it = &p->items[i];
		if (is_step(it))
			return (long)i;
		if (it->kind == HIST_JUMP)
			*jumped = true;
		if (it->kind == HIST_STORE && it->frame == 0 && !*set && !new_failed(it))
			*set = it->event->target.root;
	}
	return -1;
}

/* `TRUE`, `FALSE`, `true` or `false`, as spelled. */
static bool boolean_constant(const struct cfg_value *v)
{
	static const char *const spelled[] = { "TRUE", "FALSE", "true", "false", NULL };
	if (v->kind != VALUE_CONSTANT)
		return false;
	for (size_t i = 0; spelled[i]; i++)
		if ((v->name && !strcmp(v->name, spelled[i])) || (v->text && !strcmp(v->text, spelled[i])))
			return true;
	return false;
}

static void abandoned_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->outcome != OUTCOME_SUCCESS || !ret->event)
		return;
	/* `return status;`: a variable, not a constant written there; or a
	 * boolean constant. */
	const struct cfg_value *v = &ret->event->value;
	bool boolean = boolean_constant(v);
	if (!boolean && (v->kind != VALUE_PLACE || !v->place.root || v->place.field || v->place.deref))
		return;
	bool jumped;
	const char *set;
	long last = latest_step(p, &jumped, &set);
	if (last < 0 || !jumped || p->items[last].site == ret->site ||
	    (!boolean && set && !strcmp(set, v->place.root)))
		return;
	const struct hist_item *failed = &p->items[last];
	struct revealed r;
	revealed_of_path(&r, p);
	enum outcome known = new_failed(failed) ? OUTCOME_FAILURE : revealed_outcome(&r, failed->site);
	revealed_release(&r);
	if (known != OUTCOME_FAILURE)
		return;
	const struct cfg_call *call = new_failed(failed) ? NULL : event_call(failed->g, failed->event);
	char *line = kinds_line_number_text(failed->event->loc.line);
	struct strbuf returned = STRBUF_INIT;
	if (boolean)
		strbuf_addf(&returned, "the value returned, '%s', is a boolean, which as a status reads as success",
			    v->text ? v->text : v->name);
	else
		strbuf_addf(&returned, "'%s' still holds the success of an earlier step", v->place.root);
	const char *vars[] = { "call", !call ? "new" : call->callee ? call->callee : call->text, "call_line", line,
			       "returned", returned.buf, NULL };
	eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, &failed->event->loc, "fails here", vars);
	strbuf_release(&returned);
	free(line);
}

/* Each step's callee with what is known of its latest run, and where the
 * path jumped: the finding reads no more. */
static void abandoned_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	(void)c;
	struct revealed r;
	revealed_of_path(&r, p);
	bool jumped;
	const char *set;
	long last = latest_step(p, &jumped, &set);
	if (last >= 0) {
		const struct hist_item *it = &p->items[last];
		enum outcome known = new_failed(it) ? OUTCOME_FAILURE : revealed_outcome(&r, it->site);
		key_int(key, (unsigned long long)(it->site + 1) << 8 | known << 1 | jumped);
		if (new_failed(it))
			key_int(key, (unsigned long long)it->event->loc.line << 16 | it->event->loc.column);
	}
	if (set)
		strbuf_adds(key, set);
	revealed_release(&r); /* the status returned is the state's */
}

static const struct kind_ops abandoned_ops = {
	.relevant = abandoned_relevant,
	.check_path = abandoned_path,
	.summary = abandoned_summary,
	.success_returns_only = true,
	.records_jumps = true,
};

const struct kind kind_abandoned_after_failure = {
	.name = "abandoned-after-failure",
	.placeholders = (const char *const[]){ "call", "call_line", "returned", NULL },
	.compile = abandoned_compile,
	.release = abandoned_release,
	.ops = &abandoned_ops,
};
