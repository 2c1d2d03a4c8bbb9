#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

//
// memlook - hands out fixed-size scratch blocks from a WDF lookaside list to
// user mode via IOCTLs, mostly to watch lookaside behaviour under load.
//

#define MEMLOOK_TAG                 'kLmM'
#define MEMLOOK_DEFAULT_BLOCK       512
#define MEMLOOK_DEFAULT_MAX_BLOCKS  256
#define MEMLOOK_MAX_BLOCK           (64 * 1024)

#define IOCTL_MEMLOOK_ALLOC    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMLOOK_FREE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMLOOK_CONFIG   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x852, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifdef DBG
#define MLOG(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "memlook: " __VA_ARGS__)
#else
#define MLOG(...)   ((void)0)
#endif

struct MEMLOOK_CONFIG {
    ULONG BlockSize;
    ULONG MaxBlocks;
    LONG  Outstanding;
    ULONG Failures;
};

// one slot per outstanding block; the cookie handed to user mode is the slot index + 1
struct MEMLOOK_SLOT {
    WDFMEMORY Memory;
    ULONG     Generation;
};

struct MEMLOOK_DEVICE_CONTEXT {
    WDFSPINLOCK  SlotLock;
    MEMLOOK_SLOT Slots[MEMLOOK_DEFAULT_MAX_BLOCKS];
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(MEMLOOK_DEVICE_CONTEXT, MemLookGetDeviceContext)

class MemLook {
public:
    static MEMLOOK_CONFIG* s_Config;
    static WDFLOOKASIDE    s_Lookaside;
    static WDFDEVICE       s_Control;

    static void     LoadConfig(WDFDRIVER Driver);
    static NTSTATUS CreateControlDevice(WDFDRIVER Driver);
    static NTSTATUS CreateLookaside(WDFDRIVER Driver);

    static EVT_WDF_OBJECT_CONTEXT_CLEANUP     OnDriverCleanup;
    static EVT_WDF_DRIVER_UNLOAD              OnUnload;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;
};
