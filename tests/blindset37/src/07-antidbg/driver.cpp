//
// AntiDbg - strips debug-style access rights from handles opened to
// processes that registered themselves through IOCTL_AD_PROTECT.
//
// link with /INTEGRITYCHECK or ObRegisterCallbacks refuses us
//
#include "guard.h"

using ad::Guard;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD AdUnload;
static DRIVER_DISPATCH AdCreateClose;
static DRIVER_DISPATCH AdDeviceControl;

static NTSTATUS AdComplete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS AdCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return AdComplete(irp, STATUS_SUCCESS);
}

static NTSTATUS AdDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    if (dic.InputBufferLength < sizeof(ULONG)) {
        return AdComplete(irp, STATUS_BUFFER_TOO_SMALL);
    }
    const ULONG pid = *static_cast<PULONG>(irp->AssociatedIrp.SystemBuffer);

    switch (dic.IoControlCode) {
    case IOCTL_AD_PROTECT:
        if (!Guard::s_Protected->Add(pid)) {
            return AdComplete(irp, STATUS_QUOTA_EXCEEDED);
        }
        ADLOG("protecting pid %lu", pid);
        return AdComplete(irp, STATUS_SUCCESS);

    case IOCTL_AD_UNPROTECT:
        Guard::s_Protected->Remove(pid);
        return AdComplete(irp, STATUS_SUCCESS);
    }
    return AdComplete(irp, STATUS_INVALID_DEVICE_REQUEST);
}

static void AdUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(AD_SYMLINK);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);

    delete Guard::s_Protected;
    Guard::s_Protected = nullptr;

    PsSetCreateProcessNotifyRoutineEx(Guard::OnProcessNotify, TRUE);
    ObUnRegisterCallbacks(Guard::s_ObHandle);

    ADLOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(AD_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(AD_SYMLINK);
    PDEVICE_OBJECT device = nullptr;
    bool linkCreated = false;
    NTSTATUS status;

    // one place to unwind whatever got set up so far
    auto fail = [&](NTSTATUS st, const char* what) -> NTSTATUS {
        ADLOG("%s failed: 0x%08X", what, st);
        if (Guard::s_ObHandle) {
            ObUnRegisterCallbacks(Guard::s_ObHandle);
            Guard::s_ObHandle = nullptr;
        }
        if (Guard::s_Protected) {
            delete Guard::s_Protected;
            Guard::s_Protected = nullptr;
        }
        if (linkCreated) {
            IoDeleteSymbolicLink(&link);
        }
        if (device) {
            IoDeleteDevice(device);
        }
        return st;
    };

    DriverObject->DriverUnload = AdUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = AdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AdDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return fail(status, "IoCreateDevice");
    }
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        return fail(status, "IoCreateSymbolicLink");
    }
    linkCreated = true;

    Guard::s_Protected = new (POOL_FLAG_NON_PAGED, AD_TAG) ad::PidSet();
    if (!Guard::s_Protected) {
        return fail(STATUS_INSUFFICIENT_RESOURCES, "new PidSet");
    }

    OB_OPERATION_REGISTRATION ops[2] = {};
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = Guard::PreProcessHandle;
    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = Guard::PreThreadHandle;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    RtlInitUnicodeString(&reg.Altitude, AD_ALTITUDE);
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = ops;

    ObRegisterCallbacks(&reg, &Guard::s_ObHandle);

    status = PsSetCreateProcessNotifyRoutineEx(Guard::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return fail(status, "PsSetCreateProcessNotifyRoutineEx");
    }

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    ADLOG("loaded, ob handle %p", Guard::s_ObHandle);
    return STATUS_SUCCESS;
}
