/*
 * hndlwatch - minifilter that tracks writes per open handle (stream
 * handle context) and reports "handle closed after N writes" events to
 * a user-mode reader through an inverted-call IOCTL queue (IoCsq).
 */
#pragma once

#include <fltKernel.h>

#define HW_TAG              'hWnH'
#define HW_CTX_TAG          'cWnH'
#define HW_MAX_NAME         260

#define HW_DEVICE_NAME      L"\\Device\\HndlWatch"
#define HW_LINK_NAME        L"\\DosDevices\\HndlWatch"

#define IOCTL_HW_GET_EVENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define HW_LOG(fmt, ...)    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "hndlwatch: " fmt "\n", __VA_ARGS__)
#define HW_ERR(fmt, ...)    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL, "hndlwatch: ERROR " fmt "\n", __VA_ARGS__)

typedef struct _HW_EVENT {
    ULONG       ProcessId;
    ULONG       Writes;
    ULONGLONG   Bytes;
    WCHAR       Name[HW_MAX_NAME];
} HW_EVENT, *PHW_EVENT;

typedef struct _HW_HANDLE_CTX {
    ULONG       ProcessId;
    volatile LONG   Writes;
    volatile LONG64 Bytes;
    USHORT      NameLength;             /* bytes */
    WCHAR       Name[HW_MAX_NAME];
} HW_HANDLE_CTX, *PHW_HANDLE_CTX;

typedef struct _HW_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;

    IO_CSQ          Csq;
    KSPIN_LOCK      CsqLock;
    LIST_ENTRY      PendingIrps;

    volatile LONG   Dropped;
} HW_GLOBALS;

extern HW_GLOBALS Globals;

/* main.c */
NTSTATUS HwUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

/* control.c */
NTSTATUS HwControlInit(_In_ PDRIVER_OBJECT DriverObject);
VOID     HwControlUninit(VOID);
VOID     HwCsqInit(VOID);
VOID     HwCsqFlush(_In_opt_ PFILE_OBJECT FileObject);
BOOLEAN  HwDeliverEvent(_In_ PHW_EVENT Event);

/* filter.c */
extern const FLT_REGISTRATION HwFilterRegistration;
