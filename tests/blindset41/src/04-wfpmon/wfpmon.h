#pragma once

#define NDIS_SUPPORT_NDIS6 1

#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable: 4201)  // nameless struct/union
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WFPMON_TAG          'mpfW'
#define WFPMON_MAX_PORTS    16

#define WLOG(fmt, ...)  KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "wfpmon: " fmt "\n", __VA_ARGS__))
#define WERR(fmt, ...)  KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "wfpmon: " fmt "\n", __VA_ARGS__))

#define CHECK(st, what)                                             \
    if (!NT_SUCCESS(st)) {                                          \
        WERR("%s failed: 0x%08X", what, st);                        \
        goto Exit;                                                  \
    }

// {6b0f5c3e-8a1d-4c2e-9d47-31f0e2a4b801}
DEFINE_GUID(WFPMON_CALLOUT_CONNECT_V4,
    0x6b0f5c3e, 0x8a1d, 0x4c2e, 0x9d, 0x47, 0x31, 0xf0, 0xe2, 0xa4, 0xb8, 0x01);
// {6b0f5c3e-8a1d-4c2e-9d47-31f0e2a4b802}
DEFINE_GUID(WFPMON_SUBLAYER,
    0x6b0f5c3e, 0x8a1d, 0x4c2e, 0x9d, 0x47, 0x31, 0xf0, 0xe2, 0xa4, 0xb8, 0x02);
// {6b0f5c3e-8a1d-4c2e-9d47-31f0e2a4b803}
DEFINE_GUID(WFPMON_FILTER_CONNECT_V4,
    0x6b0f5c3e, 0x8a1d, 0x4c2e, 0x9d, 0x47, 0x31, 0xf0, 0xe2, 0xa4, 0xb8, 0x03);

typedef struct _WFPMON_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    HANDLE          EngineHandle;
    UINT32          CalloutId;
    UINT64          FilterId;
    volatile LONG64 Connects;
    volatile LONG64 Blocked;
    UINT16          BlockedPorts[WFPMON_MAX_PORTS];
    ULONG           BlockedPortCount;
} WFPMON_GLOBALS, *PWFPMON_GLOBALS;

extern WFPMON_GLOBALS g_Wfp;

NTSTATUS WfpStart(_In_ PDEVICE_OBJECT DeviceObject);
VOID     WfpStop(VOID);
