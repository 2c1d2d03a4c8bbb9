/* SPDX-License-Identifier: Apache-2.0 */
/* The one table of driver models. The JSON schemas that list models
 * (rules/schema.json and the two in analyzer/schema) are checked against it by
 * tests/check_rules.c. */
#include "facts/models.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

const struct driver_model_info driver_models[MODEL_COUNT] = {
	[MODEL_WDM] = { "wdm", "Windows Driver Model: IRP dispatch routines in MajorFunction[]" },
	[MODEL_KMDF] = { "kmdf", "Kernel-Mode Driver Framework (WdfDriverCreate in kernel mode)" },
	[MODEL_UMDF] = { "umdf", "User-Mode Driver Framework 2 (WdfDriverCreate in user mode)" },
	[MODEL_MINIFILTER] = { "minifilter", "file system minifilter (FltRegisterFilter)" },
	[MODEL_STORAGE_CLASS] = { "storage-class", "storage class driver (ClassInitialize, or a tape or changer miniclass)" },
	[MODEL_STORAGE_FILTER] = { "storage-filter", "storage filter driver passing IRPs down" },
	[MODEL_ATA_MINIPORT] = { "ata-miniport", "ATA port miniport (AtaPortInitializeEx)" },
	[MODEL_STORPORT_MINIPORT] = { "storport-miniport", "Storport miniport (StorPortInitialize)" },
	[MODEL_SCSIPORT_MINIPORT] = { "scsiport-miniport", "SCSI port miniport (ScsiPortInitialize)" },
	[MODEL_NDIS_MINIPORT] = { "ndis-miniport", "NDIS miniport (NdisMRegisterMiniportDriver)" },
	[MODEL_NDIS_FILTER] = { "ndis-filter", "NDIS filter (NdisFRegisterFilterDriver)" },
	[MODEL_NDIS_PROTOCOL] = { "ndis-protocol", "NDIS protocol driver (NdisRegisterProtocolDriver)" },
	[MODEL_AUDIO_ADAPTER] = { "audio-adapter", "PortCls audio adapter driver (PcInitializeAdapterDriver)" },
	[MODEL_AVSTREAM_MINIDRIVER] = { "avstream-minidriver", "AVStream minidriver (KsInitializeDriver)" },
	[MODEL_STREAM_MINIDRIVER] = { "stream-minidriver", "Stream class minidriver (StreamClassRegisterAdapter)" },
	[MODEL_DISPLAY_MINIPORT] = { "display-miniport",
				     "display or video miniport (DxgkInitialize, VideoPortInitialize)" },
	[MODEL_WFP_CALLOUT] = { "wfp-callout", "Windows Filtering Platform callout driver (FwpsCalloutRegister), "
						"besides its model" },
	[MODEL_WSK_CLIENT] = { "wsk-client", "Winsock Kernel client (WskRegister), besides its model" },
	[MODEL_OTHER] = { "other", "none of the above" },
};

const char *driver_model_name(enum driver_model model)
{
	return model < MODEL_COUNT ? driver_models[model].name : "other";
}

int driver_model_from_name(const char *name)
{
	for (int m = 0; m < MODEL_COUNT; m++)
		if (!strcmp(name, driver_models[m].name))
			return m;
	return -1;
}

int driver_model_set_parse(const char *list, model_set *out, char **bad)
{
	*out = 0;
	*bad = NULL;
	const char *p = list;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *name = alloc_strndup(p, n);
		int m = driver_model_from_name(name);
		if (m < 0) {
			*bad = name;
			return -1;
		}
		free(name);
		*out |= MODEL_BIT(m);
		if (!end)
			return 0;
		p = end + 1;
	}
}

