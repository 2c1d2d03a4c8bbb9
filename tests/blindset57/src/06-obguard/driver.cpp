//
// driver.cpp - obguard entry, unload and the control device
//
#include "obguard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   ObgUnload;
static DRIVER_DISPATCH ObgCreateClose;
static DRIVER_DISPATCH ObgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

obg::State obg::g = {};

namespace {

UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(OBG_LINK_NAME);

auto Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information = 0) -> NTSTATUS
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

auto ReadPid(PIRP Irp, ULONG InputLength, ULONG* Pid) -> NTSTATUS
{
    if (InputLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *Pid = *static_cast<ULONG*>(Irp->AssociatedIrp.SystemBuffer);
    return *Pid == 0 || *Pid == 4 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}

} // namespace

NTSTATUS ObgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS ObgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp   = IoGetCurrentIrpStackLocation(Irp);
    auto code = sp->Parameters.DeviceIoControl.IoControlCode;
    auto inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    auto outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG pid = 0;
    NTSTATUS status;

    switch (code) {
    case IOCTL_OBG_PROTECT:
        status = ReadPid(Irp, inLen, &pid);
        if (NT_SUCCESS(status) && !obg::g.Protected.Add(pid)) {
            status = STATUS_QUOTA_EXCEEDED;
        }
        OBG_LOG("protect %lu -> 0x%08X", pid, status);
        return Complete(Irp, status);

    case IOCTL_OBG_UNPROTECT:
        status = ReadPid(Irp, inLen, &pid);
        if (NT_SUCCESS(status) && !obg::g.Protected.Remove(pid)) {
            status = STATUS_NOT_FOUND;
        }
        return Complete(Irp, status);

    case IOCTL_OBG_QUERY:
        if (outLen < sizeof(obg::Stats)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &obg::g.Counters, sizeof(obg::Stats));
        return Complete(Irp, STATUS_SUCCESS, sizeof(obg::Stats));

    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void ObgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    ObUnRegisterCallbacks(obg::g.ObHandle);
    obg::g.ObHandle = nullptr;

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(obg::g.Device);

    OBG_LOG("unloaded (stripped=%ld images=%ld)", obg::g.Counters.Stripped, obg::g.Counters.ImagesSeen);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    obg::g.Protected.Init();

    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBG_DEVICE_NAME);
    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &obg::g.Device);
    if (!NT_SUCCESS(status)) {
        OBG_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        OBG_LOG("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(obg::g.Device);
        return status;
    }

    OB_OPERATION_REGISTRATION operations[1] = {};
    operations[0].ObjectType   = PsProcessType;
    operations[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operations[0].PreOperation = obg::PreOpenProcess;

    OB_CALLBACK_REGISTRATION registration = {};
    registration.Version                    = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = RTL_NUMBER_OF(operations);
    registration.RegistrationContext        = nullptr;
    registration.OperationRegistration      = operations;
    RtlInitUnicodeString(&registration.Altitude, OBG_ALTITUDE);

    status = ObRegisterCallbacks(&registration, &obg::g.ObHandle);
    OBG_LOG("ObRegisterCallbacks -> 0x%08X, handle %p", status, obg::g.ObHandle);

    status = PsSetLoadImageNotifyRoutine(obg::OnImageLoad);
    if (!NT_SUCCESS(status)) {
        OBG_LOG("PsSetLoadImageNotifyRoutine 0x%08X", status);
        ObUnRegisterCallbacks(obg::g.ObHandle);
        obg::g.ObHandle = nullptr;
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(obg::g.Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;
    DriverObject->DriverUnload                         = ObgUnload;

    OBG_LOG("loaded");
    return STATUS_SUCCESS;
}
