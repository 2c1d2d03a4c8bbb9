/* SPDX-License-Identifier: Apache-2.0 */
/* Must-check calls that cannot fail by what the path before them gave:
 * read back along the path from the call, in the call's own function. */
#include "kinds/surely.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

void kinds_surely_compile(struct surely *s, const cJSON *params)
{
	const cJSON *sized = cJSON_GetObjectItemCaseSensitive(params, "unless_sized"), *u;
	s->sized = alloc_zeroed((size_t)cJSON_GetArraySize(sized) + 1, sizeof(*s->sized));
	cJSON_ArrayForEach(u, sized) {
		struct surely_sized *x = &s->sized[s->nsized++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(u, "calls"));
		x->destination = kinds_param_int(u, "destination", 0);
		x->source = kinds_param_int(u, "source", 0);
	}
	const cJSON *fresh = cJSON_GetObjectItemCaseSensitive(params, "unless_fresh_handle");
	s->fresh = alloc_zeroed((size_t)cJSON_GetArraySize(fresh) + 1, sizeof(*s->fresh));
	cJSON_ArrayForEach(u, fresh) {
		struct surely_fresh *x = &s->fresh[s->nfresh++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(u, "calls"));
		x->handle = kinds_param_int(u, "handle", 0);
		x->type = kinds_param_int(u, "type", 0);
		x->mode = kinds_param_int(u, "mode", 0);
		const cJSON *creators = cJSON_GetObjectItemCaseSensitive(u, "creators"), *k;
		x->creators = alloc_zeroed((size_t)cJSON_GetArraySize(creators) + 1, sizeof(*x->creators));
		cJSON_ArrayForEach(k, creators) {
			struct surely_creator *y = &x->creators[x->ncreators++];
			kinds_names_compile(&y->calls, cJSON_GetObjectItemCaseSensitive(k, "calls"));
			y->handle = kinds_param_int(k, "handle", 0);
			y->type = kinds_param_string(k, "type");
		}
	}
}

void kinds_surely_release(struct surely *s)
{
	for (size_t i = 0; i < s->nsized; i++)
		strvec_clear(&s->sized[i].calls);
	free(s->sized);
	for (size_t i = 0; i < s->nfresh; i++) {
		strvec_clear(&s->fresh[i].calls);
		for (size_t k = 0; k < s->fresh[i].ncreators; k++)
			strvec_clear(&s->fresh[i].creators[k].calls);
		free(s->fresh[i].creators);
	}
	free(s->fresh);
}

bool kinds_surely_creator(const struct surely *s, const struct cfg_call *call)
{
	for (size_t i = 0; call && i < s->nfresh; i++)
		for (size_t k = 0; k < s->fresh[i].ncreators; k++)
			if (kinds_call_listed(call, &s->fresh[i].creators[k].calls))
				return true;
	return false;
}

bool kinds_surely_relevant(const struct surely *s, const struct cfg *g, const struct cfg_event *e)
{
	if (e->kind == EVENT_STORE)
		return s->nsized && e->target.field && !strcmp(e->target.field, "MaximumLength");
	return kinds_surely_creator(s, event_call(g, e));
}

/* `text` without whitespace, in a buffer the caller frees. */
static char *squeezed(const char *text)
{
	char *out = alloc_strdup(text ? text : ""), *w = out;
	for (const char *t = out; *t; t++)
		if (!isspace((unsigned char)*t))
			*w++ = *t;
	*w = '\0';
	return out;
}

/* The place an argument names, as a prefix for its members: `s.` for `&s`,
 * `p->` for a pointer `p`; NULL for anything else. */
static char *member_prefix(const struct cfg_call *call, int arg)
{
	if (arg < 1 || (size_t)arg > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[arg - 1];
	if ((v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE) || !v->place.path)
		return NULL;
	char *path = squeezed(v->place.path);
	char *prefix = alloc_printf("%s%s", path, v->kind == VALUE_ADDRESS ? "." : "->");
	free(path);
	return prefix;
}

/* [t, end) without casts to a plain type (`(USHORT)`) and enclosing
 * parentheses. */
static void unwrap(const char **t, const char **end)
{
	for (;;) {
		const char *a = *t, *z = *end;
		if (z - a >= 2 && *a == '(') {
			size_t n = strspn(a + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
			if (n && a[1 + n] == ')' && a + 2 + n < z) {
				*t = a + 2 + n;
				continue;
			}
			int depth = 0;
			const char *q = a;
			for (; q < z; q++) {
				depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
				if (depth == 0)
					break;
			}
			if (q == z - 1) { /* the first parenthesis closes last */
				*t = a + 1;
				*end = z - 1;
				continue;
			}
		}
		return;
	}
}

/* Whether [t, end) names the source's Length or MaximumLength. */
static bool source_length(const char *t, const char *end, const char *prefix)
{
	unwrap(&t, &end);
	size_t n = strlen(prefix), len = (size_t)(end - t);
	if (len <= n || strncmp(t, prefix, n))
		return false;
	t += n;
	len -= n;
	return (len == 6 && !strncmp(t, "Length", 6)) || (len == 13 && !strncmp(t, "MaximumLength", 13));
}

/* Whether `text` (whitespace removed) is the source's length, alone or as a
 * term of a sum of sizes: no term is subtracted. */
static bool sum_holds_source(const char *text, const char *prefix)
{
	const char *t = text, *end = text + strlen(text);
	unwrap(&t, &end);
	bool found = false;
	int depth = 0;
	const char *term = t;
	for (const char *q = t; q <= end; q++) {
		if (q < end && (*q == '(' || *q == '[')) {
			depth++;
			continue;
		}
		if (q < end && (*q == ')' || *q == ']')) {
			depth--;
			continue;
		}
		if (depth)
			continue;
		if (q < end && *q == '-' && q[1] != '>' && q[1] != '-')
			return false; /* a difference may be shorter than the source */
		if (q < end && (*q == '?' || *q == '<' || (*q == '>' && q > t && q[-1] != '-')))
			return false;
		if (q == end || (*q == '+' && q[1] != '+' && q > term)) {
			found |= source_length(term, q, prefix);
			term = q + 1;
		}
	}
	return found;
}

/* A copy into a destination whose MaximumLength the path last set, in the
 * copy's function, from the source's length. */
static bool sized_copy(const struct surely_sized *x, const struct path *p, size_t i)
{
	const struct hist_item *it = &p->items[i];
	const struct cfg_call *call = event_call(it->g, it->event);
	char *dest = member_prefix(call, x->destination), *src = member_prefix(call, x->source);
	bool fits = false;
	if (dest && src) {
		char *want = alloc_printf("%sMaximumLength", dest);
		for (size_t k = i; k-- > 0;) {
			const struct hist_item *s = &p->items[k];
			if (s->kind != HIST_STORE || s->g != it->g || s->frame != it->frame || !s->event->target.path)
				continue;
			char *target = squeezed(s->event->target.path);
			bool same = !strcmp(target, want);
			free(target);
			if (!same)
				continue;
			if (!s->event->compound) {
				char *value = squeezed(s->event->value.text);
				fits = sum_holds_source(value, src);
				free(value);
			}
			break;
		}
		free(want);
	}
	free(dest);
	free(src);
	return fits;
}

/* Whether argument `arg` of `call` is zero (NULL, KernelMode). */
static bool zero_arg(const struct cfg_call *call, int arg)
{
	if (arg < 1 || (size_t)arg > call->nargs)
		return false;
	const struct cfg_value *v = &call->args[arg - 1];
	return v->kind == VALUE_NULL || (v->kind == VALUE_CONSTANT && v->number == 0);
}

/* A reference in kernel mode (no access check) to the object of a handle a
 * creator of the same function filled, whose success the path tested, as
 * the creator's type or any type. */
static bool fresh_reference(const struct surely_fresh *x, const struct path *p, size_t i, const struct revealed *r)
{
	const struct hist_item *it = &p->items[i];
	const struct cfg_call *call = event_call(it->g, it->event);
	if (x->handle < 1 || (size_t)x->handle > call->nargs || !zero_arg(call, x->mode))
		return false;
	const struct cfg_value *h = &call->args[x->handle - 1];
	if (h->kind != VALUE_PLACE || !h->place.root || h->place.field || h->place.deref || h->place.index)
		return false;
	for (size_t k = i; k-- > 0;) {
		const struct hist_item *c = &p->items[k];
		if (c->kind != HIST_CALL || c->g != it->g || c->frame != it->frame)
			continue;
		const struct cfg_call *made = event_call(c->g, c->event);
		for (size_t j = 0; j < x->ncreators; j++) {
			const struct surely_creator *y = &x->creators[j];
			const struct cfg_place *filled = kinds_call_listed(made, &y->calls) ? kinds_arg_place(made, y->handle) : NULL;
			if (!filled || !filled->path || !h->place.path || strcmp(filled->path, h->place.path) ||
			    made->args[y->handle - 1].kind != VALUE_ADDRESS)
				continue;
			/* The last creator that filled the handle decides. */
			if (revealed_outcome(r, c->site) != OUTCOME_SUCCESS)
				return false;
			if (zero_arg(call, x->type))
				return true;
			if (x->type < 1 || (size_t)x->type > call->nargs || !y->type)
				return false;
			char *type = squeezed(call->args[x->type - 1].text);
			bool same = type[0] == '*' && !strcmp(type + 1, y->type);
			free(type);
			return same;
		}
	}
	return false;
}

bool kinds_surely_succeeds(const struct surely *s, const struct path *p, size_t i, const struct revealed *r)
{
	const struct hist_item *it = &p->items[i];
	const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
	if (!call)
		return false;
	for (size_t k = 0; k < s->nsized; k++)
		if (kinds_call_listed(call, &s->sized[k].calls) && sized_copy(&s->sized[k], p, i))
			return true;
	for (size_t k = 0; k < s->nfresh; k++)
		if (kinds_call_listed(call, &s->fresh[k].calls) && fresh_reference(&s->fresh[k], p, i, r))
			return true;
	return false;
}
