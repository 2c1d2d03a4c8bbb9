//
// EvtLog - process start/exit and image load logger.
// Records go to a ring buffer, a client drains it with ReadFile on \\.\EvtLog.
//
#include "ring.h"
#include <ntstrsafe.h>

using el::EventRing;

namespace {

struct DriverState {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  RegistryPath;       // our own copy
    bool            RingReady;
    bool            LinkCreated;
    bool            ProcessNotify;
    bool            ImageNotify;
};

DriverState g_State;

void CopyName(WCHAR (&dest)[EL_NAME_CHARS], PCUNICODE_STRING src)
{
    dest[0] = L'\0';
    if (!src || !src->Buffer || !src->Length) {
        return;
    }
    size_t chars = src->Length / sizeof(WCHAR);
    PCWSTR start = src->Buffer;
    if (chars >= EL_NAME_CHARS) {
        start += chars - (EL_NAME_CHARS - 1);
        chars = EL_NAME_CHARS - 1;
    }
    RtlStringCchCopyNW(dest, EL_NAME_CHARS, start, chars);
}

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    EL_EVENT ev = {};
    KeQuerySystemTimePrecise(&ev.Timestamp);
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo) {
        ev.Type = EventType::ProcessStart;
        ev.ParentProcessId = HandleToULong(CreateInfo->ParentProcessId);
        CopyName(ev.Name, CreateInfo->ImageFileName);
    } else {
        ev.Type = EventType::ProcessExit;
    }
    EventRing::Push(ev);
}

void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    EL_EVENT ev = {};
    KeQuerySystemTimePrecise(&ev.Timestamp);
    ev.Type = EventType::ImageLoad;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ImageBase = reinterpret_cast<ULONG_PTR>(ImageInfo->ImageBase);
    ev.ImageSize = ImageInfo->ImageSize;
    CopyName(ev.Name, FullImageName);
    EventRing::Push(ev);
}

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

// Undo everything that is marked as done, newest first.
// Used both by a failing DriverEntry and by DriverUnload.
void Teardown()
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(EL_SYMLINK);

    if (g_State.ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        g_State.ImageNotify = false;
    }
    if (g_State.ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        g_State.ProcessNotify = false;
    }
    if (g_State.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_State.LinkCreated = false;
    }
    if (g_State.Device) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
    }
    if (g_State.RingReady) {
        EventRing::Destroy();
        g_State.RingReady = false;
    }
    if (g_State.RegistryPath.Buffer) {
        ExFreePoolWithTag(g_State.RegistryPath.Buffer, EL_TAG);
        RtlZeroMemory(&g_State.RegistryPath, sizeof(g_State.RegistryPath));
    }
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS ElCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

_Dispatch_type_(IRP_MJ_READ)
static NTSTATUS ElRead(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG maxEvents = stack->Parameters.Read.Length / sizeof(EL_EVENT);

    if (maxEvents == 0) {
        return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    auto out = static_cast<EL_EVENT*>(Irp->AssociatedIrp.SystemBuffer);
    const ULONG got = EventRing::Pop(out, maxEvents);
    return CompleteIrp(Irp, STATUS_SUCCESS, ULONG_PTR(got) * sizeof(EL_EVENT));
}

static void ElUnload(PDRIVER_OBJECT)
{
    EL_TRACE("unloading %wZ, %lu records dropped", &g_State.RegistryPath, EventRing::Dropped());
    Teardown();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(EL_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(EL_SYMLINK);
    NTSTATUS status;

    RtlZeroMemory(&g_State, sizeof(g_State));

    // RegistryPath is only valid during DriverEntry - keep a private copy
    const USHORT cb = static_cast<USHORT>(RegistryPath->Length + sizeof(WCHAR));
    g_State.RegistryPath.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, cb, EL_TAG));
    if (!g_State.RegistryPath.Buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_State.RegistryPath.MaximumLength = cb;
    RtlCopyUnicodeString(&g_State.RegistryPath, RegistryPath);

    DriverObject->DriverUnload = ElUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ElCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ElCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = ElRead;

    do {
        // state first: the callbacks push into the ring from the moment they are registered
        status = EventRing::Init(EL_CAPACITY);
        if (!NT_SUCCESS(status)) {
            EL_ERROR("EventRing::Init 0x%08X", status);
            break;
        }
        g_State.RingReady = true;

        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
        if (!NT_SUCCESS(status)) {
            EL_ERROR("IoCreateDevice 0x%08X", status);
            break;
        }
        g_State.Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&link, &devName);
        if (!NT_SUCCESS(status)) {
            EL_ERROR("IoCreateSymbolicLink 0x%08X", status);
            break;
        }
        g_State.LinkCreated = true;

        status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
        if (!NT_SUCCESS(status)) {
            EL_ERROR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
            break;
        }
        g_State.ProcessNotify = true;

        status = PsSetLoadImageNotifyRoutine(OnImageLoad);
        if (!NT_SUCCESS(status)) {
            EL_ERROR("PsSetLoadImageNotifyRoutine 0x%08X", status);
            break;
        }
        g_State.ImageNotify = true;

    } while (false);

    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }

    g_State.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    EL_TRACE("loaded from %wZ", &g_State.RegistryPath);
    return STATUS_SUCCESS;
}
