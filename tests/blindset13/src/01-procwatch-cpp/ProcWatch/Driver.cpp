//
// Driver.cpp - ProcWatch: logs process, thread and image events into a ring
// that a user-mode viewer drains through IOCTL_PROCWATCH_READ.
//
#include <ntddk.h>
#include "InitFlags.h"
#include "Monitor.h"

#define PW_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procwatch] " fmt "\n", __VA_ARGS__)

#define IOCTL_PROCWATCH_READ \
    CTL_CODE(0x8000, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace {

InitFlags g_init = InitFlags::None;
PDEVICE_OBJECT g_device = nullptr;
UNICODE_STRING g_deviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcWatch");
UNICODE_STRING g_linkName = RTL_CONSTANT_STRING(L"\\??\\ProcWatch");

// Undo whatever g_init says is up, newest first.
void Teardown()
{
    if (Has(g_init, InitFlags::ImageNotify)) {
        PsRemoveLoadImageNotifyRoutine(pw::Monitor::OnImageLoad);
    }
    if (Has(g_init, InitFlags::ThreadNotify)) {
        PsRemoveCreateThreadNotifyRoutine(pw::Monitor::OnThread);
    }
    if (Has(g_init, InitFlags::ProcessNotify)) {
        PsSetCreateProcessNotifyRoutineEx(pw::Monitor::OnProcess, TRUE);
    }
    if (Has(g_init, InitFlags::SymLink)) {
        IoDeleteSymbolicLink(&g_linkName);
    }
    if (Has(g_init, InitFlags::Device)) {
        IoDeleteDevice(g_device);
        g_device = nullptr;
    }
    if (Has(g_init, InitFlags::EventBuffer)) {
        pw::Monitor::Events.Free();
    }
    g_init = InitFlags::None;
}

NTSTATUS Complete(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

DRIVER_UNLOAD ProcWatchUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ProcWatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ProcWatchDeviceControl;

NTSTATUS ProcWatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS ProcWatchDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    if (dic.IoControlCode != IOCTL_PROCWATCH_READ) {
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    const ULONG room = dic.OutputBufferLength / sizeof(pw::EventRecord);
    if (room == 0) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }
    auto out = static_cast<pw::EventRecord*>(Irp->AssociatedIrp.SystemBuffer);
    ULONG n = pw::Monitor::Events.Drain(out, room);
    return Complete(Irp, STATUS_SUCCESS, n * sizeof(pw::EventRecord));
}

void ProcWatchUnload(PDRIVER_OBJECT)
{
    Teardown();
    PW_LOG("unloaded%s", "");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    DriverObject->DriverUnload = ProcWatchUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProcWatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProcWatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProcWatchDeviceControl;

    do {
        status = pw::Monitor::Events.Init();
        if (!NT_SUCCESS(status)) {
            PW_LOG("ring allocation failed 0x%08X", status);
            break;
        }
        g_init |= InitFlags::EventBuffer;

        status = IoCreateDevice(DriverObject, 0, &g_deviceName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
        if (!NT_SUCCESS(status)) {
            PW_LOG("IoCreateDevice failed 0x%08X", status);
            break;
        }
        g_init |= InitFlags::Device;
        g_device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&g_linkName, &g_deviceName);
        if (!NT_SUCCESS(status)) {
            PW_LOG("IoCreateSymbolicLink failed 0x%08X", status);
            break;
        }
        g_init |= InitFlags::SymLink;

        status = PsSetCreateProcessNotifyRoutineEx(pw::Monitor::OnProcess, FALSE);
        if (!NT_SUCCESS(status)) {
            PW_LOG("process notify failed 0x%08X (linked with /INTEGRITYCHECK?)", status);
            break;
        }
        g_init |= InitFlags::ProcessNotify;

        status = PsSetCreateThreadNotifyRoutine(pw::Monitor::OnThread);
        if (!NT_SUCCESS(status)) {
            PW_LOG("thread notify failed 0x%08X", status);
            break;
        }
        g_init |= InitFlags::ThreadNotify;

        // Image events are a nice-to-have; keep running without them.
        NTSTATUS imageStatus = PsSetLoadImageNotifyRoutine(pw::Monitor::OnImageLoad);
        if (NT_SUCCESS(imageStatus)) {
            g_init |= InitFlags::ImageNotify;
        } else {
            PW_LOG("image notify unavailable 0x%08X, continuing", imageStatus);
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }

    g_device->Flags &= ~DO_DEVICE_INITIALIZING;
    PW_LOG("loaded, flags 0x%X", static_cast<ULONG>(g_init));
    return STATUS_SUCCESS;
}
