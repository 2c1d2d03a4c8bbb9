#pragma once
/*
 * flowmeter - counts UDP bytes per flow with a WFP flow context.
 * ALE flow-established callout creates the context, datagram-data callout
 * updates it, flowDeleteFn frees it.
 */
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

/* {3f0d8a51-6c2b-4d7e-a19b-0c5e2d8f7101} / ...7102 */
DEFINE_GUID(FM_ALE_CALLOUT,  0x3f0d8a51, 0x6c2b, 0x4d7e, 0xa1, 0x9b, 0x0c, 0x5e, 0x2d, 0x8f, 0x71, 0x01);
DEFINE_GUID(FM_DATA_CALLOUT, 0x3f0d8a51, 0x6c2b, 0x4d7e, 0xa1, 0x9b, 0x0c, 0x5e, 0x2d, 0x8f, 0x71, 0x02);

#define FM_TAG   'eMwF'
#define FMLOG(...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "flowmeter: " __VA_ARGS__)

typedef struct _FM_FLOW {
    LIST_ENTRY  Link;
    UINT64      FlowId;
    LONG64      Bytes;
    BOOLEAN     Detached;   /* removed from list by unload path */
} FM_FLOW, *PFM_FLOW;

typedef struct _FM_GLOBALS {
    PDEVICE_OBJECT  Device;
    HANDLE          Engine;
    UINT32          AleId;
    UINT32          DataId;
    KSPIN_LOCK      Lock;
    LIST_ENTRY      Flows;
    BOOLEAN         Unloading;
} FM_GLOBALS;

extern FM_GLOBALS g_Fm;

NTSTATUS FmRegisterCallouts(VOID);
VOID     FmUnregisterCallouts(VOID);
VOID     FmRemoveFlowContexts(VOID);
NTSTATUS FmAddBfeObjects(VOID);
