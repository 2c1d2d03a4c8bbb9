//
// proclist: remembers the last 1024 process creations; ProcList.exe reads
// them through \\.\ProcList, the \\.\ProcListAdmin device can also clear.
//
#include "proclist.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;
DRIVER_DISPATCH PlCreateClose;
DRIVER_DISPATCH PlIoctl;

PL_STATE g_Pl;

static const struct {
    PCWSTR Device;
    PCWSTR Link;
} g_Names[PL_DEVICE_COUNT] = {
    { L"\\Device\\ProcList",      L"\\??\\ProcList" },
    { L"\\Device\\ProcListAdmin", L"\\??\\ProcListAdmin" },
};

static VOID
PlOnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    if (Info != NULL) {
        PlRecordProcess(Pid, Info);
    }
}

NTSTATUS
PlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PlIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    ULONG max;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PL_GET_RECORDS:
        max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(PL_RECORD_OUT);
        info = (ULONG_PTR)PlCopyRecords(Irp->AssociatedIrp.SystemBuffer, max) * sizeof(PL_RECORD_OUT);
        status = STATUS_SUCCESS;
        break;
    case IOCTL_PL_CLEAR:
        // only through the admin device
        if (DeviceObject == g_Pl.Devices[1]) {
            PlFreeAll();
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_ACCESS_DENIED;
        }
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

// Used by both DriverEntry's failure path and PlUnload.
static VOID
PlCleanup(VOID)
{
    UNICODE_STRING link;
    ULONG i, freed;

    if (g_Pl.Flags & PLF_NOTIFY) {
        PsSetCreateProcessNotifyRoutineEx(PlOnProcess, TRUE);
        g_Pl.Flags &= ~PLF_NOTIFY;
    }

    for (i = PL_DEVICE_COUNT; i-- > 0; ) {
        if (g_Pl.Linked[i]) {
            RtlInitUnicodeString(&link, g_Names[i].Link);
            IoDeleteSymbolicLink(&link);
            g_Pl.Linked[i] = FALSE;
        }
        if (g_Pl.Devices[i] != NULL) {
            IoDeleteDevice(g_Pl.Devices[i]);
            g_Pl.Devices[i] = NULL;
        }
    }

    freed = PlFreeAll();
    PL_LOG("released %lu records", freed);
}

VOID
PlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PlCleanup();
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING dev, link;
    PDEVICE_OBJECT devobj = NULL;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pl, sizeof(g_Pl));
    KeInitializeSpinLock(&g_Pl.Lock);
    InitializeListHead(&g_Pl.Records);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PlIoctl;

    for (i = 0; i < PL_DEVICE_COUNT; i++) {
        RtlInitUnicodeString(&dev, g_Names[i].Device);
        RtlInitUnicodeString(&link, g_Names[i].Link);

        CHECK_STATUS(IoCreateDevice(DriverObject, 0, &dev, FILE_DEVICE_UNKNOWN,
                                    FILE_DEVICE_SECURE_OPEN, FALSE, &devobj));
        g_Pl.Devices[i] = devobj;
        CHECK_STATUS(IoCreateSymbolicLink(&link, &dev));
        g_Pl.Linked[i] = TRUE;

        g_Pl.Devices[i]->Flags |= DO_BUFFERED_IO;
        g_Pl.Devices[i]->Flags &= ~DO_DEVICE_INITIALIZING;
    }

    CHECK_STATUS(PsSetCreateProcessNotifyRoutineEx(PlOnProcess, FALSE));
    g_Pl.Flags |= PLF_NOTIFY;

    DriverObject->DriverUnload = PlUnload;

Exit:
    if (!NT_SUCCESS(status)) {
        PlCleanup();
    }
    return status;
}
