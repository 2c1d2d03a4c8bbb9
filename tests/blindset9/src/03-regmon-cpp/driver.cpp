// RegMon - logs registry writes / deletes from user mode processes.
// Client: DeviceIoControl(\\.\RegMonCpp, kIoctlFetch) -> array of regmon::Record

#include "regmon.h"

LARGE_INTEGER g_RegCookie;

namespace {

UNICODE_STRING kDeviceName = RTL_CONSTANT_STRING(L"\\Device\\RegMonCpp");
UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(L"\\??\\RegMonCpp");
// altitude for registry filtering, picked from the "activity monitor" range
UNICODE_STRING kAltitude = RTL_CONSTANT_STRING(L"385210.5");

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
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
DRIVER_UNLOAD RegMonUnload;
DRIVER_DISPATCH RegMonCreateClose;
DRIVER_DISPATCH RegMonIoctl;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    regmon::Journal::Init();

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &kDeviceName, regmon::kDeviceType,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateDevice: 0x%08X", status);
        return status;
    }
    auto deleteDevice = util::MakeScopeExit([&] { IoDeleteDevice(device); });

    status = IoCreateSymbolicLink(&kLinkName, &kDeviceName);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateSymbolicLink: 0x%08X", status);
        return status;
    }
    auto deleteLink = util::MakeScopeExit([&] { IoDeleteSymbolicLink(&kLinkName); });

    status = CmRegisterCallbackEx(regmon::Filter::OnRegistry, &kAltitude, DriverObject,
                                  nullptr, &g_RegCookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KLOG("CmRegisterCallbackEx: 0x%08X", status);
        return status;
    }

    // everything is in place, keep it
    deleteLink.Dismiss();
    deleteDevice.Dismiss();

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegMonIoctl;
    DriverObject->DriverUnload = RegMonUnload;

    KLOG("loaded, cookie %I64x", g_RegCookie.QuadPart);
    return STATUS_SUCCESS;
}

void RegMonUnload(PDRIVER_OBJECT DriverObject)
{
    CmUnRegisterCallback(g_RegCookie);
    IoDeleteSymbolicLink(&kLinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    regmon::Journal::Clear();
}

NTSTATUS RegMonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS RegMonIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& params = stack->Parameters.DeviceIoControl;

    if (params.IoControlCode != regmon::kIoctlFetch) {
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }

    const ULONG capacity = params.OutputBufferLength / sizeof(regmon::Record);
    if (capacity == 0) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }

    auto out = static_cast<regmon::Record*>(Irp->AssociatedIrp.SystemBuffer);
    const ULONG count = regmon::Journal::CopyOut(out, capacity);
    return Complete(Irp, STATUS_SUCCESS, count * sizeof(regmon::Record));
}
