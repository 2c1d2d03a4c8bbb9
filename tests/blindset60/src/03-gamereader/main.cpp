//
// main.cpp - GameReader
//
// Read-only memory access for the ESP overlay, because OpenProcess gets
// stripped by the anti-cheat. Based on the "kernel cheats part 2" video but
// with a device + IOCTL instead of the shared-memory hack.
//
#include "gamereader.h"
#include "shared.h"

using namespace gr;

PDEVICE_OBJECT  Globals::Device            = nullptr;
PERESOURCE      Globals::CacheLock         = nullptr;
PKEVENT         Globals::ModuleEvent       = nullptr;
HANDLE          Globals::ModuleEventHandle = nullptr;
volatile HANDLE Globals::TargetPid         = nullptr;
PVOID           Globals::ModuleBase        = nullptr;
SIZE_T          Globals::ModuleSize        = 0;
bool            Globals::SymLink           = false;
bool            Globals::ImageNotify       = false;

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

static NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack  = IoGetCurrentIrpStackLocation(Irp);
    auto& dic   = stack->Parameters.DeviceIoControl;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    switch (dic.IoControlCode) {
    case IOCTL_GR_SET_TARGET: {
        if (dic.InputBufferLength < sizeof(GR_TARGET)) { status = STATUS_BUFFER_TOO_SMALL; break; }
        auto t = static_cast<GR_TARGET*>(buffer);
        SetTarget(ULongToHandle(static_cast<ULONG>(t->Pid)));
        status = STATUS_SUCCESS;
        break;
    }
    case IOCTL_GR_READ: {
        if (dic.InputBufferLength < sizeof(GR_READ_REQUEST)) { status = STATUS_BUFFER_TOO_SMALL; break; }
        auto req = *static_cast<GR_READ_REQUEST*>(buffer);   // copy, same buffer is used for output
        if (req.Size == 0 || req.Size > GR_MAX_READ || dic.OutputBufferLength < req.Size) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        SIZE_T got = 0;
        status = ReadProcessMemory(ULongToHandle(static_cast<ULONG>(req.Pid)),
                                   reinterpret_cast<PVOID>(req.Address), buffer, req.Size, &got);
        info = got;
        break;
    }
    case IOCTL_GR_GET_MODULE: {
        if (dic.OutputBufferLength < sizeof(GR_MODULE_INFO)) { status = STATUS_BUFFER_TOO_SMALL; break; }
        PVOID base; SIZE_T size;
        GetModule(&base, &size);
        auto out = static_cast<GR_MODULE_INFO*>(buffer);
        out->Base = reinterpret_cast<ULONG_PTR>(base);
        out->Size = size;
        info = sizeof(GR_MODULE_INFO);
        status = base ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return Complete(Irp, status, info);
}

static void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = RTL_CONSTANT_STRING(GR_SYMLINK);

    LOG("unloading");

    if (Globals::ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        Globals::ImageNotify = false;
    }

    // done with the event, drop it
    if (Globals::ModuleEvent) {
        ObDereferenceObject(Globals::ModuleEvent);
        Globals::ModuleEvent = nullptr;
    }

    if (Globals::SymLink) {
        IoDeleteSymbolicLink(&link);
        Globals::SymLink = false;
    }
    if (Globals::Device) {
        IoDeleteDevice(Globals::Device);
        Globals::Device = nullptr;
    }

    if (Globals::CacheLock) {
        ExFreePoolWithTag(Globals::CacheLock, GR_TAG);
        Globals::CacheLock = nullptr;
    }
    LOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(GR_DEVICE);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(GR_SYMLINK);
    UNICODE_STRING evName  = RTL_CONSTANT_STRING(GR_EVENT);

    LOG("DriverEntry, built %s %s", __DATE__, __TIME__);

    // ERESOURCE must be nonpaged and 8-byte aligned -> pool, not a global
    Globals::CacheLock = static_cast<PERESOURCE>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ERESOURCE), GR_TAG));
    if (!Globals::CacheLock) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ExInitializeResourceLite(Globals::CacheLock);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(Globals::CacheLock, GR_TAG);
        Globals::CacheLock = nullptr;
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    auto rollback = [&]() {
        if (Globals::ImageNotify) {
            PsRemoveLoadImageNotifyRoutine(OnImageLoad);
            Globals::ImageNotify = false;
        }
        if (Globals::ModuleEventHandle) {
            ZwClose(Globals::ModuleEventHandle);
            Globals::ModuleEventHandle = nullptr;
            Globals::ModuleEvent = nullptr;
        }
        if (Globals::SymLink) {
            IoDeleteSymbolicLink(&link);
            Globals::SymLink = false;
        }
        if (Globals::Device) {
            IoDeleteDevice(Globals::Device);
            Globals::Device = nullptr;
        }
        ExDeleteResourceLite(Globals::CacheLock);
        ExFreePoolWithTag(Globals::CacheLock, GR_TAG);
        Globals::CacheLock = nullptr;
    };

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &Globals::Device);
        if (!NT_SUCCESS(status)) {
            LOG("IoCreateDevice failed 0x%08X", status);
            break;
        }
        Globals::Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&link, &devName);
        if (!NT_SUCCESS(status)) {
            LOG("IoCreateSymbolicLink failed 0x%08X", status);
            break;
        }
        Globals::SymLink = true;

        // overlay waits on Global\GameReaderModuleReady
        Globals::ModuleEvent = IoCreateNotificationEvent(&evName, &Globals::ModuleEventHandle);
        if (!Globals::ModuleEvent) {
            LOG("IoCreateNotificationEvent failed");
            status = STATUS_UNSUCCESSFUL;
            break;
        }
        KeClearEvent(Globals::ModuleEvent);   // it is created signaled

        status = PsSetLoadImageNotifyRoutine(OnImageLoad);
        if (!NT_SUCCESS(status)) {
            LOG("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
            break;
        }
        Globals::ImageNotify = true;
    } while (false);

    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }

    LOG("ready");
    return STATUS_SUCCESS;
}
