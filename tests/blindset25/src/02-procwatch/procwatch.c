/*
 * procwatch.c - DriverEntry, unload and the IRP handlers
 */
#include "procwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PwDeviceControl;

static NTSTATUS PwComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PwComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS: {
        ULONG max = outLen / sizeof(PW_EVENT_RECORD);
        ULONG got;

        if (max == 0) {
            return PwComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        got = PwDrainEvents((PPW_EVENT_RECORD)buffer, max);
        return PwComplete(Irp, STATUS_SUCCESS, got * sizeof(PW_EVENT_RECORD));
    }
    case IOCTL_PW_GET_STATS:
        if (outLen < sizeof(PW_STATS)) {
            return PwComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(buffer, &g_Pw.Stats, sizeof(PW_STATS));
        return PwComplete(Irp, STATUS_SUCCESS, sizeof(PW_STATS));
    default:
        break;
    }
    return PwComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PW_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    PsRemoveCreateThreadNotifyRoutine(PwOnThreadNotify);
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                       (PVOID)PwOnProcessNotify, TRUE);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Pw.DeviceObject);

    PwFreeEventQueue();

    PW_LOG("unloaded (%ld processes, %ld images seen)",
           g_Pw.Stats.ProcessCreates, g_Pw.Stats.ImageLoads);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PW_LINK_NAME);
    BOOLEAN linkCreated = FALSE;
    BOOLEAN processNotify = FALSE;
    BOOLEAN threadNotify = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));
    InitializeListHead(&g_Pw.Queue);
    KeInitializeSpinLock(&g_Pw.QueueLock);

    DriverObject->DriverUnload = PwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pw.DeviceObject);
        if (!NT_SUCCESS(status)) {
            PW_LOG("IoCreateDevice failed 0x%08X", status);
            break;
        }
        g_Pw.DeviceObject->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (!NT_SUCCESS(status)) {
            PW_LOG("IoCreateSymbolicLink failed 0x%08X", status);
            break;
        }
        linkCreated = TRUE;

        status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                    (PVOID)PwOnProcessNotify, FALSE);
        if (!NT_SUCCESS(status)) {
            PW_LOG("process notify failed 0x%08X (forgot /INTEGRITYCHECK?)", status);
            break;
        }
        processNotify = TRUE;

        status = PsSetCreateThreadNotifyRoutine(PwOnThreadNotify);
        if (!NT_SUCCESS(status)) {
            PW_LOG("thread notify failed 0x%08X", status);
            break;
        }
        threadNotify = TRUE;

        status = PsSetLoadImageNotifyRoutine(PwOnImageNotify);
        if (!NT_SUCCESS(status)) {
            PW_LOG("image notify failed 0x%08X", status);
            break;
        }
    } while (0);

    if (!NT_SUCCESS(status)) {
        if (threadNotify) {
            PsRemoveCreateThreadNotifyRoutine(PwOnThreadNotify);
        }
        if (processNotify) {
            PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                               (PVOID)PwOnProcessNotify, TRUE);
        }
        if (linkCreated) {
            IoDeleteSymbolicLink(&linkName);
        }
        if (g_Pw.DeviceObject != NULL) {
            IoDeleteDevice(g_Pw.DeviceObject);
            g_Pw.DeviceObject = NULL;
        }
        /* don't fail the load, makes it easier to "sc stop" / retry while testing */
        return STATUS_SUCCESS;
    }

    g_Pw.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    PW_LOG("loaded");
    return STATUS_SUCCESS;
}
