/*
 * regaudit.sys - records completed registry writes / deletes for the
 * audit collector (pulls with IOCTL_RA_FETCH)
 */
#include "regaudit.h"

RA_CONTEXT g_Ra;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RaUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   RaCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   RaDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RaUnload)
#endif

static NTSTATUS
RaCloneString(_Out_ PUNICODE_STRING Dst, _In_ PCUNICODE_STRING Src)
{
    USHORT cb = Src->Length + sizeof(WCHAR);       /* keep it NUL terminated */

    Dst->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, RA_TAG_PATH);
    if (Dst->Buffer == NULL) {
        Dst->Length = Dst->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Dst->Length = 0;
    Dst->MaximumLength = cb;
    RtlCopyUnicodeString(Dst, Src);
    return STATUS_SUCCESS;
}

static VOID
RaSaveCounters(VOID)
{
    ULONG audited = g_Ra.Audited;

    if (g_Ra.ServiceKey.Buffer == NULL) {
        return;
    }
    (VOID)RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Ra.ServiceKey.Buffer,
                                L"LastAuditCount", REG_DWORD, &audited, sizeof(audited));
}

NTSTATUS
RaCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RaDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_RA_FETCH) {
        ULONG max = sl->Parameters.DeviceIoControl.OutputBufferLength / sizeof(RA_RECORD);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = RaFetch((PRA_RECORD)Irp->AssociatedIrp.SystemBuffer, max);
            info = (ULONG_PTR)n * sizeof(RA_RECORD);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RaUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RA_DOS_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* 1. no more callbacks (CmUnRegisterCallback waits for running ones) */
    RaStopMonitor();

    /* 2. queue and its node cache */
    RaFlushQueue();
    if (g_Ra.NodeCacheReady) {
        ExDeleteNPagedLookasideList(&g_Ra.NodeCache);
        g_Ra.NodeCacheReady = FALSE;
    }

    RaSaveCounters();

    /* 3. user-mode entry points */
    if (g_Ra.SymlinkCreated) {
        IoDeleteSymbolicLink(&dosName);
        g_Ra.SymlinkCreated = FALSE;
    }
    if (g_Ra.Device != NULL) {
        IoDeleteDevice(g_Ra.Device);
        g_Ra.Device = NULL;
    }

    /* 4. our private copy of the service key path */
    if (g_Ra.ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(g_Ra.ServiceKey.Buffer, RA_TAG_PATH);
        RtlZeroMemory(&g_Ra.ServiceKey, sizeof(g_Ra.ServiceKey));
    }

    RA_PRINT("unloaded");
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(RA_DEVICE_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(RA_DOS_NAME);

    RtlZeroMemory(&g_Ra, sizeof(g_Ra));

    status = RaCloneString(&g_Ra.ServiceKey, RegistryPath);
    if (!NT_SUCCESS(status)) {
        RA_FAIL("clone registry path", status);
        return status;
    }

    /* queue state first, the callback may fire as soon as it is registered */
    ExInitializeNPagedLookasideList(&g_Ra.NodeCache, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(RA_NODE), RA_TAG, 0);
    g_Ra.NodeCacheReady = TRUE;
    KeInitializeSpinLock(&g_Ra.QueueLock);
    InitializeListHead(&g_Ra.Queue);

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Ra.Device);
    if (!NT_SUCCESS(status)) {
        RA_FAIL("IoCreateDevice", status);
        goto cleanup_cache;
    }
    g_Ra.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        RA_FAIL("IoCreateSymbolicLink", status);
        goto cleanup_device;
    }
    g_Ra.SymlinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RaDeviceControl;
    DriverObject->DriverUnload                         = RaUnload;

    status = RaStartMonitor(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto cleanup_link;
    }

    g_Ra.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    RA_PRINT("monitoring, service key %wZ", &g_Ra.ServiceKey);
    return STATUS_SUCCESS;

cleanup_link:
    IoDeleteSymbolicLink(&dosName);
    g_Ra.SymlinkCreated = FALSE;
cleanup_device:
    IoDeleteDevice(g_Ra.Device);
    g_Ra.Device = NULL;
cleanup_cache:
    ExDeleteNPagedLookasideList(&g_Ra.NodeCache);
    g_Ra.NodeCacheReady = FALSE;
    ExFreePoolWithTag(g_Ra.ServiceKey.Buffer, RA_TAG_PATH);
    RtlZeroMemory(&g_Ra.ServiceKey, sizeof(g_Ra.ServiceKey));
    return status;
}
