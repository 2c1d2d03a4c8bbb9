#pragma once
#include <ntddk.h>

//
// iotrace - generic WDM upper filter that counts IRPs per major function
// on whatever device stack it is installed on (UpperFilters).
//

#define IOT_TAG   'rTOI'

#define IOT_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "iotrace: " fmt "\n", __VA_ARGS__)

typedef struct _IOT_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Pdo;
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    volatile LONG  Counts[IRP_MJ_MAXIMUM_FUNCTION + 1];
    LARGE_INTEGER  AttachTime;
} IOT_EXTENSION, *PIOT_EXTENSION;

DRIVER_ADD_DEVICE IotAddDevice;
DRIVER_DISPATCH IotPassThrough;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH IotDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH IotDispatchPower;

VOID IotDumpCounters(_In_ PIOT_EXTENSION Ext);
