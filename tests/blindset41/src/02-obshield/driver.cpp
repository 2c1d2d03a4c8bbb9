//
// ObShield - strips terminate/write access from handles to protected processes
//
#include "common.h"
#include "Protector.h"
#include "ObShieldIoctl.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

static DRIVER_UNLOAD     ObsUnload;
static DRIVER_DISPATCH   ObsCreateClose;
static DRIVER_DISPATCH   ObsDeviceControl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(OBS_DEVICE_NAME);
static UNICODE_STRING g_SymLink    = RTL_CONSTANT_STRING(OBS_SYMLINK);

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS       status = STATUS_SUCCESS;
    PDEVICE_OBJECT deviceObject = nullptr;
    bool           symlinkCreated = false;

    ObsInfo("DriverEntry");

    status = IoCreateDevice(DriverObject,
                            0,
                            &g_DeviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        ObsError("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_SymLink, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        ObsError("IoCreateSymbolicLink failed 0x%08X", status);
        goto Cleanup;
    }
    symlinkCreated = true;

    if (auto installStatus = Protector::Install(); !NT_SUCCESS(installStatus)) {
        ObsError("Protector::Install failed 0x%08X", installStatus);
        goto Cleanup;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ObsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ObsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObsDeviceControl;
    DriverObject->DriverUnload                         = ObsUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    ObsInfo("loaded");

Cleanup:
    if (!NT_SUCCESS(status)) {
        if (symlinkCreated) {
            IoDeleteSymbolicLink(&g_SymLink);
        }
        if (deviceObject) {
            IoDeleteDevice(deviceObject);
        }
    }
    return status;
}

static void ObsUnload(PDRIVER_OBJECT DriverObject)
{
    Protector::Uninstall();

    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    ObsInfo("unloaded");
}

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS ObsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

static NTSTATUS ObsDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    auto protector = Protector::Instance();

    if (protector == nullptr) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY);
    }

    auto readPid = [&](ULONG& pid) -> bool {
        if (dic.InputBufferLength < sizeof(OBS_PID_REQUEST) || Irp->AssociatedIrp.SystemBuffer == nullptr) {
            return false;
        }
        pid = static_cast<POBS_PID_REQUEST>(Irp->AssociatedIrp.SystemBuffer)->ProcessId;
        return pid != 0 && pid != 4;
    };

    ULONG pid = 0;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (dic.IoControlCode) {
    case IOCTL_OBS_PROTECT_PID:
        if (!readPid(pid)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = protector->Add(pid) ? STATUS_SUCCESS : STATUS_QUOTA_EXCEEDED;
        ObsInfo("protect %lu -> 0x%08X", pid, status);
        break;

    case IOCTL_OBS_UNPROTECT_PID:
        if (!readPid(pid)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = protector->Remove(pid) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        break;

    case IOCTL_OBS_CLEAR:
        protector->Clear();
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    return CompleteIrp(Irp, status);
}
