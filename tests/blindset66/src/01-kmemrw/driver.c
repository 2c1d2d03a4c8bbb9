//
// driver.c - entry/unload for kmemrw
//
#include "common.h"

PDEVICE_OBJECT g_DeviceObject = NULL;
PVOID          g_Scratch = NULL;

static UNICODE_STRING g_DevName;
static UNICODE_STRING g_SymLink;
static BOOLEAN        g_SymLinkCreated = FALSE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KmUnload;
DRIVER_DISPATCH   KmDispatchCreateClose;
DRIVER_DISPATCH   KmDispatchUnsupported;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmUnload)
#endif

NTSTATUS
KmDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
KmDispatchUnsupported(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_SUPPORTED;
}

VOID
KmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LOG("unloading...");

    if (g_Scratch != NULL) {
        ExFreePoolWithTag(g_Scratch, KMEMRW_TAG);
        g_Scratch = NULL;
    }

    if (g_DeviceObject != NULL) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }

    LOG("bye");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    LOG("hello world! (built " __DATE__ " " __TIME__ ")");

    RtlInitUnicodeString(&g_DevName, DEVICE_NAME);
    RtlInitUnicodeString(&g_SymLink, SYMLINK_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &g_DevName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_SymLink, &g_DevName);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        goto fail;
    }
    g_SymLinkCreated = TRUE;

    //
    // scratch buffer so we don't have to allocate on every ioctl
    //
    g_Scratch = ExAllocatePoolWithTag(NonPagedPoolNx, SCRATCH_SIZE, KMEMRW_TAG);
    if (g_Scratch == NULL) {
        LOG_ERR("no memory for scratch buffer");
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }
    KmInitIoctl();

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KmDispatchUnsupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = KmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmDispatchIoctl;
    DriverObject->DriverUnload = KmUnload;

    g_DeviceObject->Flags |= DO_BUFFERED_IO;
    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("ready, device %p", g_DeviceObject);
    return STATUS_SUCCESS;

fail:
    if (g_SymLinkCreated) {
        IoDeleteSymbolicLink(&g_SymLink);
        g_SymLinkCreated = FALSE;
    }
    return status;
}
