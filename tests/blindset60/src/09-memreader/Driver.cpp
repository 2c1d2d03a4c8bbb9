//
// Driver.cpp - MemReader
//
#include "Reader.h"

using namespace mr;

PDEVICE_OBJECT Globals::Device            = nullptr;
UNICODE_STRING Globals::ServiceKey        = {};
PERESOURCE     Globals::Lock              = nullptr;
PKEVENT        Globals::ModuleEvent       = nullptr;
HANDLE         Globals::ModuleEventHandle = nullptr;
HANDLE         Globals::TargetPid         = nullptr;
PVOID          Globals::ModuleBase        = nullptr;
SIZE_T         Globals::ModuleSize        = 0;

namespace {

NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS OnDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto& dic = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl;
    auto  buf = Irp->AssociatedIrp.SystemBuffer;

    switch (dic.IoControlCode) {
    case IOCTL_MR_ATTACH:
        if (dic.InputBufferLength < sizeof(MR_ATTACH))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        return Complete(Irp, Attach(ULongToHandle(static_cast<ULONG>(static_cast<MR_ATTACH*>(buf)->Pid))));

    case IOCTL_MR_READ: {
        if (dic.InputBufferLength < sizeof(MR_COPY))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        MR_COPY req = *static_cast<MR_COPY*>(buf);
        if (req.Size == 0 || req.Size > MR_MAX_COPY || dic.OutputBufferLength < req.Size)
            return Complete(Irp, STATUS_INVALID_PARAMETER);
        SIZE_T copied = 0;
        NTSTATUS st = Read(ULongToHandle(static_cast<ULONG>(req.Pid)),
                           reinterpret_cast<PVOID>(req.Address), buf, req.Size, &copied);
        return Complete(Irp, st, copied);
    }

    case IOCTL_MR_MODULE:
        if (dic.OutputBufferLength < sizeof(MR_MODULE))
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        if (!QueryModule(static_cast<MR_MODULE*>(buf)))
            return Complete(Irp, STATUS_NOT_FOUND);
        return Complete(Irp, STATUS_SUCCESS, sizeof(MR_MODULE));
    }
    return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

void OnUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(MR_SYMLINK);

    MR_LOG("unload");

    // callbacks first: they use the lock and the event
    PsRemoveLoadImageNotifyRoutine(OnImageLoad);
    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);

    ZwClose(Globals::ModuleEventHandle);
    Globals::ModuleEventHandle = nullptr;
    Globals::ModuleEvent = nullptr;

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(Globals::Device);
    Globals::Device = nullptr;

    ExDeleteResourceLite(Globals::Lock);
    ExFreePoolWithTag(Globals::Lock, MR_TAG);
    Globals::Lock = nullptr;

    ExFreePoolWithTag(Globals::ServiceKey.Buffer, MR_TAG);
    RtlZeroMemory(&Globals::ServiceKey, sizeof(Globals::ServiceKey));
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(MR_DEVICE);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(MR_SYMLINK);
    UNICODE_STRING evName  = RTL_CONSTANT_STRING(MR_EVENT);
    NTSTATUS status;

    MR_LOG("DriverEntry %wZ", RegistryPath);

    //
    // 1. our own copy of the service key (the one we get goes away)
    //
    Globals::ServiceKey.Buffer = static_cast<PWCH>(
        ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length + sizeof(WCHAR), MR_TAG));
    if (Globals::ServiceKey.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Globals::ServiceKey.MaximumLength = static_cast<USHORT>(RegistryPath->Length + sizeof(WCHAR));
    RtlCopyUnicodeString(&Globals::ServiceKey, RegistryPath);
    auto keyGuard = MakeGuard([] {
        ExFreePoolWithTag(Globals::ServiceKey.Buffer, MR_TAG);
        RtlZeroMemory(&Globals::ServiceKey, sizeof(Globals::ServiceKey));
    });

    //
    // 2. lock for the module cache
    //
    Globals::Lock = static_cast<PERESOURCE>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), MR_TAG));
    if (Globals::Lock == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ExInitializeResourceLite(Globals::Lock);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(Globals::Lock, MR_TAG);
        Globals::Lock = nullptr;
        return status;
    }
    auto lockGuard = MakeGuard([] {
        ExDeleteResourceLite(Globals::Lock);
        ExFreePoolWithTag(Globals::Lock, MR_TAG);
        Globals::Lock = nullptr;
    });

    //
    // 3. device + link
    //
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Globals::Device);
    if (!NT_SUCCESS(status)) {
        MR_ERR("IoCreateDevice 0x%08X", status);
        return status;
    }
    auto deviceGuard = MakeGuard([] {
        IoDeleteDevice(Globals::Device);
        Globals::Device = nullptr;
    });
    Globals::Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        MR_ERR("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    auto linkGuard = MakeGuard([&link] { IoDeleteSymbolicLink(&link); });

    //
    // 4. named event for the overlay (Global\MemReaderModule)
    //
    Globals::ModuleEvent = IoCreateNotificationEvent(&evName, &Globals::ModuleEventHandle);
    if (Globals::ModuleEvent == nullptr) {
        MR_ERR("IoCreateNotificationEvent failed");
        return STATUS_UNSUCCESSFUL;
    }
    KeClearEvent(Globals::ModuleEvent);
    auto eventGuard = MakeGuard([] {
        ZwClose(Globals::ModuleEventHandle);
        Globals::ModuleEventHandle = nullptr;
        Globals::ModuleEvent = nullptr;
    });

    //
    // 5. callbacks, last: everything they touch exists now
    //
    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        MR_ERR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        return status;
    }
    auto procGuard = MakeGuard([] { PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE); });

    status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (!NT_SUCCESS(status)) {
        MR_ERR("PsSetLoadImageNotifyRoutine 0x%08X", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload = OnUnload;

    procGuard.Dismiss();
    eventGuard.Dismiss();
    linkGuard.Dismiss();
    deviceGuard.Dismiss();
    lockGuard.Dismiss();
    keyGuard.Dismiss();

    MR_LOG("ready");
    return STATUS_SUCCESS;
}
