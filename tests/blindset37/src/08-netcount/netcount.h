#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)  /* nameless struct/union */
#define NDIS630
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define NC_TAG  'tnCN'

#define NCLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "netcount: " fmt "\n", __VA_ARGS__)

/* {6b2a4d21-3c0e-4f55-9a51-2d8e0c7b1f10} */
DEFINE_GUID(NC_CALLOUT_KEY,
    0x6b2a4d21, 0x3c0e, 0x4f55, 0x9a, 0x51, 0x2d, 0x8e, 0x0c, 0x7b, 0x1f, 0x10);
/* {6b2a4d22-3c0e-4f55-9a51-2d8e0c7b1f10} */
DEFINE_GUID(NC_SUBLAYER_KEY,
    0x6b2a4d22, 0x3c0e, 0x4f55, 0x9a, 0x51, 0x2d, 0x8e, 0x0c, 0x7b, 0x1f, 0x10);

typedef struct _NC_STATS {
    volatile LONG64 Total;
    volatile LONG64 Tcp;
    volatile LONG64 Udp;
    volatile LONG64 Icmp;
    volatile LONG64 Other;
} NC_STATS, *PNC_STATS;

typedef struct _NC_GLOBALS {
    PDEVICE_OBJECT  Device;
    PNC_STATS       Stats;
    HANDLE          Engine;
    UINT32          CalloutId;      /* runtime id from FwpsCalloutRegister */
    UINT64          FilterId;
} NC_GLOBALS;

extern NC_GLOBALS g_Nc;

/* callout.c */
NTSTATUS NcRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject);
VOID     NcUnregisterCallout(VOID);
NTSTATUS NcAddFilters(VOID);
VOID     NcRemoveFilters(VOID);
