#include <ntddk.h>
#include "common.h"
#include "Protector.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObShieldUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ObShieldCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH ObShieldDeviceControl;

namespace {
    UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(OBSHIELD_DEVICE_NAME);
    UNICODE_STRING g_SymLink = RTL_CONSTANT_STRING(OBSHIELD_SYMLINK_NAME);

    NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
    {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = info;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = STATUS_SUCCESS;
    PDEVICE_OBJECT deviceObject = nullptr;
    bool symLinkCreated = false;

    LOG("DriverEntry, built " __DATE__ " " __TIME__);

    Protector::Init();

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_SymLink, &g_DevName);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("IoCreateSymbolicLink 0x%08X", status);
        goto Fail;
    }
    symLinkCreated = true;

    status = Protector::RegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        // usually means /INTEGRITYCHECK is missing from the linker flags
        goto Fail;
    }

    status = Protector::StartProcessWatch();
    if (!NT_SUCCESS(status)) {
        LOG_ERR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        goto Fail;
    }

    DriverObject->DriverUnload = ObShieldUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObShieldCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObShieldCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObShieldDeviceControl;

    LOG("loaded OK");
    return STATUS_SUCCESS;

Fail:
    if (symLinkCreated)
        IoDeleteSymbolicLink(&g_SymLink);
    if (deviceObject)
        IoDeleteDevice(deviceObject);
    return status;
}

void ObShieldUnload(PDRIVER_OBJECT DriverObject)
{
    Protector::StopProcessWatch();
    Protector::UnregisterObCallbacks();
    Protector::Clear();

    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    LOG("unloaded");
}

NTSTATUS ObShieldCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS ObShieldDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    auto readPids = [&](bool add) -> NTSTATUS {
        if (dic.InputBufferLength == 0 || dic.InputBufferLength % sizeof(ULONG) != 0)
            return STATUS_INVALID_BUFFER_SIZE;

        auto pids = static_cast<ULONG*>(Irp->AssociatedIrp.SystemBuffer);
        ULONG count = dic.InputBufferLength / sizeof(ULONG);
        for (ULONG i = 0; i < count; i++) {
            if (pids[i] == 0 || pids[i] == 4)
                return STATUS_INVALID_PARAMETER;
            if (add) {
                if (!Protector::AddPid(pids[i]))
                    return STATUS_TOO_MANY_CONTEXT_IDS;
            } else {
                Protector::RemovePid(pids[i]);
            }
        }
        info = dic.InputBufferLength;
        return STATUS_SUCCESS;
    };

    switch (dic.IoControlCode) {
    case IOCTL_OBSHIELD_PROTECT:
        status = readPids(true);
        break;
    case IOCTL_OBSHIELD_UNPROTECT:
        status = readPids(false);
        break;
    case IOCTL_OBSHIELD_CLEAR:
        Protector::Clear();
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    return CompleteIrp(Irp, status, info);
}
