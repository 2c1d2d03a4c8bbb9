/*
 * wblock - disk upper filter that makes selected disks read-only
 * (forensics write blocker, research prototype)
 */
#pragma once

#include <ntddk.h>
#include <ntdddisk.h>

#define WB_TAG          'kBlW'
#define WB_EXT_KEY      ((PVOID)(ULONG_PTR)WbDriverExtensionKey)

#define WbPrint(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "wblock: " fmt "\n", __VA_ARGS__)

typedef struct _WB_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;       /* copy of our service key path */
    BOOLEAN         BlockByDefault;     /* Parameters\BlockByDefault */
    volatile LONG   DeviceCount;
} WB_DRIVER_EXTENSION, *PWB_DRIVER_EXTENSION;

typedef struct _WB_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;
    PDEVICE_OBJECT  Pdo;
    IO_REMOVE_LOCK  RemoveLock;
    BOOLEAN         BlockWrites;
    volatile LONG   BlockedWrites;
} WB_DEVICE_EXTENSION, *PWB_DEVICE_EXTENSION;

extern const UCHAR WbDriverExtensionKey[1];

/* filter.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   WbAddDevice;
DRIVER_UNLOAD       WbUnload;
DRIVER_DISPATCH     WbDispatchWrite;
DRIVER_DISPATCH     WbDispatchDeviceControl;

/* pnp.c */
DRIVER_DISPATCH     WbDispatchPassThrough;
DRIVER_DISPATCH     WbDispatchPower;
NTSTATUS            WbHandlePnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
