/* Classification. The signals are documented in README.md ("Driver models");
 * calls are followed through helpers whose bodies any file of the run shows. */
#include "facts/classify.h"

#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"

/* A call that by itself says which framework or port the driver uses.
 * WdfDriverCreate means KMDF in kernel-mode files and UMDF 2 in user mode. */
static const struct {
	const char *call;
	enum driver_model model;
} model_calls[] = {
	{ "FltRegisterFilter", MODEL_MINIFILTER },
	{ "FltStartFiltering", MODEL_MINIFILTER },
	{ "WdfDriverCreate", MODEL_KMDF },
	{ "ClassInitialize", MODEL_STORAGE_CLASS },
	{ "ClassInitializeEx", MODEL_STORAGE_CLASS },
	{ "AtaPortInitializeEx", MODEL_ATA_MINIPORT },
	{ "StorPortInitialize", MODEL_STORPORT_MINIPORT },
	{ "ScsiPortInitialize", MODEL_SCSIPORT_MINIPORT },
	{ "NdisMRegisterMiniportDriver", MODEL_NDIS_MINIPORT },
	{ "NdisMRegisterMiniport", MODEL_NDIS_MINIPORT },
	{ "NdisFRegisterFilterDriver", MODEL_NDIS_FILTER },
	{ "NdisRegisterProtocolDriver", MODEL_NDIS_PROTOCOL },
	{ "NdisRegisterProtocol", MODEL_NDIS_PROTOCOL },
};

/* Headers that mark a file as part of the storage stack. */
static const char *const storage_headers[] = {
	"classpnp.h", "ntddstor.h", "ntdddisk.h", "ntddscsi.h", "ntddvol.h",
	"ntddcdrm.h", "scsi.h", "srb.h", "mountdev.h",
};

struct evidence {
	struct strvec calls;          /* every call made by DriverEntry and its helpers */
	bool writes_dispatch;
	bool fills_dispatch_table;
	bool storage_headers;
	bool user_mode;
};

static void gather(struct call_walk *w, size_t unit, size_t index)
{
	struct evidence *ev = w->data;
	const struct unit_facts *u = &w->prog->units[unit];
	const struct function_facts *f = &u->functions[index];
	ev->writes_dispatch |= f->writes_dispatch;
	ev->fills_dispatch_table |= f->fills_dispatch_table;
	for (size_t i = 0; i < sizeof(storage_headers) / sizeof(*storage_headers); i++)
		ev->storage_headers |= strvec_contains(&u->includes, storage_headers[i]);
	for (size_t i = 0; i < f->callees.len; i++) {
		const char *callee = f->callees.items[i];
		if (!strvec_contains(&ev->calls, callee))
			strvec_push(&ev->calls, callee);
		call_walk_follow(w, callee, unit);
	}
}

static model_set models_from(const struct evidence *ev)
{
	model_set set = 0;
	for (size_t i = 0; i < sizeof(model_calls) / sizeof(*model_calls); i++) {
		if (!strvec_contains(&ev->calls, model_calls[i].call))
			continue;
		enum driver_model m = model_calls[i].model;
		if (m == MODEL_KMDF && ev->user_mode)
			m = MODEL_UMDF;
		set |= MODEL_BIT(m);
	}
	bool class_init = set & MODEL_BIT(MODEL_STORAGE_CLASS);
	if (ev->storage_headers && !class_init && ev->fills_dispatch_table)
		set |= MODEL_BIT(MODEL_STORAGE_FILTER);
	else if (ev->storage_headers && strvec_contains(&ev->calls, "IoAllocateDriverObjectExtension"))
		set |= MODEL_BIT(MODEL_STORAGE_CLASS);
	if (!set && ev->writes_dispatch)
		set |= MODEL_BIT(MODEL_WDM);
	if (!set)
		set |= MODEL_BIT(MODEL_OTHER);
	return set;
}

static int compare_entries(const void *a, const void *b)
{
	const struct entry_point *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

void classify_entries(const struct program *p, model_set override, struct entry_list *out)
{
	const struct unit_facts *units = p->units;
	size_t nunits = p->nunits;
	memset(out, 0, sizeof(*out));
	for (size_t u = 0; u < nunits; u++) {
		for (size_t i = 0; i < units[u].nfunctions; i++) {
			const struct function_facts *f = &units[u].functions[i];
			if (!f->is_driver_entry)
				continue;
			struct evidence ev = { .user_mode = units[u].flavour == FLAVOUR_USER };
			call_walk_run(p, u, i, gather, &ev);

			GROW(out->items, out->cap, out->len + 1);
			struct entry_point *e = &out->items[out->len++];
			memset(e, 0, sizeof(*e));
			e->path = xstrdup(units[u].path);
			e->file = xstrdup(units[u].display);
			e->line = f->line;
			e->column = f->column;
			e->function = xstrdup(f->name);
			e->models = override ? override : models_from(&ev);
			e->models_from = override ? "option" : "code";
			e->analyzable = f->analyzable;
			strvec_push_all(&e->assumed, &f->assumed);
			e->diagnostics = f->diagnostics;
			e->first_error = f->first_error ? xstrdup(f->first_error) : NULL;
			e->unformed = f->unformed;
			e->unit = u;
			e->index = i;
			strvec_clear(&ev.calls);
		}
	}
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), compare_entries);
}

void entry_list_release(struct entry_list *list)
{
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].path);
		free(list->items[i].file);
		free(list->items[i].function);
		free(list->items[i].first_error);
		strvec_clear(&list->items[i].assumed);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

const char *entry_analyzability(const struct entry_point *e)
{
	return !e->analyzable ? "not-analyzable" : e->assumed.len ? "degraded" : "analyzable";
}
