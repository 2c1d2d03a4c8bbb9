/*
 * pager.c - "pager", a legacy WDM driver of a paging-terminal controller,
 * split in two files. Each keeps a file-scope `static ULONG Steps` of its
 * own: this one records which setup steps DriverEntry completed, for its
 * cleanup; link.c's records what the transport layer opened. Internal
 * linkage makes them two variables: link.c clearing its word on start does
 * not clear this one.
 *
 * Conforming: the cleanup deletes the symbolic link when this file's word
 * says it was created (DE006, DE011).
 */

#include <ntddk.h>
#include "pager.h"

#define STEP_DEVICE 0x1
#define STEP_LINK   0x2

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PgUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PgCreateClose;

static ULONG Steps;
static PDEVICE_OBJECT PgDevice;
static UNICODE_STRING PgName = RTL_CONSTANT_STRING(L"\\Device\\Pager");
static UNICODE_STRING PgLink = RTL_CONSTANT_STRING(L"\\DosDevices\\Pager");

_Use_decl_annotations_
NTSTATUS
PgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
PgCleanup(VOID)
{
    if (Steps & STEP_LINK) {
        IoDeleteSymbolicLink(&PgLink);
    }
    if (Steps & STEP_DEVICE) {
        IoDeleteDevice(PgDevice);
    }
    Steps = 0;
}

_Use_decl_annotations_
VOID
PgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PgLinkStop();
    PgCleanup();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Steps = 0;
    status = IoCreateDevice(DriverObject, 0, &PgName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &PgDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Steps |= STEP_DEVICE;

    status = IoCreateSymbolicLink(&PgLink, &PgName);
    if (!NT_SUCCESS(status)) {
        PgCleanup();
        return status;
    }
    Steps |= STEP_LINK;

    status = PgLinkStart();
    if (!NT_SUCCESS(status)) {
        PgCleanup();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PgCreateClose;
    DriverObject->DriverUnload = PgUnload;
    PgDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
