//
// procguard.sys - keeps a small table of live processes and their thread
// counts, exposed to user mode through \\.\ProcGuard.
//
#include "tracker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

static DRIVER_UNLOAD   PgUnload;
static DRIVER_DISPATCH PgCreateClose;
static DRIVER_DISPATCH PgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace {
    UNICODE_STRING g_DeviceName  = RTL_CONSTANT_STRING(PG_DEVICE_NAME);
    UNICODE_STRING g_SymLinkName = RTL_CONSTANT_STRING(PG_SYMLINK_NAME);
    PDEVICE_OBJECT g_Device      = nullptr;
}

_Use_decl_annotations_
NTSTATUS PgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);
    return pg::CompleteIrp(Irp, STATUS_SUCCESS);
}

_Use_decl_annotations_
NTSTATUS PgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic  = stack->Parameters.DeviceIoControl;
    ULONG_PTR info = 0;
    NTSTATUS status;

    switch (dic.IoControlCode) {
    case IOCTL_PG_GET_STATS:
        if (dic.OutputBufferLength < sizeof(PG_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ProcessTracker::Snapshot(static_cast<PG_STATS*>(Irp->AssociatedIrp.SystemBuffer));
        info   = sizeof(PG_STATS);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PG_CLEAR:
        ProcessTracker::Clear();
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return pg::CompleteIrp(Irp, status, info);
}

_Use_decl_annotations_
void PgUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    PGLOG("unloading");

    // stop the callbacks first, they touch the tracker
    PsRemoveCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(ProcessTracker::OnProcessNotify, TRUE);

    ProcessTracker::Shutdown();

    IoDeleteSymbolicLink(&g_SymLinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    PGLOG("DriverEntry, built " __DATE__ " " __TIME__);

    // Hook process creation as early as possible so that nothing which
    // starts while we load slips through.
    status = PsSetCreateProcessNotifyRoutineEx(ProcessTracker::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PGERR("PsSetCreateProcessNotifyRoutineEx: 0x%08X (image linked with /INTEGRITYCHECK?)", status);
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        PGERR("PsSetCreateThreadNotifyRoutine: 0x%08X", status);
        return status;
    }

    status = ProcessTracker::Initialize();
    if (!NT_SUCCESS(status)) {
        PGERR("tracker init: 0x%08X", status);
        PsRemoveCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify);
        PsSetCreateProcessNotifyRoutineEx(ProcessTracker::OnProcessNotify, TRUE);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        PGERR("IoCreateDevice: 0x%08X", status);
        goto undo_callbacks;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_SymLinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        PGERR("IoCreateSymbolicLink: 0x%08X", status);
        goto undo_device;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDeviceControl;
    DriverObject->DriverUnload                         = PgUnload;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    PGLOG("loaded");
    return STATUS_SUCCESS;

undo_device:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

undo_callbacks:
    PsRemoveCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(ProcessTracker::OnProcessNotify, TRUE);
    ProcessTracker::Shutdown();
    return status;
}
