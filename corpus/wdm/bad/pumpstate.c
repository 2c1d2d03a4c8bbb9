/*
 * pumpstate.c - a legacy WDM driver of an infusion-pump monitor. Its device
 * extension keeps a state word, set with InterlockedExchange and read back
 * through an accessor that returns it as the PUMP_STATE enumeration.
 * DriverEntry's failure path releases the sample buffer unless the state
 * says the release already happened.
 *
 * Violating: the failure path compares the state with PumpArmed, not
 * PumpReleased, so the buffer the state says is armed is never freed (DE006).
 */

#include <ntddk.h>

#define PUMP_TAG 'pmuP'

typedef enum _PUMP_STATE {
    PumpIdle = 0,
    PumpArmed,
    PumpReleased
} PUMP_STATE;

typedef struct _PUMP_EXTENSION {
    volatile LONG State;
    PUCHAR        Samples;
} PUMP_EXTENSION, *PPUMP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PumpUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PumpCreateClose;

static UNICODE_STRING PumpDeviceName = RTL_CONSTANT_STRING(L"\\Device\\PumpMonitor");
static UNICODE_STRING PumpLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\PumpMonitor");

static PUMP_STATE
PumpGetState(PPUMP_EXTENSION Ext)
{
    return (PUMP_STATE)Ext->State;
}

static VOID
PumpSetState(PPUMP_EXTENSION Ext, PUMP_STATE State)
{
    InterlockedExchange(&Ext->State, (LONG)State);
}

static VOID
PumpRelease(PPUMP_EXTENSION Ext)
{
    ExFreePoolWithTag(Ext->Samples, PUMP_TAG);
    Ext->Samples = NULL;
    PumpSetState(Ext, PumpReleased);
}

_Use_decl_annotations_
NTSTATUS
PumpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PumpUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PPUMP_EXTENSION ext = (PPUMP_EXTENSION)device->DeviceExtension;

    IoDeleteSymbolicLink(&PumpLinkName);
    if (PumpGetState(ext) != PumpReleased) {
        PumpRelease(ext);
    }
    IoDeleteDevice(device);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    PDEVICE_OBJECT device = NULL;
    PPUMP_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(PUMP_EXTENSION), &PumpDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PPUMP_EXTENSION)device->DeviceExtension;
    PumpSetState(ext, PumpIdle);
    ext->Samples = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, 4096, PUMP_TAG);
    if (ext->Samples == NULL) {
        IoDeleteDevice(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PumpSetState(ext, PumpArmed);

    status = IoCreateSymbolicLink(&PumpLinkName, &PumpDeviceName);
    if (!NT_SUCCESS(status)) {
        if (PumpGetState(ext) != PumpArmed) {
            PumpRelease(ext);
        }
        IoDeleteDevice(device);
        return status; // expect: DE006
    }

    DriverObject->DriverUnload = PumpUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PumpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PumpCreateClose;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
