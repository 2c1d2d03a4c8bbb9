/*
 * wfpmon.h - outbound connection monitor (WFP callout driver).
 *
 * Two inspection callouts at ALE_AUTH_CONNECT (v4 and v6) count and log
 * outbound connects per process.  Filters live in a dynamic session, so
 * they disappear with the engine handle.
 */
#pragma once

/* GUIDs (ours and the FWPM layer keys) are instantiated here, selectany */
#define INITGUID
#include <guiddef.h>

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WFM_TAG   'mFfW'

/* {6c1ac2a4-55f0-4b8e-9d3e-1f0c8a7d2b61} */
DEFINE_GUID(WFM_CALLOUT_CONNECT_V4,
    0x6c1ac2a4, 0x55f0, 0x4b8e, 0x9d, 0x3e, 0x1f, 0x0c, 0x8a, 0x7d, 0x2b, 0x61);
/* {6c1ac2a5-55f0-4b8e-9d3e-1f0c8a7d2b61} */
DEFINE_GUID(WFM_CALLOUT_CONNECT_V6,
    0x6c1ac2a5, 0x55f0, 0x4b8e, 0x9d, 0x3e, 0x1f, 0x0c, 0x8a, 0x7d, 0x2b, 0x61);
/* {0e3b9a17-2c44-4f1d-a6e2-73d5b80c41aa} */
DEFINE_GUID(WFM_SUBLAYER,
    0x0e3b9a17, 0x2c44, 0x4f1d, 0xa6, 0xe2, 0x73, 0xd5, 0xb8, 0x0c, 0x41, 0xaa);

typedef struct _WFM_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    HANDLE          EngineHandle;
    UINT32          CalloutIdV4;
    UINT32          CalloutIdV6;
    UINT64          FilterIdV4;
    UINT64          FilterIdV6;
    volatile LONG64 ConnectsV4;
    volatile LONG64 ConnectsV6;
} WFM_GLOBALS, *PWFM_GLOBALS;

extern WFM_GLOBALS g_Wfm;

/* callouts.c */
NTSTATUS WfmRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject,
                             _Out_ UINT32 *IdV4,
                             _Out_ UINT32 *IdV6);
VOID     WfmUnregisterCallouts(VOID);
NTSTATUS WfmOpenEngine(_Out_ HANDLE *EngineHandle);
NTSTATUS WfmAddFilters(_In_ HANDLE EngineHandle);
