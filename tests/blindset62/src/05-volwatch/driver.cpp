//
// driver.cpp - DriverEntry, unload and the control device of volwatch
//
#include <ntddk.h>
#include <ntddstor.h>

#include "volwatch.h"

using namespace volwatch;

Globals volwatch::g_State = {};

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(VW_DEVICE_NAME);
UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(VW_LINK_NAME);

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS DispatchShutdown(PDEVICE_OBJECT, PIRP Irp)
{
    g_State.ShutdownSeen = TRUE;
    VW_TRACE("shutdown, %lu volumes known:", VolumeTable::Count());
    VolumeTable::Dump();
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_VOLWATCH_GET_COUNT) {
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) = VolumeTable::Count();
    return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(ULONG));
}

void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    VW_TRACE("unload");

    IoDeleteSymbolicLink(&g_LinkName);
    IoUnregisterPlugPlayNotificationEx(g_State.NotifyEntry);
    IoUnregisterShutdownNotification(g_State.Control);
    VolumeTable::Destroy();
    IoDeleteDevice(g_State.Control);
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_DeviceName,
                                     FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &g_State.Control);
    if (VW_FAIL(status)) {
        VW_TRACE("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoRegisterShutdownNotification(g_State.Control);
    if (VW_FAIL(status)) {
        VW_TRACE("IoRegisterShutdownNotification 0x%08X", status);
        goto fail_device;
    }

    //
    // INCLUDE_EXISTING_INTERFACES gives us the volumes that are already
    // mounted, so the table is complete from the start.
    //
    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            const_cast<GUID*>(&GUID_DEVINTERFACE_VOLUME),
                                            DriverObject,
                                            VolumeTable::OnInterfaceChange,
                                            nullptr,
                                            &g_State.NotifyEntry);
    if (VW_FAIL(status)) {
        VW_TRACE("IoRegisterPlugPlayNotification 0x%08X", status);
        goto fail_shutdown;
    }

    VolumeTable::Initialize();

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (VW_FAIL(status)) {
        VW_TRACE("IoCreateSymbolicLink 0x%08X", status);
        goto fail_shutdown;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = DispatchShutdown;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    DriverObject->DriverUnload = DriverUnload;

    VW_TRACE("loaded, %lu volumes", VolumeTable::Count());
    return STATUS_SUCCESS;

fail_shutdown:
    IoUnregisterShutdownNotification(g_State.Control);
fail_device:
    IoDeleteDevice(g_State.Control);
    g_State.Control = nullptr;
    return status;
}
