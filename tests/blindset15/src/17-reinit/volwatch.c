/*
 * volwatch - boot-start helper that waits for a volume device to show up
 * (it may be created by a later driver group) and keeps a reference to it.
 */
#include "volwatch.h"

VW_GLOBALS g_Vw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_REINITIALIZE VwReinitialize;
DRIVER_UNLOAD VwUnload;
DRIVER_DISPATCH VwCreateClose;
DRIVER_DISPATCH VwIoctl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VwReinitialize)
#pragma alloc_text(PAGE, VwUnload)
#endif

NTSTATUS VwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS VwIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_VW_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VW_QUERY_OUTPUT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PVW_QUERY_OUTPUT out = (PVW_QUERY_OUTPUT)Irp->AssociatedIrp.SystemBuffer;
            ExAcquireFastMutex(&g_Vw.Lock);
            out->TargetFound = (g_Vw.TargetDevice != NULL);
            out->Attempts = g_Vw.Attempts;
            out->TargetDeviceType = g_Vw.TargetDevice ? g_Vw.TargetDevice->DeviceType : 0;
            ExReleaseFastMutex(&g_Vw.Lock);
            info = sizeof(VW_QUERY_OUTPUT);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS VwTryOpenTarget(VOID)
{
    PFILE_OBJECT file;
    PDEVICE_OBJECT device;
    NTSTATUS status;

    ExAcquireFastMutex(&g_Vw.Lock);
    status = IoGetDeviceObjectPointer(&g_Vw.Params.TargetName, FILE_READ_ATTRIBUTES, &file, &device);
    if (status >= 0) {
        g_Vw.TargetFile = file;
        g_Vw.TargetDevice = device;
    }
    ExReleaseFastMutex(&g_Vw.Lock);
    return status;
}

VOID VwReinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    PVW_REINIT_CONTEXT ctx = (PVW_REINIT_CONTEXT)Context;
    VW_PARAMS fresh;
    NTSTATUS status;

    PAGED_CODE();

    ctx->Attempts = Count;

    /* The SYSTEM hive may have been updated by setup since DriverEntry ran. */
    if (CfgReadParameters(ctx->RegistryPath, &fresh) >= 0) {
        ExAcquireFastMutex(&g_Vw.Lock);
        CfgFree(&g_Vw.Params);
        g_Vw.Params = fresh;
        ExReleaseFastMutex(&g_Vw.Lock);
    }

    status = VwTryOpenTarget();
    g_Vw.Attempts = ctx->Attempts;

    if (status >= 0) {
        KdPrint(("volwatch: %wZ present after %lu passes\n", &g_Vw.Params.TargetName, Count));
        return;
    }

    if (Count < g_Vw.Params.MaxAttempts) {
        IoRegisterDriverReinitialization(DriverObject, VwReinitialize, Context);
    } else {
        KdPrint(("volwatch: giving up on %wZ (0x%08X)\n", &g_Vw.Params.TargetName, status));
    }
}

VOID VwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(VW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Vw.TargetFile != NULL) {
        ObDereferenceObject(g_Vw.TargetFile);
        g_Vw.TargetFile = NULL;
        g_Vw.TargetDevice = NULL;
    }

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Vw.Control);

    CfgFree(&g_Vw.Params);
    ExFreePoolWithTag(g_Vw.RegistryPath.Buffer, VW_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(VW_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(VW_LINK_NAME);
    VW_REINIT_CONTEXT reinit;
    NTSTATUS status;

    RtlZeroMemory(&g_Vw, sizeof(g_Vw));
    ExInitializeFastMutex(&g_Vw.Lock);

    g_Vw.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_Vw.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                     g_Vw.RegistryPath.MaximumLength, VW_TAG);
    if (g_Vw.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Vw.RegistryPath, RegistryPath);

    status = CfgReadParameters(&g_Vw.RegistryPath, &g_Vw.Params);
    if (status < 0) {
        KdPrint(("volwatch: no Parameters (0x%08X), using defaults\n", status));
        status = CfgDefaults(&g_Vw.Params);
        if (status < 0) {
            goto FreePath;
        }
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Vw.Control);
    if (status < 0) {
        goto FreeParams;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (status < 0) {
        goto DeleteDevice;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VwIoctl;
    DriverObject->DriverUnload = VwUnload;

    reinit.RegistryPath = &g_Vw.RegistryPath;
    reinit.Attempts = 0;
    IoRegisterDriverReinitialization(DriverObject, VwReinitialize, &reinit);

    return STATUS_SUCCESS;

DeleteDevice:
    IoDeleteDevice(g_Vw.Control);
FreeParams:
    CfgFree(&g_Vw.Params);
FreePath:
    ExFreePoolWithTag(g_Vw.RegistryPath.Buffer, VW_TAG);
    return status;
}
