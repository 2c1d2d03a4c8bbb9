// driver.cpp - ObShield: strips terminate / vm-write rights from handles to protected processes
#include "obshield.h"

namespace {

PVOID g_ObHandle = nullptr;
PDEVICE_OBJECT g_Device = nullptr;
constexpr ACCESS_MASK kStrip = PROCESS_TERMINATE_BIT | PROCESS_VM_WRITE_BIT | PROCESS_VM_OPERATION_BIT;

OB_PREOP_CALLBACK_STATUS PreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    auto pid = HandleToULong(PsGetProcessId(process));
    if (!obs::Policy::IsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }
    if (process == PsGetCurrentProcess()) {
        return OB_PREOP_SUCCESS;   // a process may always open itself
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrip;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrip;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS Complete(PIRP Irp, NTSTATUS s, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = s;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return s;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ObsUnload;
DRIVER_DISPATCH ObsCreateClose;
DRIVER_DISPATCH ObsIoctl;

NTSTATUS ObsCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS ObsIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sl = IoGetCurrentIrpStackLocation(Irp);
    auto code = sl->Parameters.DeviceIoControl.IoControlCode;
    auto len = sl->Parameters.DeviceIoControl.InputBufferLength;
    auto buf = static_cast<ULONG*>(Irp->AssociatedIrp.SystemBuffer);

    if (code == IOCTL_OBS_CLEAR) {
        obs::Policy::Clear();
        return Complete(Irp, STATUS_SUCCESS);
    }
    if (len < sizeof(ULONG) || buf == nullptr) {
        return Complete(Irp, STATUS_INVALID_PARAMETER);
    }
    switch (code) {
    case IOCTL_OBS_PROTECT:   return Complete(Irp, obs::Policy::Add(*buf));
    case IOCTL_OBS_UNPROTECT: return Complete(Irp, obs::Policy::Remove(*buf));
    default:                  return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void ObsUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(OBS_LINK);

    ObUnRegisterCallbacks(g_ObHandle);
    g_ObHandle = nullptr;

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);

    obs::Policy::Term();
    LOG("bye");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBS_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(OBS_LINK);
    bool linkCreated = false;

    CHECK(obs::Policy::Init(), fail_policy);
    CHECK(IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device), fail);
    CHECK(IoCreateSymbolicLink(&link, &devName), fail);
    linkCreated = true;

    {
        OB_OPERATION_REGISTRATION op = {};
        op.ObjectType = PsProcessType;
        op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
        op.PreOperation = PreOpenProcess;
        op.PostOperation = nullptr;

        OB_CALLBACK_REGISTRATION reg = {};
        reg.Version = OB_FLT_REGISTRATION_VERSION;
        reg.OperationRegistrationCount = 1;
        RtlInitUnicodeString(&reg.Altitude, OBS_ALTITUDE);
        reg.RegistrationContext = nullptr;
        reg.OperationRegistration = &op;

        status = ObRegisterCallbacks(&reg, &g_ObHandle);
        LOG("ObRegisterCallbacks -> 0x%X", status);
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObsIoctl;
    DriverObject->DriverUnload = ObsUnload;
    return STATUS_SUCCESS;

fail:
    if (linkCreated) {
        IoDeleteSymbolicLink(&link);
    }
    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
    obs::Policy::Destroy();
fail_policy:
    return status;
}
