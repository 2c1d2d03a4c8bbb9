/* SPDX-License-Identifier: Apache-2.0 */
/* Dumps of a control-flow graph (cfg.h): text for golden tests and people,
 * Graphviz DOT for pictures. Both print the same lines for a block's events
 * and condition; nothing here depends on libclang. */
#include "cfg/cfg.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/path.h"

static void print_loc(FILE *out, const struct cfg *g, struct cfg_loc loc, const char *base_dir)
{
	if (loc.file && g->file && strcmp(loc.file, g->file) != 0) {
		char *shown = path_relative_to(loc.file, base_dir);
		fprintf(out, "%s:", shown);
		free(shown);
	}
	fprintf(out, "%u:%u", loc.line, loc.column);
}

/* The path, then what is not visible in it: {param0,global,deref,idx=N,noroot}. */
static void print_place(FILE *out, const struct cfg_place *p)
{
	fputs(p->path ? p->path : "?", out);
	const char *sep = "{";
	if (p->root_is_param) {
		fprintf(out, "%sparam%d", sep, p->param_index);
		sep = ",";
	}
	if (p->root_is_global) {
		fprintf(out, "%sglobal", sep);
		sep = ",";
	}
	if (p->deref) {
		fprintf(out, "%sderef", sep);
		sep = ",";
	}
	if (p->index && p->index_constant) {
		fprintf(out, "%sidx=%lld", sep, p->index_value);
		sep = ",";
	}
	if (!p->root) {
		fprintf(out, "%snoroot", sep);
		sep = ",";
	}
	if (*sep == ',')
		fputc('}', out);
}

static void print_value(FILE *out, const struct cfg_value *v)
{
	switch (v->kind) {
	case VALUE_UNKNOWN:
		fprintf(out, "?(%s)", v->text ? v->text : "");
		break;
	case VALUE_CONSTANT:
		if (v->name)
			fprintf(out, "%s:%lld", v->name, v->number);
		else
			fprintf(out, "%lld", v->number);
		break;
	case VALUE_NULL:
		fprintf(out, "%s%sNULL", v->name ? v->name : "", v->name ? ":" : "");
		break;
	case VALUE_PLACE:
		print_place(out, &v->place);
		break;
	case VALUE_ADDRESS:
		fputc('&', out);
		print_place(out, &v->place);
		if (v->pointee_type)
			fprintf(out, "[*%s:%lld]", v->pointee_type, v->pointee_size);
		break;
	case VALUE_FUNCTION:
		fprintf(out, "func:%s", v->name ? v->name : "?");
		break;
	case VALUE_CALL:
		fprintf(out, "call#%d", v->call);
		break;
	case VALUE_STRING:
		fputs(v->text ? v->text : "\"\"", out);
		break;
	}
}

static void print_call(FILE *out, const struct cfg *g, int index)
{
	if (index < 0 || (size_t)index >= g->ncalls) {
		fprintf(out, "call#%d ?", index);
		return;
	}
	const struct cfg_call *k = &g->calls[index];
	fprintf(out, "call#%d %s(", index, k->callee ? k->callee : "(*)");
	for (size_t i = 0; i < k->nargs; i++) {
		if (i)
			fputs(", ", out);
		print_value(out, &k->args[i]);
	}
	fputc(')', out);
	if (k->object.root) { /* a method's object: `on *p` for p->M(), `on o` for o.M() */
		fputs(k->object_arrow ? " on *" : " on ", out);
		print_place(out, &k->object);
	}
	if (k->macro)
		fprintf(out, " via %s", k->macro);
	if (k->result.root) {
		fputs(" -> ", out);
		print_place(out, &k->result);
	}
	if (!k->result_used)
		fputs(k->cast_to_void ? " unused (void)" : " unused", out);
	if (k->callee_in_system_header)
		fputs(" [sys]", out);
	/* The arguments the kit's declaration marks written (_Out_, OUT), from 0. */
	for (unsigned a = 0, first = 1; a < 32; a++)
		if (k->written_args >> a & 1) {
			fprintf(out, first ? " writes %u" : ",%u", a);
			first = 0;
		}
	if (k->undeclared)
		fputs(" [undeclared]", out);
	if (!k->callee)
		fprintf(out, " text %s", k->text ? k->text : "");
}

static void print_event(FILE *out, const struct cfg *g, const struct cfg_event *ev, const char *base_dir)
{
	print_loc(out, g, ev->loc, base_dir);
	fputc(' ', out);
	switch (ev->kind) {
	case EVENT_CALL:
		print_call(out, g, ev->call);
		break;
	case EVENT_ASSIGN:
	case EVENT_STORE:
		fputs(ev->kind == EVENT_ASSIGN ? "assign " : "store ", out);
		print_place(out, &ev->target);
		fprintf(out, " %s", ev->op);
		if (!(ev->compound && ev->value.kind == VALUE_UNKNOWN && !ev->value.text)) {
			fputc(' ', out);
			print_value(out, &ev->value);
		}
		break;
	case EVENT_ZERO:
		fputs("zero ", out);
		print_place(out, &ev->target);
		break;
	case EVENT_RETURN:
		fputs("return", out);
		if (ev->value.kind != VALUE_UNKNOWN || ev->value.text) {
			fputc(' ', out);
			print_value(out, &ev->value);
		}
		break;
	}
	if (ev->in_loop)
		fputs(" [loop]", out);
	if (ev->fills_table && ev->fill_first >= 0)
		fprintf(out, " [fills-table %lld..%lld]", ev->fill_first, ev->fill_last);
	else if (ev->fills_table)
		fputs(" [fills-table]", out);
	if (ev->each_arg)
		fprintf(out, " [each arg%d %lld..%lld%s, loop B%d]", ev->each_arg, ev->each_first, ev->each_last,
			ev->each_every ? " every" : "", ev->each_loop);
}

static size_t normal_succ(const struct cfg_block *blk)
{
	return blk->nsucc - blk->nexcept;
}

static void print_cond(FILE *out, const struct cfg_cond *c)
{
	switch (c->kind) {
	case COND_SUCCESS:
		/* NT_ERROR: only its failure side tells anything. */
		fprintf(out, c->failure_only ? "success-or-warning(%s)" : "success(%s)", c->var);
		break;
	case COND_NONNULL:
		fprintf(out, "nonnull(%s)", c->var);
		break;
	case COND_COMPARE:
		fprintf(out, "compare(%s)", c->text ? c->text : "");
		break;
	case COND_ADDRESS:
		fprintf(out, "address(%s %s &%s)", c->var, c->op, c->var2 ? c->var2 : "?");
		break;
	case COND_BITS:
		if (c->var2)
			fprintf(out, "bits(%s & %s %s 0)", c->var, c->var2, c->op);
		else
			fprintf(out, "bits(%s & %lld %s 0)", c->var, c->value, c->op);
		break;
	default:
		fprintf(out, "other(%s)", c->text ? c->text : "");
		break;
	}
}

/* The block's terminator: "branch ...", "switch ...", "-> Bn", or nothing. */
static void print_terminator(FILE *out, const struct cfg *g, const struct cfg_block *blk,
			     const char *base_dir)
{
	size_t n = normal_succ(blk);
	switch (blk->cond.kind) {
	case COND_NONE:
		if (n >= 1)
			fprintf(out, "-> B%d", blk->succ[0]);
		break;
	case COND_SWITCH:
		print_loc(out, g, blk->cond.loc, base_dir);
		fprintf(out, " switch (%s):", blk->cond.text ? blk->cond.text : "");
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s %s -> B%d", i ? "," : "", blk->cases ? blk->cases[i] : "?",
				blk->succ[i]);
		break;
	default:
		print_loc(out, g, blk->cond.loc, base_dir);
		fputs(" branch ", out);
		print_cond(out, &blk->cond);
		if (n >= 2)
			fprintf(out, " ? B%d : B%d", blk->succ[0], blk->succ[1]);
		break;
	}
}

static void print_exceptions(FILE *out, const struct cfg_block *blk)
{
	fputs("except ->", out);
	for (size_t i = normal_succ(blk); i < blk->nsucc; i++)
		fprintf(out, "%s B%d", i > normal_succ(blk) ? "," : "", blk->succ[i]);
}

static unsigned *count_predecessors(const struct cfg *g)
{
	unsigned *preds = alloc_zeroed(g->nblocks ? g->nblocks : 1, sizeof(*preds));
	for (size_t i = 0; i < g->nblocks; i++)
		for (size_t s = 0; s < g->blocks[i].nsucc; s++)
			if (g->blocks[i].succ[s] >= 0 && (size_t)g->blocks[i].succ[s] < g->nblocks)
				preds[g->blocks[i].succ[s]]++;
	return preds;
}

static bool is_unreachable(const struct cfg *g, const unsigned *preds, size_t i)
{
	return (int)i != g->entry && preds[i] == 0 && strcmp(g->blocks[i].label, "unreachable") != 0;
}

static void print_header(FILE *out, const struct cfg *g, const char *base_dir)
{
	char *rel = path_relative_to(g->file, base_dir);
	char *shown = text_escaped(rel); /* a file name stays on its line (base/escape.h) */
	fprintf(out, "function %s (%s:%u:%u)\n", g->function, shown, g->loc.line, g->loc.column);
	free(shown);
	free(rel);
	if (g->return_type) {
		fprintf(out, "  returns %s", g->return_type);
		if (strcmp(g->return_type, g->canonical_return_type) != 0)
			fprintf(out, " = %s", g->canonical_return_type);
		fputc('\n', out);
	}
	for (size_t i = 0; i < g->nparams; i++) {
		const struct cfg_param *p = &g->params[i];
		fprintf(out, "  param %zu %s: %s", i, p->name, p->type);
		if (strcmp(p->type, p->canonical_type) != 0)
			fprintf(out, " = %s", p->canonical_type);
		fputc('\n', out);
	}
}

void cfg_print_text(FILE *out, const struct cfg *g, const char *base_dir)
{
	print_header(out, g, base_dir);
	unsigned *preds = count_predecessors(g);
	for (size_t i = 0; i < g->nblocks; i++) {
		const struct cfg_block *blk = &g->blocks[i];
		fprintf(out, "  B%u %s%s", blk->id, blk->label,
			is_unreachable(g, preds, i) ? " (unreachable)" : "");
		if (blk->jumps)
			fprintf(out, " (jumps at line %u)", blk->jump_loc.line);
		if (blk->nevents == 0 && blk->cond.kind == COND_NONE && blk->nexcept == 0) {
			if (normal_succ(blk) >= 1)
				fprintf(out, " -> B%d", blk->succ[0]);
			fputc('\n', out);
			continue;
		}
		fputc('\n', out);
		for (size_t e = 0; e < blk->nevents; e++) {
			fputs("    ", out);
			print_event(out, g, &blk->events[e], base_dir);
			fputc('\n', out);
		}
		if (blk->cond.kind != COND_NONE || normal_succ(blk) >= 1) {
			fputs("    ", out);
			print_terminator(out, g, blk, base_dir);
			fputc('\n', out);
		}
		if (blk->nexcept) {
			fputs("    ", out);
			print_exceptions(out, blk);
			fputc('\n', out);
		}
	}
	free(preds);
}

/* Writes `s` as the inside of a DOT double-quoted string. */
static void print_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\l", out);
		else
			fputc(*s, out);
	}
}

/* The block's lines (label, events, condition); the caller frees the string. */
static char *capture_block(const struct cfg *g, const struct cfg_block *blk, const char *base_dir)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	if (!mem)
		abort();
	fprintf(mem, "B%u %s\n", blk->id, blk->label);
	for (size_t e = 0; e < blk->nevents; e++) {
		print_event(mem, g, &blk->events[e], base_dir);
		fputc('\n', mem);
	}
	if (blk->cond.kind != COND_NONE) {
		print_loc(mem, g, blk->cond.loc, base_dir);
		fputc(' ', mem);
		if (blk->cond.kind == COND_SWITCH)
			fprintf(mem, "switch (%s)", blk->cond.text ? blk->cond.text : "");
		else
			print_cond(mem, &blk->cond);
		fputc('\n', mem);
	}
	fclose(mem);
	return buf;
}

void cfg_print_dot(FILE *out, const struct cfg *g, const char *base_dir)
{
	char *shown = path_relative_to(g->file, base_dir);
	fputs("digraph \"", out);
	print_escaped(out, g->function);
	fputs("\" {\n  label=\"", out);
	print_escaped(out, g->function);
	fprintf(out, " (");
	print_escaped(out, shown);
	fprintf(out, ":%u:%u)\";\n  labelloc=t;\n", g->loc.line, g->loc.column);
	fputs("  node [shape=box, fontname=\"monospace\", fontsize=10];\n", out);
	free(shown);
	for (size_t i = 0; i < g->nblocks; i++) {
		const struct cfg_block *blk = &g->blocks[i];
		char *text = capture_block(g, blk, base_dir);
		fprintf(out, "  B%u [label=\"", blk->id);
		print_escaped(out, text);
		fputs("\"", out);
		if ((int)i == g->entry || (int)i == g->exit)
			fputs(", shape=oval", out);
		fputs("];\n", out);
		free(text);
	}
	for (size_t i = 0; i < g->nblocks; i++) {
		const struct cfg_block *blk = &g->blocks[i];
		size_t n = normal_succ(blk);
		for (size_t s = 0; s < blk->nsucc; s++) {
			fprintf(out, "  B%u -> B%d", blk->id, blk->succ[s]);
			if (s >= n) {
				fputs(" [label=\"except\", style=dashed]", out);
			} else if (blk->cond.kind == COND_SWITCH) {
				fputs(" [label=\"", out);
				print_escaped(out, blk->cases ? blk->cases[s] : "?");
				fputs("\"]", out);
			} else if (blk->cond.kind != COND_NONE) {
				fprintf(out, " [label=\"%s\"]", s == 0 ? "T" : "F");
			}
			fputs(";\n", out);
		}
	}
	fputs("}\n", out);
}
