// ObGuard - anti-cheat handle protection driver (research build)
//
// The launcher tells us the game executable name; every process started
// from that image gets its handles filtered so external cheats can't open it
// with VM read/write rights.

#include "kcpp.h"
#include "Guard.h"
#include "ProtectedList.h"

#define OBG_DEVICE   L"\\Device\\ObGuard"
#define OBG_SYMLINK  L"\\??\\ObGuard"

#define IOCTL_OBG_SET_TARGET   CTL_CODE(0x8000, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_PROTECT_PID  CTL_CODE(0x8000, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_CLEAR        CTL_CODE(0x8000, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ObgUnload;
static DRIVER_DISPATCH ObgCreateClose;
static DRIVER_DISPATCH ObgDeviceControl;

static NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS ObgCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS);
}

static NTSTATUS ObgDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    switch (dic.IoControlCode) {
    case IOCTL_OBG_SET_TARGET:
        if (dic.InputBufferLength < sizeof(WCHAR) || (dic.InputBufferLength % sizeof(WCHAR)) != 0) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        g_Protected.SetTargetImage(static_cast<PCWSTR>(buffer),
                                   static_cast<USHORT>(dic.InputBufferLength / sizeof(WCHAR)));
        break;

    case IOCTL_OBG_PROTECT_PID:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (!g_Protected.Add(ULongToHandle(*static_cast<ULONG*>(buffer)))) {
            status = STATUS_TOO_MANY_NAMES;
        }
        break;

    case IOCTL_OBG_CLEAR:
        g_Protected.Clear();
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return CompleteIrp(irp, status);
}

static void ObgUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(OBG_SYMLINK);

    g_ObGuard.Unregister();
    g_Watcher.Stop();
    g_Protected.Destroy();

    IoDeleteSymbolicLink(&symLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    OBG_LOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBG_DEVICE);
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(OBG_SYMLINK);
    PDEVICE_OBJECT device = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        OBG_ERR("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        OBG_ERR("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(device);
        return status;
    }

    status = g_Watcher.Start();
    if (!NT_SUCCESS(status)) {
        OBG_ERR("process notify 0x%08X", status);
        IoDeleteSymbolicLink(&symLink);
        IoDeleteDevice(device);
        return status;
    }

    status = g_Protected.Initialize();
    if (!NT_SUCCESS(status)) {
        OBG_ERR("protected list init 0x%08X", status);
        g_Watcher.Stop();
        IoDeleteSymbolicLink(&symLink);
        IoDeleteDevice(device);
        return status;
    }

    g_ObGuard.Register();

    DriverObject->DriverUnload = ObgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;
    device->Flags |= DO_BUFFERED_IO;

    OBG_LOG("loaded");
    return STATUS_SUCCESS;
}
