/* Driver models, and classifying each DriverEntry into them from what it and
 * the helpers it calls do (across the files of one run) and from the headers
 * its file includes. */
#ifndef ENTRYCHECK_CLASSIFY_H
#define ENTRYCHECK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"

struct unit_facts;

enum driver_model {
	MODEL_WDM,
	MODEL_KMDF,
	MODEL_UMDF,
	MODEL_MINIFILTER,
	MODEL_STORAGE_CLASS,
	MODEL_STORAGE_FILTER,
	MODEL_ATA_MINIPORT,
	MODEL_STORPORT_MINIPORT,
	MODEL_SCSIPORT_MINIPORT,
	MODEL_NDIS_MINIPORT,
	MODEL_NDIS_FILTER,
	MODEL_NDIS_PROTOCOL,
	MODEL_OTHER,
	MODEL_COUNT
};

/* A set of models, one bit per enum driver_model. */
typedef unsigned model_set;
#define MODEL_BIT(m) (1u << (m))

const char *driver_model_name(enum driver_model model);
/* Returns the model named `name`, or -1. */
int driver_model_from_name(const char *name);
/* Parses a comma-separated list; returns 0, or -1 with `*bad` pointing at
 * the first unknown name (a copy the caller frees). */
int model_set_parse(const char *list, model_set *out, char **bad);

struct entry_point {
	char *path;             /* absolute */
	char *file;             /* as shown to the user */
	unsigned line, column;
	char *function;
	model_set models;
	bool analyzable;
	unsigned diagnostics;
	char *first_error;      /* why it is not analyzable, or NULL */
	size_t unit, index;     /* where its facts are: units[unit].functions[index] */
};

struct entry_list {
	struct entry_point *items;
	size_t len, cap;
};

/* Finds every DriverEntry among `units` and classifies it; `override`, when
 * not 0, replaces the classification. Entries come sorted by file and line. */
void classify_entries(const struct unit_facts *units, size_t nunits, model_set override,
		      struct entry_list *out);
void entry_list_release(struct entry_list *list);

#endif
