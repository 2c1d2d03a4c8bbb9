//
// driver.cpp - ObShield entry points
//
// usage: shieldctl add <pid> | remove <pid> | clear
//
#include "obshield.h"

using shield::Protector;

namespace {

PDEVICE_OBJECT g_device = nullptr;
UNICODE_STRING g_linkName = RTL_CONSTANT_STRING(SHIELD_LINK);

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C" {
DRIVER_INITIALIZE DriverEntry;
}
DRIVER_UNLOAD ShieldUnload;
DRIVER_DISPATCH ShieldCreateClose;
DRIVER_DISPATCH ShieldIoctl;

NTSTATUS ShieldCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS);
}

NTSTATUS ShieldIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& p = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_SUCCESS;

    auto readPid = [&](ULONG& pid) -> bool {
        if (p.InputBufferLength < sizeof(ULONG) || !irp->AssociatedIrp.SystemBuffer)
            return false;
        pid = *static_cast<ULONG*>(irp->AssociatedIrp.SystemBuffer);
        return pid != 0 && pid != 4;
    };

    switch (p.IoControlCode) {
    case IOCTL_SHIELD_ADD: {
        ULONG pid = 0;
        if (!readPid(pid)) {
            status = STATUS_INVALID_PARAMETER;
        } else if (!Protector::Add(pid)) {
            status = STATUS_QUOTA_EXCEEDED;
        } else {
            KLOG("protecting %lu", pid);
        }
        break;
    }
    case IOCTL_SHIELD_REMOVE: {
        ULONG pid = 0;
        if (!readPid(pid)) {
            status = STATUS_INVALID_PARAMETER;
        } else if (!Protector::Remove(pid)) {
            status = STATUS_NOT_FOUND;
        }
        break;
    }
    case IOCTL_SHIELD_CLEAR:
        Protector::Clear();
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return CompleteIrp(irp, status);
}

void ShieldUnload(PDRIVER_OBJECT)
{
    Protector::Unregister();
    Protector::Destroy();

    IoDeleteSymbolicLink(&g_linkName);
    if (g_device) {
        IoDeleteDevice(g_device);
        g_device = nullptr;
    }
    KLOG("bye");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(SHIELD_DEVICE);
    bool linkCreated = false;
    bool registered = false;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    do {
        status = IoCreateSymbolicLink(&g_linkName, &devName);
        if (!NT_SUCCESS(status)) {
            KLOG("IoCreateSymbolicLink 0x%08X", status);
            break;
        }
        linkCreated = true;

        status = Protector::Register();
        if (!NT_SUCCESS(status))
            break;
        registered = true;

        status = Protector::Init();
        if (!NT_SUCCESS(status))
            break;

    } while (false);

    if (!NT_SUCCESS(status)) {
        if (registered)
            Protector::Unregister();
        if (linkCreated)
            IoDeleteSymbolicLink(&g_linkName);
        IoDeleteDevice(g_device);
        g_device = nullptr;
        return status;
    }

    DriverObject->DriverUnload = ShieldUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ShieldCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ShieldCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ShieldIoctl;

    g_device->Flags |= DO_BUFFERED_IO;
    g_device->Flags &= ~DO_DEVICE_INITIALIZING;

    KLOG("ready");
    return STATUS_SUCCESS;
}
