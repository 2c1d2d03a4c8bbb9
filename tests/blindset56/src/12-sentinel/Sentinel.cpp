//
// Sentinel: process / thread / image telemetry, read through \\.\Sentinel
//
#include "sentinel.h"

using namespace sentinel;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_Link = RTL_CONSTANT_STRING(SENTINEL_LINK);

NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteRequest(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS OnDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto  sp     = IoGetCurrentIrpStackLocation(Irp);
    auto  buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SENTINEL_READ: {
        if (outLen < sizeof(EventRecord)) {
            return CompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        ULONG n = EventStore::Read(static_cast<EventRecord*>(buffer), outLen / sizeof(EventRecord));
        return CompleteRequest(Irp, STATUS_SUCCESS, n * sizeof(EventRecord));
    }
    case IOCTL_SENTINEL_STATS:
        if (outLen < sizeof(Stats)) {
            return CompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        EventStore::GetStats(static_cast<Stats*>(buffer));
        return CompleteRequest(Irp, STATUS_SUCCESS, sizeof(Stats));
    }

    return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

void OnUnload(PDRIVER_OBJECT DriverObject)
{
    SLOG("unloading");

    // stop the producers first, each Remove waits for callbacks in flight
    PsRemoveLoadImageNotifyRoutine(OnImage);
    PsRemoveCreateThreadNotifyRoutine(OnThread);
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                       reinterpret_cast<PVOID>(OnProcess), TRUE);

    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(DriverObject->DeviceObject);

    EventStore::Destroy();
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(SENTINEL_DEVICE);
    PDEVICE_OBJECT device  = nullptr;
    NTSTATUS       status;

    // the store must exist before the first notify routine can fire
    EventStore::Init();
    auto undoStore = MakeScopeExit([] { EventStore::Destroy(); });

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        SERR("IoCreateDevice 0x%08X", status);
        return status;
    }
    auto undoDevice = MakeScopeExit([&device] { IoDeleteDevice(device); });
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Link, &devName);
    if (!NT_SUCCESS(status)) {
        SERR("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    auto undoLink = MakeScopeExit([] { IoDeleteSymbolicLink(&g_Link); });

    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                reinterpret_cast<PVOID>(OnProcess), FALSE);
    if (!NT_SUCCESS(status)) {
        SERR("PsSetCreateProcessNotifyRoutineEx2 0x%08X", status);
        return status;
    }
    auto undoProcess = MakeScopeExit([] {
        PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                           reinterpret_cast<PVOID>(OnProcess), TRUE);
    });

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        SERR("PsSetCreateThreadNotifyRoutine 0x%08X", status);
        return status;
    }
    auto undoThread = MakeScopeExit([] { PsRemoveCreateThreadNotifyRoutine(OnThread); });

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        SERR("PsSetLoadImageNotifyRoutine 0x%08X", status);
        return status;
    }

    // everything is in place, keep it
    undoThread.Dismiss();
    undoProcess.Dismiss();
    undoLink.Dismiss();
    undoDevice.Dismiss();
    undoStore.Dismiss();

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload                         = OnUnload;

    device->Flags &= ~DO_DEVICE_INITIALIZING;

    SLOG("loaded");
    return STATUS_SUCCESS;
}
