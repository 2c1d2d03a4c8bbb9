/* SPDX-License-Identifier: Apache-2.0 */
/* Written field by field in declaration order: a change to struct
 * unit_facts (or the structs it holds) must change both halves here and the
 * cache's format number (run/resultcache.c). */
#include "facts/store.h"

#include <stdlib.h>
#include <string.h>

#include "cfg/store.h"
#include "base/alloc.h"
#include "base/strbuf.h"

static void put_function(struct strbuf *out, const struct function_facts *f)
{
	bytes_put_str(out, f->name);
	bytes_put_str(out, f->file);
	bytes_put_num(out, f->line);
	bytes_put_num(out, f->column);
	bytes_put_num(out, (unsigned)f->is_static | (unsigned)f->is_driver_entry << 1 |
				   (unsigned)f->writes_dispatch << 2 | (unsigned)f->fills_dispatch_table << 3 |
				   (unsigned)f->analyzable << 4 | (unsigned)f->unformed << 5 |
				   (unsigned)f->c_linkage << 6 | (unsigned)f->in_header << 7);
	bytes_put_strvec(out, &f->callees);
	bytes_put_strvec(out, &f->referenced);
	bytes_put_num(out, f->diagnostics);
	bytes_put_str(out, f->first_error);
	bytes_put_strvec(out, &f->assumed);
	bytes_put_str(out, f->section);
	bytes_put_str(out, f->scope);
	bytes_put_num(out, f->cfg != NULL);
	if (f->cfg)
		cfg_write(out, f->cfg);
}

static void get_function(struct bytes_in *in, struct function_facts *f)
{
	f->name = bytes_str(in);
	f->file = bytes_str(in);
	f->line = (unsigned)bytes_num(in);
	f->column = (unsigned)bytes_num(in);
	unsigned long long bits = bytes_num(in);
	f->is_static = bits & 1;
	f->is_driver_entry = bits >> 1 & 1;
	f->writes_dispatch = bits >> 2 & 1;
	f->fills_dispatch_table = bits >> 3 & 1;
	f->analyzable = bits >> 4 & 1;
	f->unformed = bits >> 5 & 1;
	f->c_linkage = bits >> 6 & 1;
	f->in_header = bits >> 7 & 1;
	bytes_strvec(in, &f->callees);
	bytes_strvec(in, &f->referenced);
	f->diagnostics = (unsigned)bytes_num(in);
	f->first_error = bytes_str(in);
	bytes_strvec(in, &f->assumed);
	f->section = bytes_str(in);
	f->scope = bytes_str(in);
	if (bytes_bool(in) && !in->failed)
		f->cfg = cfg_read(in);
	if (!f->name)
		in->failed = true;
}

void unit_facts_write(struct strbuf *out, const struct unit_facts *u)
{
	bytes_put_str(out, u->path);
	bytes_put_str(out, u->display);
	bytes_put_str(out, u->dir);
	bytes_put_num(out, u->flavour);
	bytes_put_strvec(out, &u->includes);
	bytes_put_num(out, u->cplusplus);
	bytes_put_strvec(out, &u->missing_headers);
	bytes_put_strvec(out, &u->assumed_names);
	bytes_put_strvec(out, &u->set_fields);
	bytes_put_strvec(out, &u->zeroed);
	bytes_put_num(out, u->nfunctions);
	for (size_t i = 0; i < u->nfunctions; i++)
		put_function(out, &u->functions[i]);
	bytes_put_num(out, u->ndecls);
	for (size_t i = 0; i < u->ndecls; i++) {
		const struct decl_facts *d = &u->decls[i];
		bytes_put_str(out, d->name);
		bytes_put_strvec(out, &d->specifiers);
		bytes_put_strvec(out, &d->dispatch_types);
		bytes_put_strvec(out, &d->function_classes);
		bytes_put_str(out, d->macro);
	}
	bytes_put_num(out, u->nglobals);
	for (size_t i = 0; i < u->nglobals; i++) {
		const struct global_facts *g = &u->globals[i];
		bytes_put_str(out, g->name);
		bytes_put_str(out, g->header);
		bytes_put_num(out, g->is_static);
		bytes_put_num(out, g->loc.line);
		bytes_put_num(out, g->loc.column);
		bytes_put_strvec(out, &g->fields);
		bytes_put_strvec(out, &g->values);
		bytes_put_num(out, g->scalar);
		bytes_put_signed(out, g->value);
	}
}

int unit_facts_read(struct bytes_in *in, struct unit_facts *u)
{
	memset(u, 0, sizeof(*u));
	u->path = bytes_str(in);
	u->display = bytes_str(in);
	u->dir = bytes_str(in);
	u->flavour = (enum flavour)bytes_num(in);
	if (u->flavour > FLAVOUR_USER || !u->path || !u->display || !u->dir)
		in->failed = true;
	bytes_strvec(in, &u->includes);
	u->cplusplus = bytes_bool(in);
	bytes_strvec(in, &u->missing_headers);
	bytes_strvec(in, &u->assumed_names);
	bytes_strvec(in, &u->set_fields);
	bytes_strvec(in, &u->zeroed);
	size_t n = bytes_count(in);
	if (n && !in->failed) {
		u->functions = alloc_zeroed(n, sizeof(*u->functions));
		u->cap = n;
		for (; u->nfunctions < n && !in->failed; u->nfunctions++)
			get_function(in, &u->functions[u->nfunctions]);
	}
	n = bytes_count(in);
	if (n && !in->failed) {
		u->decls = alloc_zeroed(n, sizeof(*u->decls));
		u->decls_cap = n;
		for (; u->ndecls < n && !in->failed; u->ndecls++) {
			struct decl_facts *d = &u->decls[u->ndecls];
			d->name = bytes_str(in);
			bytes_strvec(in, &d->specifiers);
			bytes_strvec(in, &d->dispatch_types);
			bytes_strvec(in, &d->function_classes);
			d->macro = bytes_str(in);
		}
	}
	n = bytes_count(in);
	if (n && !in->failed) {
		u->globals = alloc_zeroed(n, sizeof(*u->globals));
		u->globals_cap = n;
		for (; u->nglobals < n && !in->failed; u->nglobals++) {
			struct global_facts *g = &u->globals[u->nglobals];
			g->name = bytes_str(in);
			g->header = bytes_str(in);
			g->is_static = bytes_num(in) != 0;
			g->loc.file = g->header ? g->header : u->path;
			g->loc.line = (unsigned)bytes_num(in);
			g->loc.column = (unsigned)bytes_num(in);
			bytes_strvec(in, &g->fields);
			bytes_strvec(in, &g->values);
			g->scalar = bytes_num(in) != 0;
			g->value = bytes_signed(in);
		}
	}
	if (in->failed) {
		unit_facts_release(u);
		return -1;
	}
	return 0;
}
