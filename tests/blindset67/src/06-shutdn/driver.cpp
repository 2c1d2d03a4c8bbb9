// driver.cpp - BootLog entry, shutdown and reinitialization handling

#include "bootlog.h"

using bl::BootLog;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD           BlUnload;
static DRIVER_DISPATCH         BlCreateClose;
static DRIVER_DISPATCH         BlShutdown;
static DRIVER_REINITIALIZE     BlReinit;

static PDEVICE_OBJECT g_Device  = nullptr;
static UNICODE_STRING g_Link    = RTL_CONSTANT_STRING(BL_LINK_NAME);

static NTSTATUS BlCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS BlShutdown(PDEVICE_OBJECT, PIRP Irp)
{
    BootLog::Append("bootlog: IRP_MJ_SHUTDOWN");
    NTSTATUS status = BootLog::Flush();
    BLTRACE("shutdown flush -> %08X", status);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

//
// Boot-start drivers load before \SystemRoot is mounted, so keep asking
// to be called again until the file opens.
//
static void BlReinit(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    UNREFERENCED_PARAMETER(Context);

    NTSTATUS status = BootLog::OpenFile();
    if (NT_SUCCESS(status)) {
        BootLog::Append("bootlog: file system ready");
        BootLog::Flush();
        BLTRACE("log file open after %u reinit call(s)", Count);
        return;
    }

    BLTRACE("open failed %08X (try %u)", status, Count);
    if (Count < BL_MAX_REINIT) {
        IoRegisterDriverReinitialization(DriverObject, BlReinit, nullptr);
    }
}

static void BlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    BootLog::Append("bootlog: unload");
    BootLog::Flush();
    BootLog::CloseFile();

    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    BootLog::FreeBuffers();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(BL_DEVICE_NAME);
    NTSTATUS       status;
    bool           shutdownRegistered = false;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]   = BlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]    = BlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = BlShutdown;
    DriverObject->DriverUnload                   = BlUnload;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        BLTRACE("IoCreateDevice %08X", status);
        return status;
    }

    if (!BootLog::AllocBuffers()) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto cleanup;
    }
    BootLog::Append("bootlog: DriverEntry");

    status = IoRegisterShutdownNotification(g_Device);
    if (!NT_SUCCESS(status)) {
        BLTRACE("IoRegisterShutdownNotification %08X", status);
        goto cleanup;
    }
    shutdownRegistered = true;

    status = IoCreateSymbolicLink(&g_Link, &devName);
    if (!NT_SUCCESS(status)) {
        BLTRACE("IoCreateSymbolicLink %08X", status);
        goto cleanup;
    }

    // last: nothing after this can fail
    IoRegisterDriverReinitialization(DriverObject, BlReinit, nullptr);
    return STATUS_SUCCESS;

cleanup:
    if (shutdownRegistered) {
        IoUnregisterShutdownNotification(g_Device);
    }
    BootLog::FreeBuffers();
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    return status;
}
