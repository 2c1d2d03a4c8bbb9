/* SPDX-License-Identifier: Apache-2.0 */
/* The driver models: declared here once, with their names and what each
 * is. Classifying a DriverEntry into them is facts/classify.h. */
#ifndef ENTRYCHECK_MODELS_H
#define ENTRYCHECK_MODELS_H

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
	MODEL_AUDIO_ADAPTER,
	MODEL_AVSTREAM_MINIDRIVER,
	MODEL_STREAM_MINIDRIVER,
	MODEL_DISPLAY_MINIPORT,
	MODEL_WFP_CALLOUT,
	MODEL_WSK_CLIENT,
	MODEL_OTHER,
	MODEL_COUNT
};

/* A set of models, one bit per enum driver_model. */
typedef unsigned model_set;
#define MODEL_BIT(m) (1u << (m))
/* Models a driver of another model is as well (a WDM driver that registers
 * WFP callouts, a KMDF driver that is a WSK client): they add to its model
 * and never replace it. */
#define MODEL_EXTENSIONS (MODEL_BIT(MODEL_WFP_CALLOUT) | MODEL_BIT(MODEL_WSK_CLIENT))

/* One line per model: its name in rules, configuration and reports, and
 * what it is. Indexed by enum driver_model. */
struct driver_model_info {
	const char *name;
	const char *description;
};
extern const struct driver_model_info driver_models[MODEL_COUNT];

/* The model's name; "other" for a value out of range. */
const char *driver_model_name(enum driver_model model);
/* Returns the model named `name`, or -1. */
int driver_model_from_name(const char *name);
/* Parses a comma-separated list; returns 0, or -1 with `*bad` pointing at
 * the first unknown name (a copy the caller frees). */
int driver_model_set_parse(const char *list, model_set *out, char **bad);

#endif
