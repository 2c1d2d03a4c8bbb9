/*
 * pwrbtn.c - DriverEntry, AddDevice and unload of pwrbtn. The dispatch
 * table is filled by PbInitDispatch() in dispatch.c.
 *
 * BUG (WDM002): PbInitDispatch() sets create/close, device control and
 * power, but PbPnp (written, declared, never stored) is missing from the
 * table, while AddDevice is registered here. The device starts (the PnP
 * manager falls back to failing the IRPs) but can never be stopped or
 * removed cleanly: every IRP_MJ_PNP fails with STATUS_INVALID_DEVICE_REQUEST.
 */

#include <ntddk.h>
#include "pwrbtn.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PbAddDevice)
#pragma alloc_text(PAGE, PbUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PbInitDispatch(DriverObject);

    DriverObject->DriverExtension->AddDevice = PbAddDevice;
    DriverObject->DriverUnload = PbUnload;

    return STATUS_SUCCESS;                              // expect: WDM002
}

_Use_decl_annotations_
NTSTATUS
PbAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo;
    PPWRBTN_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(PWRBTN_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PPWRBTN_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    ext->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PbUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
}
