/*
 * kwfpctl - KMDF based WFP callout: "stealth mode" that drops inbound ICMP
 * and counts inbound accepts. Toggled from user mode with an IOCTL on
 * \\.\KwfpCtl.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#pragma warning(push)
#pragma warning(disable:4201)
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define KWFP_DEVICE_NAME    L"\\Device\\KwfpCtl"
#define KWFP_SYMLINK_NAME   L"\\DosDevices\\KwfpCtl"

#define IOCTL_KWFP_SET_STEALTH  CTL_CODE(FILE_DEVICE_NETWORK, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KWFP_GET_STATS    CTL_CODE(FILE_DEVICE_NETWORK, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KLOG(lvl, fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, lvl, "kwfpctl: " fmt "\n", __VA_ARGS__)
#define KINFO(fmt, ...)     KLOG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define KERR(fmt, ...)      KLOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define TRY(expr, msg)                                              \
    do {                                                            \
        status = (expr);                                            \
        if (!NT_SUCCESS(status)) { KERR("%s: 0x%08X", msg, status); goto Exit; } \
    } while (0)

typedef struct _KWFP_STATS {
    LONG64  Accepts;
    LONG64  IcmpDropped;
    ULONG   Stealth;
} KWFP_STATS, *PKWFP_STATS;

typedef struct _KWFP_GLOBALS {
    WDFDEVICE       ControlDevice;
    UINT32          CalloutId;
    HANDLE          Engine;
    UINT64          FilterId;
    volatile LONG   Stealth;
    KWFP_STATS      Stats;
} KWFP_GLOBALS;

extern KWFP_GLOBALS g_Kwfp;

/* device.c */
NTSTATUS KwfpCreateControlDevice(_In_ WDFDRIVER Driver);

/* callout.c */
NTSTATUS KwfpRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject);
VOID     KwfpUnregisterCallout(VOID);
NTSTATUS KwfpAddFilters(VOID);
VOID     KwfpRemoveFilters(VOID);
