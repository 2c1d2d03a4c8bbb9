/*
 * imgmon.h - image load / thread creation monitor
 */
#ifndef IMGMON_H
#define IMGMON_H

#include <ntddk.h>

#define IMGMON_TAG          'nMgI'
#define IMGMON_DEVICE       L"\\Device\\ImgMon"
#define IMGMON_LINK         L"\\??\\ImgMon"
#define IMGMON_RING_SLOTS   128
#define IMGMON_NAME_CCH     128

#define IOCTL_IMGMON_GET_STATS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_IMGMON_GET_RECENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IM_TRACE(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "imgmon: " fmt "\n", __VA_ARGS__)
#define IM_ERROR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "imgmon: " fmt "\n", __VA_ARGS__)

typedef struct _IMGMON_STATS {
    LONG    ImagesLoaded;
    LONG    KernelImages;
    LONG    ThreadsCreated;
    LONG    ThreadsExited;
} IMGMON_STATS, *PIMGMON_STATS;

typedef struct _IMGMON_RECORD {
    ULONG   ProcessId;
    ULONG   Flags;              // 1 = kernel image
    PVOID   ImageBase;
    SIZE_T  ImageSize;
    WCHAR   Name[IMGMON_NAME_CCH];
} IMGMON_RECORD, *PIMGMON_RECORD;

typedef struct _IMGMON_STATE {
    PDEVICE_OBJECT  Device;
    BOOLEAN         LinkCreated;
    BOOLEAN         ImageNotifySet;
    BOOLEAN         ThreadNotifySet;

    IMGMON_STATS    Stats;

    KSPIN_LOCK      RingLock;
    PIMGMON_RECORD  Ring;           // IMGMON_RING_SLOTS entries, nonpaged
    ULONG           RingNext;
    ULONG           RingUsed;
} IMGMON_STATE;

extern IMGMON_STATE g_Im;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       ImUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH     ImDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH     ImDispatchIoctl;

VOID ImLoadImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);
VOID ImThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);

#endif
