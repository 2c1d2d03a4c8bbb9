//
// kmemctl - tiny KMDF helper driver for reading/writing game memory.
// For learning purposes only. Use on your own machine / test VM.
//
#pragma once

#include <ntifs.h>
#include <wdf.h>
#include <wdmsec.h>

#define KM_TAG              'mmeK'
#define KM_DEVICE_NAME      L"\\Device\\KMemCtl"
#define KM_SYMLINK_NAME     L"\\DosDevices\\KMemCtl"
#define KM_GAME_IMAGE       L"\\Game-Win64-Shipping.exe"
#define KM_MAX_COPY         (64 * 1024)

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kmem] " fmt "\n", __VA_ARGS__)

#define CHECK(st, what)                                                     \
    do {                                                                    \
        if (!NT_SUCCESS(st)) {                                              \
            LOG("%s failed: 0x%08X", what, (st));                           \
            return (st);                                                    \
        }                                                                   \
    } while (0)

//
// IOCTL interface (shared with the usermode overlay)
//
#define KM_IOCTL(n) CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + (n), METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_KMEM_READ         KM_IOCTL(1)
#define IOCTL_KMEM_WRITE        KM_IOCTL(2)
#define IOCTL_KMEM_GET_GAME     KM_IOCTL(3)

#pragma pack(push, 8)
typedef struct _KM_COPY_REQUEST {
    ULONG64 ProcessId;
    ULONG64 Address;
    ULONG   Size;
    ULONG   Reserved;
    // for IOCTL_KMEM_WRITE the data follows the header
} KM_COPY_REQUEST, *PKM_COPY_REQUEST;

typedef struct _KM_GAME_INFO {
    ULONG64 ProcessId;
    ULONG64 ImageBase;
    ULONG64 ImageSize;
} KM_GAME_INFO, *PKM_GAME_INFO;
#pragma pack(pop)

//
// Driver wide state
//
typedef struct _KM_GLOBALS {
    WDFDEVICE   ControlDevice;

    FAST_MUTEX  GameLock;
    HANDLE      GamePid;
    PVOID       GameBase;
    SIZE_T      GameSize;

    BOOLEAN     ProcNotifyOn;
    BOOLEAN     ImageNotifyOn;
} KM_GLOBALS, *PKM_GLOBALS;

extern KM_GLOBALS g_Km;

//
// callbacks.c
//
NTSTATUS CbInstall(VOID);
VOID     CbRemove(VOID);

//
// ioctl.c
//
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmEvtIoDeviceControl;
