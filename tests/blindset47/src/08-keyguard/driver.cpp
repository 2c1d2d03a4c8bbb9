// driver.cpp - device, agent protection, DriverEntry/unload.
#include "kg.hpp"

using namespace kg;

kg::Globals kg::g = {};

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KgUnload;
static DRIVER_DISPATCH KgCreateClose;
static DRIVER_DISPATCH KgDeviceControl;

namespace {

const UNICODE_STRING kDevName  = RTL_CONSTANT_STRING(L"\\Device\\KeyGuard");
const UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\KeyGuard");

// strip VM access to the agent from everybody but the agent itself
OB_PREOP_CALLBACK_STATUS KgPreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    constexpr ACCESS_MASK kStrip = PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION;
    HANDLE agent = g.AgentPid;

    if (agent == nullptr || Info->KernelHandle)
        return OB_PREOP_SUCCESS;
    if (PsGetProcessId(static_cast<PEPROCESS>(Info->Object)) != agent ||
        PsGetCurrentProcessId() == agent)
        return OB_PREOP_SUCCESS;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE)
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrip;
    else
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrip;
    return OB_PREOP_SUCCESS;
}

} // namespace

static NTSTATUS KgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS KgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto* sp    = IoGetCurrentIrpStackLocation(Irp);
    auto* buf   = static_cast<PUCHAR>(Irp->AssociatedIrp.SystemBuffer);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG written = 0;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    auto complete = [Irp](NTSTATUS st, ULONG_PTR info) {
        Irp->IoStatus.Status = st;
        Irp->IoStatus.Information = NT_SUCCESS(st) ? info : 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return st;
    };

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KG_REGISTER_AGENT:
        g.AgentPid = PsGetCurrentProcessId();
        KG_LOG("agent is pid %p", g.AgentPid);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_KG_SEAL: {
        if (inLen == 0 || inLen > kMaxSeal) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        // METHOD_BUFFERED: in and out share SystemBuffer, so copy the input
        auto* plain = static_cast<PUCHAR>(ExAllocatePoolWithTag(NonPagedPoolNx, inLen, kTag));
        if (plain == nullptr) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        RtlCopyMemory(plain, buf, inLen);
        status = crypto::Seal(plain, inLen, buf, outLen, &written);
        RtlSecureZeroMemory(plain, inLen);
        ExFreePoolWithTag(plain, kTag);
        break;
    }
    }

    return complete(status, written);
}

static VOID KgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = kLinkName;

    KG_LOG("unload");

    // with no agent registered the pre-op callback is a no-op
    g.AgentPid = nullptr;

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g.Device);
    g.Device = nullptr;

    crypto::Fini();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING dev  = kDevName;
    UNICODE_STRING link = kLinkName;
    OB_OPERATION_REGISTRATION op = {};
    OB_CALLBACK_REGISTRATION reg = {};
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KgDeviceControl;

    status = crypto::Init();
    if (!NT_SUCCESS(status))
        goto fail_crypto;

    status = IoCreateDevice(DriverObject, 0, &dev, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g.Device);
    if (!NT_SUCCESS(status)) {
        KG_LOG("IoCreateDevice 0x%08X", status);
        goto fail_crypto;
    }
    g.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &dev);
    if (!NT_SUCCESS(status)) {
        KG_LOG("IoCreateSymbolicLink 0x%08X", status);
        goto fail_device;
    }

    op.ObjectType    = PsProcessType;
    op.Operations    = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation  = KgPreOpenProcess;
    op.PostOperation = nullptr;

    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.RegistrationContext        = nullptr;
    reg.OperationRegistration      = &op;
    RtlInitUnicodeString(&reg.Altitude, L"385210.77");

    status = ObRegisterCallbacks(&reg, &g.ObHandle);
    if (!NT_SUCCESS(status)) {
        KG_LOG("ObRegisterCallbacks 0x%08X", status);
        goto fail_link;
    }

    DriverObject->DriverUnload = KgUnload;
    g.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&link);
fail_device:
    IoDeleteDevice(g.Device);
    g.Device = nullptr;
fail_crypto:
    crypto::Fini();
    return status;
}
