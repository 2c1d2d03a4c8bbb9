/*
 * kbdcount.h - keystroke counter
 *
 * Two device objects:
 *   - an unnamed filter attached on top of \Device\KeyboardClassN
 *   - a named control device (\\.\KbdCount) the tray app polls
 *
 * Parameters (HKLM\...\Services\kbdcount\Parameters):
 *   KeyboardIndex  REG_DWORD  which KeyboardClassN to attach to (default 0)
 */
#ifndef KBDCOUNT_H
#define KBDCOUNT_H

#include <ntddk.h>
#include <ntddkbd.h>
#include <ntstrsafe.h>

#define KC_TAG                  'tnCK'
#define KC_CONTROL_NAME         L"\\Device\\KbdCount"
#define KC_LINK_NAME            L"\\DosDevices\\KbdCount"
#define KC_CLASS_FMT            L"\\Device\\KeyboardClass%u"
#define KC_MAX_INDEX            9

#define FILE_DEVICE_KBDCOUNT    0x8B17
#define IOCTL_KC_GET_COUNT      CTL_CODE(FILE_DEVICE_KBDCOUNT, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KC_RESET          CTL_CODE(FILE_DEVICE_KBDCOUNT, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define KC_PRINT(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kbdcount: " __VA_ARGS__))
#define KC_ERROR(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbdcount: " __VA_ARGS__))

typedef enum _KC_DEVICE_KIND {
    KcKindFilter  = 0x46494C54,     /* 'FILT' */
    KcKindControl = 0x4354524C      /* 'CTRL' */
} KC_DEVICE_KIND;

typedef struct _KC_EXTENSION {
    KC_DEVICE_KIND  Kind;
    PDEVICE_OBJECT  LowerDevice;        /* filter only */
} KC_EXTENSION, *PKC_EXTENSION;

typedef struct _KC_GLOBALS {
    PDEVICE_OBJECT  Filter;
    PDEVICE_OBJECT  Control;
    volatile LONG   PendingReads;
    volatile LONG   Keys;
    ULONG           KeyboardIndex;
} KC_GLOBALS;

extern KC_GLOBALS g_Kc;

/* main.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       KcUnload;
DRIVER_DISPATCH     KcDispatch;

/* filter.c */
NTSTATUS KcAttachFilter(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Target);
VOID     KcDetachFilter(VOID);
NTSTATUS KcFilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* control.c */
NTSTATUS KcCreateControl(PDRIVER_OBJECT DriverObject);
VOID     KcDeleteControl(VOID);
NTSTATUS KcControlDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp);

#endif
