/* SPDX-License-Identifier: Apache-2.0 */
/* Classification. The signals are documented in docs/usage.md ("Driver models
 * and how they are recognized");
 * calls are followed through helpers whose bodies any file of the run shows. */
#include "facts/classify.h"

#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strvec.h"

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
	/* Tape and medium changer miniclass drivers: the class library does
	 * what ClassInitialize does for a classpnp driver. */
	{ "TapeClassInitialize", MODEL_STORAGE_CLASS },
	{ "ChangerClassInitialize", MODEL_STORAGE_CLASS },
	{ "AtaPortInitializeEx", MODEL_ATA_MINIPORT },
	{ "StorPortInitialize", MODEL_STORPORT_MINIPORT },
	{ "ScsiPortInitialize", MODEL_SCSIPORT_MINIPORT },
	{ "NdisMRegisterMiniportDriver", MODEL_NDIS_MINIPORT },
	{ "NdisMRegisterWdiMiniportDriver", MODEL_NDIS_MINIPORT }, /* a WDI (Wi-Fi) miniport */
	{ "NdisMRegisterMiniport", MODEL_NDIS_MINIPORT },
	{ "NdisFRegisterFilterDriver", MODEL_NDIS_FILTER },
	{ "NdisRegisterProtocolDriver", MODEL_NDIS_PROTOCOL },
	{ "NdisRegisterProtocol", MODEL_NDIS_PROTOCOL },
	/* Port and class drivers that install their own dispatch routines and
	 * AddDevice in the driver object: stores the driver adds are overrides,
	 * not a WDM driver's duties. */
	{ "PcInitializeAdapterDriver", MODEL_AUDIO_ADAPTER },
	{ "KsInitializeDriver", MODEL_AVSTREAM_MINIDRIVER },
	{ "StreamClassRegisterAdapter", MODEL_STREAM_MINIDRIVER },
	{ "StreamClassRegisterMinidriver", MODEL_STREAM_MINIDRIVER },
	/* A USB camera minidriver binds itself to USBCAMD, a stream class
	 * minidriver, which registers with the stream class for it; its
	 * DriverEntry is ULONG (PVOID, PVOID), passing both on. */
	{ "USBCAMD_DriverEntry", MODEL_STREAM_MINIDRIVER },
	{ "DxgkInitialize", MODEL_DISPLAY_MINIPORT },
	{ "DxgkInitializeDisplayOnlyDriver", MODEL_DISPLAY_MINIPORT },
	{ "VideoPortInitialize", MODEL_DISPLAY_MINIPORT },
};

/* Calls that make a driver of any model a network extension as well. */
static const struct {
	const char *call;
	enum driver_model model;
} extension_calls[] = {
	{ "FwpsCalloutRegister0", MODEL_WFP_CALLOUT },
	{ "FwpsCalloutRegister1", MODEL_WFP_CALLOUT },
	{ "FwpsCalloutRegister2", MODEL_WFP_CALLOUT },
	{ "FwpsCalloutRegister3", MODEL_WFP_CALLOUT },
	{ "WskRegister", MODEL_WSK_CLIENT },
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
	bool sets_add_device;         /* DriverExtension->AddDevice stored: a PnP driver */
};

static void gather(struct call_walk *w, size_t unit, size_t index)
{
	struct evidence *ev = w->data;
	const struct unit_facts *u = &w->prog->units[unit];
	const struct function_facts *f = &u->functions[index];
	ev->writes_dispatch |= f->writes_dispatch;
	ev->fills_dispatch_table |= f->fills_dispatch_table;
	for (size_t b = 0; f->cfg && !ev->sets_add_device && b < f->cfg->nblocks; b++)
		for (size_t e = 0; e < f->cfg->blocks[b].nevents; e++) {
			const struct cfg_event *x = &f->cfg->blocks[b].events[e];
			ev->sets_add_device |= x->kind == EVENT_STORE && x->target.field && !strcmp(x->target.field, "AddDevice");
		}
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
	/* A filter attaches: in AddDevice, or in DriverEntry to the device it
	 * creates there. A driver with no AddDevice that creates its device and
	 * attaches it to nothing (a RAM disk) serves its own disk. */
	bool attaches = strvec_contains(&ev->calls, "IoAttachDeviceToDeviceStack") ||
			strvec_contains(&ev->calls, "IoAttachDeviceToDeviceStackSafe") ||
			strvec_contains(&ev->calls, "IoAttachDevice") ||
			strvec_contains(&ev->calls, "IoAttachDeviceByPointer");
	bool own_device = !attaches && !ev->sets_add_device && (strvec_contains(&ev->calls, "IoCreateDevice") ||
					strvec_contains(&ev->calls, "IoCreateDeviceSecure"));
	if (ev->storage_headers && !class_init && ev->fills_dispatch_table && !own_device)
		set |= MODEL_BIT(MODEL_STORAGE_FILTER);
	else if (ev->storage_headers && strvec_contains(&ev->calls, "IoAllocateDriverObjectExtension"))
		set |= MODEL_BIT(MODEL_STORAGE_CLASS);
	if (!set && ev->writes_dispatch)
		set |= MODEL_BIT(MODEL_WDM);
	if (!set)
		set |= MODEL_BIT(MODEL_OTHER);
	model_set extensions = 0;
	for (size_t i = 0; i < sizeof(extension_calls) / sizeof(*extension_calls); i++)
		if (strvec_contains(&ev->calls, extension_calls[i].call))
			extensions |= MODEL_BIT(extension_calls[i].model);
	if (extensions && set == MODEL_BIT(MODEL_OTHER))
		set = 0; /* a callout driver with no dispatch routines is that, not "other" */
	return set | extensions;
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

/* `path` shown the way `display` shows `unit_path`: relative to the same
 * directory when `display` is relative. */
static char *shown_like(const char *unit_path, const char *display, const char *path)
{
	if (display[0] == '/')
		return alloc_strdup(path);
	size_t n = strlen(unit_path), m = strlen(display);
	if (m > n || strcmp(unit_path + n - m, display))
		return alloc_strdup(path);
	char *base = alloc_strndup(unit_path, n - m); /* the directory display is relative to, with '/' */
	char *shown = path_relative_to(path, base);
	free(base);
	return shown;
}


/* Drops the second of two entries at the same place: a source file that is an
 * input and is also included by another input gives its definitions twice.
 * The analyzable one is kept (the includer gives the context the file was
 * written for). */
static void drop_duplicates(struct entry_list *list)
{
	size_t kept = 0;
	for (size_t i = 0; i < list->len; i++) {
		struct entry_point *e = &list->items[i];
		struct entry_point *prev = kept ? &list->items[kept - 1] : NULL;
		if (prev && !strcmp(prev->path, e->path) && prev->line == e->line && prev->column == e->column) {
			if (!prev->analyzable && e->analyzable) {
				struct entry_point t = *prev;
				*prev = *e;
				*e = t;
			}
			entry_point_release(e);
			continue;
		}
		list->items[kept++] = *e;
	}
	list->len = kept;
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
			if (f->file) {
				/* Defined in a source file the unit includes: shown as that file,
				 * relative to the directory the unit's own name is relative to. */
				e->path = alloc_strdup(f->file);
				e->file = shown_like(units[u].path, units[u].display, f->file);
			} else {
				e->path = alloc_strdup(units[u].path);
				e->file = alloc_strdup(units[u].display);
			}
			e->line = f->line;
			e->column = f->column;
			e->function = alloc_strdup(f->name);
			e->models = override ? override : models_from(&ev);
			e->models_from = override ? "option" : "code";
			e->analyzable = f->analyzable;
			strvec_push_all(&e->assumed, &f->assumed);
			e->diagnostics = f->diagnostics;
			e->first_error = f->first_error ? alloc_strdup(f->first_error) : NULL;
			e->unformed = f->unformed;
			e->unit = u;
			e->index = i;
			strvec_clear(&ev.calls);
		}
	}
	entry_list_sort(out);
}

void entry_list_sort(struct entry_list *list)
{
	if (list->len > 1)
		qsort(list->items, list->len, sizeof(*list->items), compare_entries);
	drop_duplicates(list);
}

void entry_point_release(struct entry_point *e)
{
	free(e->path);
	free(e->file);
	free(e->function);
	free(e->first_error);
	strvec_clear(&e->assumed);
}

void entry_list_release(struct entry_list *list)
{
	for (size_t i = 0; i < list->len; i++)
		entry_point_release(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

const char *entry_analyzability(const struct entry_point *e)
{
	return !e->analyzable ? "not-analyzable" : e->assumed.len ? "degraded" : "analyzable";
}
