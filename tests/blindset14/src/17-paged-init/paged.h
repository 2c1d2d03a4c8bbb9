/*
 * paged.h - PagedDemo: N little devices, a lookaside list and a shutdown
 * notification, set up by a table of INIT-section steps.
 */
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define PD_TAG              'dgaP'
#define PD_MAX_DEVICES      8
#define PD_DEFAULT_DEVICES  3

#define IOCTL_PD_STAMP  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PD_STAMP {
    ULONG           DeviceIndex;
    ULONG           Sequence;
    LARGE_INTEGER   Time;
} PD_STAMP, *PPD_STAMP;

typedef struct _PD_DEVICE_EXTENSION {
    ULONG           Index;
    volatile LONG   Opens;
    UNICODE_STRING  LinkName;
    WCHAR           LinkBuffer[48];
} PD_DEVICE_EXTENSION, *PPD_DEVICE_EXTENSION;

typedef struct _PD_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    ULONG               DeviceCount;        /* from the registry, clamped */
    LOOKASIDE_LIST_EX   Stamps;
    PDEVICE_OBJECT      Devices[PD_MAX_DEVICES];
    ULONG               Created;
    ULONG               StepsDone;
    volatile LONG       Sequence;
} PD_GLOBALS;

extern PD_GLOBALS g_Pd;

/* one initialization step and the routine that takes it back */
typedef NTSTATUS PD_INIT_ROUTINE(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
typedef VOID PD_UNDO_ROUTINE(VOID);

typedef struct _PD_STEP {
    PCSTR               Name;
    PD_INIT_ROUTINE*    Init;       /* INIT section: DriverEntry only */
    PD_UNDO_ROUTINE*    Undo;       /* PAGE section: also used by unload */
} PD_STEP;

/* init.c */
NTSTATUS PdRunInitSteps(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);
VOID PdRunUndoSteps(VOID);

/* dispatch.c */
DRIVER_DISPATCH PdCreateClose;
DRIVER_DISPATCH PdIoctl;
DRIVER_DISPATCH PdShutdown;
