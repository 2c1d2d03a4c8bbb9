/*
 * filetrace.sys - records process/thread events into a ring buffer that a
 * user-mode tool reads through \\.\FileTrace. Main file: DriverEntry/unload.
 */
#include "27-filetrace.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FtUnload;
DRIVER_DISPATCH FtDispatch;

static VOID
FtProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    FtRecord(Create ? 1 : 2);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\FileTrace");
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\FileTrace");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FtAllocateGlobals(128 * 1024);
    if (!NT_SUCCESS(status)) {
        KdPrint(("filetrace: FtAllocateGlobals failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Ft.Device);
    if (!NT_SUCCESS(status)) {
        FtFreeGlobals();
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Ft.Device);
        g_Ft.Device = NULL;
        FtFreeGlobals();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(FtProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_Ft.Device);
        g_Ft.Device = NULL;
        FtFreeGlobals();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FtDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FtDispatch;
    DriverObject->MajorFunction[IRP_MJ_READ] = FtDispatch;
    DriverObject->DriverUnload = FtUnload;
    g_Ft.Device->Flags |= DO_BUFFERED_IO;
    g_Ft.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
FtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\FileTrace");

    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutine(FtProcessNotify, TRUE);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Ft.Device);
    g_Ft.Device = NULL;
    FtFreeGlobals();
}

NTSTATUS
FtDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_READ) {
        ULONG want = sp->Parameters.Read.Length / sizeof(FT_EVENT);
        KeAcquireSpinLock(&g_Ft.Ring->Lock, &irql);
        if (want > g_Ft.Ring->Count) {
            want = g_Ft.Ring->Count;
        }
        // oldest-first copy is left for later; newest block only
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Ft.Ring->Events, want * sizeof(FT_EVENT));
        KeReleaseSpinLock(&g_Ft.Ring->Lock, irql);
        info = want * sizeof(FT_EVENT);
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
