/*++

Module Name:

    wfpstream.h

Abstract:

    Outbound HTTP header redaction callout.  A stream-layer callout
    inspects outbound TCP data to port 80 and, when a request carries a
    configured header (by default "X-Internal-Token:"), blocks the original
    segment and injects a copy in which the header value is overwritten.

Environment:

    Kernel mode, WFP callout driver (fwpkclnt.lib, ndis.lib)

--*/

#pragma once

#define NDIS_SUPPORT_NDIS6 1

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>
#include <ntstrsafe.h>

#define WS_TAG_CONFIG       'cSfW'
#define WS_TAG_INJECT       'iSfW'
#define WS_TAG_NBL          'nSfW'

#define WS_MAX_SEGMENT      (64 * 1024)
#define WS_DEFAULT_HEADER   "X-Internal-Token:"
#define WS_MAX_HEADER       64
#define WS_HTTP_PORT        80

//
// {A1F5C2E4-6B8D-4C3A-9E7F-20B4D6E81C53}
//
DEFINE_GUID(WS_CALLOUT_STREAM_V4,
    0xa1f5c2e4, 0x6b8d, 0x4c3a, 0x9e, 0x7f, 0x20, 0xb4, 0xd6, 0xe8, 0x1c, 0x53);

//
// {D4E7A913-2C5B-4F80-B6A1-7E9C3D50F2A8}
//
DEFINE_GUID(WS_SUBLAYER,
    0xd4e7a913, 0x2c5b, 0x4f80, 0xb6, 0xa1, 0x7e, 0x9c, 0x3d, 0x50, 0xf2, 0xa8);

//
// Initialization stages, in order.  WsTeardown switches on the last stage
// reached and falls through to undo every earlier one.
//

typedef enum _WS_STAGE {
    WsStageNone = 0,
    WsStageDevice,
    WsStageNdisObject,
    WsStageNblPool,
    WsStageInjection,
    WsStageCalloutRegistered,
    WsStageFiltersAdded
} WS_STAGE;

typedef struct _WS_GLOBALS {

    WS_STAGE                Stage;

    PDEVICE_OBJECT          DeviceObject;
    PNDIS_GENERIC_OBJECT    NdisObject;
    NDIS_HANDLE             NblPool;
    HANDLE                  InjectionHandle;
    UINT32                  CalloutIdV4;
    HANDLE                  EngineHandle;       // dynamic session

    CHAR                    Header[WS_MAX_HEADER];
    SIZE_T                  HeaderLength;

    volatile LONG           Inspected;
    volatile LONG           Redacted;
    volatile LONG           InjectFailures;

} WS_GLOBALS, *PWS_GLOBALS;

extern WS_GLOBALS WsGlobals;

//
// Per-injection bookkeeping, freed by the injection completion routine.
//

typedef struct _WS_INJECT_CONTEXT {
    PVOID   Buffer;         // WS_TAG_INJECT
    PMDL    Mdl;
    SIZE_T  Length;
} WS_INJECT_CONTEXT, *PWS_INJECT_CONTEXT;

//
// Tracing.  WS_BREAK_IF_FAILED is meant for the do { } while (0) blocks
// used by the init routines: it logs and leaves the block.
//

#define WS_TRACE(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfpstream: " _fmt "\n", __VA_ARGS__)

#define WS_BREAK_IF_FAILED(_status, _what)                                   \
    if (!NT_SUCCESS(_status)) {                                              \
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                  \
                   "wfpstream: %s failed 0x%08X\n", (_what), (_status));      \
        break;                                                               \
    }

//
// driver.c
//

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WsUnload;

//
// callout.c
//

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WsRegisterCallout(
    _In_ PWS_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WsAddFilters(
    _In_ PWS_GLOBALS Globals
    );

//
// inject.c
//

//
// Takes ownership of Data (nonpaged, WS_TAG_INJECT) on every path.
//
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
WsInjectRedacted(
    _In_ PWS_GLOBALS Globals,
    _In_ UINT64 FlowHandle,
    _In_ UINT16 LayerId,
    _In_ UINT32 StreamFlags,
    _In_ __drv_aliasesMem PUCHAR Data,
    _In_ SIZE_T Length
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
BOOLEAN
WsRedactHeader(
    _In_ PWS_GLOBALS Globals,
    _Inout_updates_bytes_(Length) PUCHAR Data,
    _In_ SIZE_T Length
    );
