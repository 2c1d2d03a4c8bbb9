// driver.cpp - proctrace: logs process creation/exit, user tool reads them
//
// build: WDK, /INTEGRITYCHECK is set in the project so the Ex notify works
#include <ntddk.h>
#include "common.h"
#include "ProcTracker.h"

using pt::ProcTracker;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD     PtUnload;
static DRIVER_DISPATCH   PtCreateClose;
static DRIVER_DISPATCH   PtRead;
static DRIVER_DISPATCH   PtDeviceControl;

namespace {
    PDEVICE_OBJECT g_Device = nullptr;

    NTSTATUS Complete(PIRP irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
    {
        irp->IoStatus.Status = status;
        irp->IoStatus.Information = info;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    }
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName  = RTL_CONSTANT_STRING(PT_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PT_SYMLINK_NAME);
    NTSTATUS status;

    PT_LOG("DriverEntry %wZ", RegistryPath);

    DriverObject->DriverUnload = PtUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = PtRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PtDeviceControl;

    status = ProcTracker::Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        PT_ERR("IoCreateDevice 0x%X", status);
        ProcTracker::Shutdown();
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = PT_REGISTER_NOTIFY(ProcTracker::OnProcessNotify);
    if (!NT_SUCCESS(status)) {
        // STATUS_ACCESS_DENIED here means the linker flag is missing
        PT_ERR("PsSetCreateProcessNotifyRoutineEx 0x%X", status);
        IoDeleteDevice(g_Device);
        ProcTracker::Shutdown();
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        PT_ERR("IoCreateSymbolicLink 0x%X", status);
        IoDeleteDevice(g_Device);
        ProcTracker::Shutdown();
        return status;
    }

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    PT_LOG("ready");
    return STATUS_SUCCESS;
}

static void PtUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PT_SYMLINK_NAME);

    PT_UNREGISTER_NOTIFY(ProcTracker::OnProcessNotify);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    ProcTracker::Shutdown();
    PT_LOG("unloaded");
}

static NTSTATUS PtCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return Complete(Irp);
}

static NTSTATUS PtRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto len = stack->Parameters.Read.Length;

    if (len < sizeof(PT_EVENT_RECORD)) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }

    auto bytes = ProcTracker::Drain(Irp->AssociatedIrp.SystemBuffer, len);
    return Complete(Irp, STATUS_SUCCESS, bytes);
}

static NTSTATUS PtDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_PT_CLEAR:
        ProcTracker::Clear();
        return Complete(Irp);

    case IOCTL_PT_GET_COUNT:
        if (dic.OutputBufferLength < sizeof(LONG)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        *static_cast<LONG*>(Irp->AssociatedIrp.SystemBuffer) = ProcTracker::Count();
        return Complete(Irp, STATUS_SUCCESS, sizeof(LONG));

    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}
