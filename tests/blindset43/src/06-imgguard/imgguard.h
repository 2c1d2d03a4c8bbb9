#pragma once

#include <ntddk.h>

#define IG_DEVICE_NAME      L"\\Device\\ImgGuard"
#define IG_LINK_NAME        L"\\DosDevices\\ImgGuard"
#define IG_ALTITUDE         L"328810"
#define IG_MAX_HITS         64

#define IOCTL_IG_SET_TARGET CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_IG_GET_HITS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LOG(x, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "imgguard: " x "\n", __VA_ARGS__)

#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE        0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME   0x0002
#endif
#ifndef THREAD_GET_CONTEXT
#define THREAD_GET_CONTEXT      0x0008
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT      0x0010
#endif

typedef struct _IG_HIT {
    ULONG   ProcessId;
    ULONG   Kernel;         /* 1 = driver image */
    WCHAR   Path[200];
} IG_HIT, *PIG_HIT;

typedef struct _IG_GLOBALS {
    PDEVICE_OBJECT  Device;
    BOOLEAN         LinkCreated;
    BOOLEAN         ImageNotifyOn;
    BOOLEAN         Active;
    PVOID           ObHandle;

    KSPIN_LOCK      Lock;           /* protects everything below */
    HANDLE          TargetPid;
    ULONG           HitCount;
    ULONG           HitNext;
    IG_HIT          Hits[IG_MAX_HITS];
} IG_GLOBALS;

extern IG_GLOBALS g_Ig;

/* image.c */
VOID IgLoadImageNotify(_In_opt_ PUNICODE_STRING FullImageName,
                       _In_ HANDLE ProcessId,
                       _In_ PIMAGE_INFO ImageInfo);

/* obguard.c */
NTSTATUS IgStartHandleGuard(VOID);
VOID     IgStopHandleGuard(VOID);
