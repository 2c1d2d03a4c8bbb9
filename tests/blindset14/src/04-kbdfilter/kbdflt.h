/*
 * kbdflt.h - KbdPeek, a legacy keyboard class filter that keeps the last
 * scan codes in a ring buffer and hands them out through a control device.
 */
#ifndef KBDFLT_H
#define KBDFLT_H

#include <ntddk.h>
#include <ntddkbd.h>
#include <ntstrsafe.h>

#define KF_TAG            'pdbK'
#define KF_MAX_CLASSES    8
#define KF_RING_ENTRIES   256

#define IOCTL_KF_READ_KEYS  CTL_CODE(FILE_DEVICE_KEYBOARD, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

/* how far initialization got; teardown starts from here and falls down */
typedef enum _KF_STATE {
    KfNothing = 0,
    KfRing,
    KfFilters,
    KfControl,
    KfReady
} KF_STATE;

typedef struct _KF_EXTENSION {
    BOOLEAN         IsControl;
    ULONG           Slot;           /* index in g_Kf.Filters */
    PDEVICE_OBJECT  Lower;
} KF_EXTENSION, *PKF_EXTENSION;

typedef struct _KF_GLOBALS {
    KF_STATE                State;
    PDEVICE_OBJECT          Control;
    PDEVICE_OBJECT          Filters[KF_MAX_CLASSES];
    ULONG                   FilterCount;
    volatile LONG           PendingReads;
    KSPIN_LOCK              RingLock;
    PKEYBOARD_INPUT_DATA    Ring;
    ULONG                   RingHead;
    ULONG                   RingCount;
} KF_GLOBALS;

extern KF_GLOBALS g_Kf;
extern UNICODE_STRING g_KfLinkName;

#define KF_LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "kbdpeek: " __VA_ARGS__)

/* dispatch.c */
DRIVER_DISPATCH KfPassThrough;
DRIVER_DISPATCH KfRead;
DRIVER_DISPATCH KfPower;
DRIVER_DISPATCH KfPnp;
DRIVER_DISPATCH KfDeviceControl;
VOID KfDetachAll(VOID);

#endif
