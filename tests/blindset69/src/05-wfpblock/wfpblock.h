#ifndef WFPBLOCK_H
#define WFPBLOCK_H

#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)
#define NDIS61 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define INITGUID
#include <guiddef.h>

/* {6A0C3D21-1B7E-4C55-9D10-2F4B8C6E7A11} */
DEFINE_GUID(WFPBLOCK_CALLOUT_V4,
    0x6a0c3d21, 0x1b7e, 0x4c55, 0x9d, 0x10, 0x2f, 0x4b, 0x8c, 0x6e, 0x7a, 0x11);
/* {6A0C3D22-1B7E-4C55-9D10-2F4B8C6E7A11} */
DEFINE_GUID(WFPBLOCK_SUBLAYER,
    0x6a0c3d22, 0x1b7e, 0x4c55, 0x9d, 0x10, 0x2f, 0x4b, 0x8c, 0x6e, 0x7a, 0x11);

#define WB_PRINT(_x_)       DbgPrint _x_
#define WB_BLOCKED_PORT     4444

typedef struct _WB_STATE {
    PDEVICE_OBJECT  Device;
    HANDLE          Engine;
    UINT32          CalloutId;       /* runtime id from FwpsCalloutRegister */
    UINT32          MgmtCalloutId;   /* id in BFE */
    UINT64          FilterId;
    LONG            Blocked;
} WB_STATE;

extern WB_STATE g_wb;

/* callout.c */
void NTAPI WbClassify(const FWPS_INCOMING_VALUES0 *inFixedValues,
                      const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
                      void *layerData, const FWPS_FILTER0 *filter,
                      UINT64 flowContext, FWPS_CLASSIFY_OUT0 *classifyOut);
NTSTATUS NTAPI WbNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey,
                        const FWPS_FILTER0 *filter);
NTSTATUS WbAddManagementObjects(void);

#endif
