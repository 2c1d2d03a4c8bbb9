// main.cpp - procguard
//
// Logs process and thread creation and refuses to start images whose
// path ends with one of the names in the service key's "Blocked"
// REG_MULTI_SZ. Linked with /INTEGRITYCHECK.
#include <ntddk.h>
#include "Events.h"
#include "trace.h"

#define PG_DEVICE_NAME  L"\\Device\\ProcGuard"
#define PG_LINK_NAME    L"\\??\\ProcGuard"

using pg::Events;
using pg::BlockList;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT g_Device = nullptr;

void OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);

    if (!Info) {
        Events::Add(PgProcessExit, Pid, nullptr, nullptr);
        return;
    }

    if (BlockList::Matches(Info->ImageFileName)) {
        TraceInfo("blocking %wZ (pid %p)", Info->ImageFileName, Pid);
        Info->CreationStatus = STATUS_ACCESS_DENIED;
        Events::Add(PgProcessBlocked, Pid, nullptr, Info->ImageFileName);
        return;
    }
    Events::Add(PgProcessCreate, Pid, nullptr, Info->ImageFileName);
}

void OnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create)
{
    Events::Add(Create ? PgThreadCreate : PgThreadExit, Pid, Tid, nullptr);
}

NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

DRIVER_DISPATCH PgCreateClose;
NTSTATUS PgCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

DRIVER_DISPATCH PgRead;
NTSTATUS PgRead(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Read.Length;

    if (len < sizeof(PG_EVENT)) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }
    return Complete(Irp, STATUS_SUCCESS, Events::Read(Irp->AssociatedIrp.SystemBuffer, len));
}

DRIVER_UNLOAD PgUnload;
void PgUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PG_LINK_NAME);

    // callbacks first: once these return no notify routine is running
    PsRemoveCreateThreadNotifyRoutine(OnThread);
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    Events::Destroy();
    BlockList::Free();
    TraceInfo("%s", "unloaded");
}

} // namespace

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PG_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(PG_LINK_NAME);
    NTSTATUS status;

    TraceInfo("DriverEntry %wZ", RegistryPath);

    RETURN_IF_FAILED(BlockList::Load(RegistryPath), exit);

    Events::Init();

    RETURN_IF_FAILED(IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                    FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device),
                     undo_events);
    g_Device->Flags |= DO_BUFFERED_IO;

    RETURN_IF_FAILED(IoCreateSymbolicLink(&link, &devName), undo_device);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = PgRead;
    DriverObject->DriverUnload = PgUnload;

    // everything the callbacks touch is ready, now hook them up
    RETURN_IF_FAILED(PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE), undo_link);
    RETURN_IF_FAILED(PsSetCreateThreadNotifyRoutine(OnThread), undo_process);

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    TraceInfo("%s", "ready");
    return STATUS_SUCCESS;

undo_process:
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
undo_link:
    IoDeleteSymbolicLink(&link);
undo_device:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
undo_events:
    Events::Destroy();
    BlockList::Free();
exit:
    return status;
}
