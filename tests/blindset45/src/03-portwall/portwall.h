/*
 * portwall - blocks outbound connects to a short list of TCP ports.
 *
 * Layering:  driver.c  -> device + module sequencing
 *            callout.c -> FWPS callouts (classify/notify)
 *            bfe.c     -> FWPM session, sublayer, callouts, filters
 */
#pragma once

#define NDIS630 1
#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable:4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define PW_TAG  'lWwP'

#define PW_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "[portwall] " fmt "\n", __VA_ARGS__)
#define PW_ERROR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[portwall] ERROR " fmt "\n", __VA_ARGS__)

/* {6F1C2D3A-8E55-4B0B-A7C1-2A9D3E0F4411} */
DEFINE_GUID(PW_SUBLAYER_KEY,
    0x6f1c2d3a, 0x8e55, 0x4b0b, 0xa7, 0xc1, 0x2a, 0x9d, 0x3e, 0x0f, 0x44, 0x11);
/* {6F1C2D3A-8E55-4B0B-A7C1-2A9D3E0F4412} */
DEFINE_GUID(PW_CALLOUT_V4_KEY,
    0x6f1c2d3a, 0x8e55, 0x4b0b, 0xa7, 0xc1, 0x2a, 0x9d, 0x3e, 0x0f, 0x44, 0x12);
/* {6F1C2D3A-8E55-4B0B-A7C1-2A9D3E0F4413} */
DEFINE_GUID(PW_CALLOUT_V6_KEY,
    0x6f1c2d3a, 0x8e55, 0x4b0b, 0xa7, 0xc1, 0x2a, 0x9d, 0x3e, 0x0f, 0x44, 0x13);

typedef struct _PW_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  DeviceObject;

    UINT32          CalloutIdV4;
    UINT32          CalloutIdV6;

    HANDLE          EngineHandle;
    UINT64          FilterIdV4;
    UINT64          FilterIdV6;

    volatile LONG   Blocked;
} PW_GLOBALS;

extern PW_GLOBALS Globals;

/* callout.c */
NTSTATUS PwCalloutsInit(_In_ PDEVICE_OBJECT DeviceObject);
VOID     PwCalloutsUninit(VOID);

/* bfe.c */
NTSTATUS PwBfeInit(VOID);
VOID     PwBfeUninit(VOID);
