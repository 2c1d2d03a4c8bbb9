/*
 * regmon - registry activity monitor with self-protection of its service key
 *
 *   sc create regmon type= kernel binPath= C:\drivers\regmon.sys
 *   sc start regmon
 *   rmcli.exe dump
 */
#include "regmon.h"

RM_GLOBALS g_Rm;

static const WCHAR g_GuardKey[] =
    L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\RegMon";

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RmIoctl;

#pragma alloc_text(INIT, DriverEntry)

NTSTATUS
RmCreateClose(
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
RmIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RM_READ:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RM_RECORD_DATA)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            info = RmCopyRecords(Irp->AssociatedIrp.SystemBuffer,
                                 sp->Parameters.DeviceIoControl.OutputBufferLength);
            status = STATUS_SUCCESS;
        }
        break;

    case IOCTL_RM_SET_GUARD:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            g_Rm.GuardEnabled = (*(PULONG)Irp->AssociatedIrp.SystemBuffer) != 0;
            RM_LOG(("regmon: guard %s\n", g_Rm.GuardEnabled ? "on" : "off"));
            status = STATUS_SUCCESS;
        }
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(RM_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    RmStopFilter();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Rm.Device);

    RmFreeRecords();

    RM_LOG(("regmon: unloaded\n"));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RM_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(RM_LINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    RM_LOG(("regmon: DriverEntry\n"));

    RtlZeroMemory(&g_Rm, sizeof(g_Rm));
    KeInitializeSpinLock(&g_Rm.RecordLock);
    InitializeListHead(&g_Rm.Records);
    RtlInitUnicodeString(&g_Rm.GuardPrefix, g_GuardKey);
    g_Rm.GuardEnabled = TRUE;

    ExInitializeNPagedLookasideList(&g_Rm.RecordPool,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(RM_RECORD),
                                    RM_TAG,
                                    0);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g_Rm.Device);
    if (!NT_SUCCESS(status)) {
        RM_LOG(("regmon: IoCreateDevice 0x%08X\n", status));
        ExDeleteNPagedLookasideList(&g_Rm.RecordPool);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        RM_LOG(("regmon: IoCreateSymbolicLink 0x%08X\n", status));
        IoDeleteDevice(g_Rm.Device);
        ExDeleteNPagedLookasideList(&g_Rm.RecordPool);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RmIoctl;
    DriverObject->DriverUnload = RmUnload;

    /* last step: from here on callbacks may fire */
    RmStartFilter(DriverObject);

    RM_LOG(("regmon: running, cookie=%I64x\n", g_Rm.Cookie.QuadPart));
    return STATUS_SUCCESS;
}
