#ifndef KBDREMAP_H
#define KBDREMAP_H

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddkbd.h>
#include <ntdd8042.h>
#include <wdf.h>

#define KR_PRINT(_x_)   KdPrint(_x_)

#define KR_MAX_MAP      16

/* scan codes (set 1, make codes) */
#define SC_CAPSLOCK     0x3A
#define SC_LCTRL        0x1D
#define SC_ESC          0x01

typedef struct _KR_MAP_ENTRY {
    USHORT From;
    USHORT To;
} KR_MAP_ENTRY;

typedef struct _KR_SETTINGS {
    ULONG        Enabled;
    ULONG        Count;
    KR_MAP_ENTRY Map[KR_MAX_MAP];
} KR_SETTINGS;

typedef struct _DEVICE_EXTENSION {
    WDFDEVICE       Device;
    CONNECT_DATA    UpperConnectData;
    ULONG           KeysSeen;
    ULONG           KeysRemapped;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_EXTENSION, FilterGetData)

extern KR_SETTINGS g_Settings;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KrEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL KrEvtIoInternalDeviceControl;

VOID KrLoadSettings(_In_ WDFDRIVER Driver);

VOID
KrServiceCallback(
    _In_    PDEVICE_OBJECT       DeviceObject,
    _In_    PKEYBOARD_INPUT_DATA InputDataStart,
    _In_    PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG               InputDataConsumed
    );

#endif
