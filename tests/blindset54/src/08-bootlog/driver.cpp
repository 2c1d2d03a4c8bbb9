// driver.cpp - bootlog entry points
#include "imglog.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

static DRIVER_UNLOAD   BlUnload;
static DRIVER_DISPATCH BlCreateClose;
static DRIVER_DISPATCH BlShutdown;
static DRIVER_DISPATCH BlDeviceControl;

static BL_CONFIG      g_Config;
static PDEVICE_OBJECT g_Device = nullptr;

#define COMPLETE(irp, st, info)                 \
    ((irp)->IoStatus.Status = (st),             \
     (irp)->IoStatus.Information = (info),      \
     IoCompleteRequest((irp), IO_NO_INCREMENT), \
     (st))

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(BL_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(BL_LINK_NAME);
    bool linkCreated = false, logReady = false, shutdownRegistered = false;
    NTSTATUS status;

    BL_DBG("DriverEntry");

    status = BlReadConfig(RegistryPath, &g_Config);
    if (!NT_SUCCESS(status)) {
        BL_ERR("BlReadConfig 0x%08X", status);
        return status;
    }
    BL_DBG("log file %wZ, threshold %lu", &g_Config.LogPath, g_Config.FlushThreshold);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = BlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = BlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = BlShutdown;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BlDeviceControl;
    DriverObject->DriverUnload = BlUnload;

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
        if (!NT_SUCCESS(status)) {
            BL_ERR("IoCreateDevice 0x%08X", status);
            break;
        }

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (!NT_SUCCESS(status)) {
            BL_ERR("IoCreateSymbolicLink 0x%08X", status);
            break;
        }
        linkCreated = true;

        status = ImageLog::Init(g_Device, &g_Config);
        if (!NT_SUCCESS(status)) {
            break;
        }
        logReady = true;

        status = IoRegisterShutdownNotification(g_Device);
        if (!NT_SUCCESS(status)) {
            BL_ERR("IoRegisterShutdownNotification 0x%08X", status);
            break;
        }
        shutdownRegistered = true;

        status = PsSetLoadImageNotifyRoutine(ImageLog::OnImageLoad);
        if (!NT_SUCCESS(status)) {
            BL_ERR("PsSetLoadImageNotifyRoutine 0x%08X", status);
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (shutdownRegistered) IoUnregisterShutdownNotification(g_Device);
        if (logReady)           ImageLog::Cleanup();
        if (linkCreated)        IoDeleteSymbolicLink(&linkName);
        if (g_Device) {
            IoDeleteDevice(g_Device);
            g_Device = nullptr;
        }
        BlFreeConfig(&g_Config);
        return status;
    }

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    BL_DBG("%s", "running");
    return STATUS_SUCCESS;
}

static void BlUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(BL_LINK_NAME);

    PsRemoveLoadImageNotifyRoutine(ImageLog::OnImageLoad);

    // let a queued flush finish, then write out the tail ourselves
    ImageLog::WaitIdle();
    ImageLog::Flush();
    ImageLog::Cleanup();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    BlFreeConfig(&g_Config);
    BL_DBG("%s", "unloaded");
}

static NTSTATUS BlCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return COMPLETE(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS BlShutdown(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    BL_DBG("%s", "shutdown, final flush");
    ImageLog::Flush();
    return COMPLETE(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS BlDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BL_FLUSH:
        status = ImageLog::Flush();
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return COMPLETE(Irp, status, 0);
}
