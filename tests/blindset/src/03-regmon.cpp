// regmon - registry "set value" monitor, C++ flavour
// small guard objects undo the setup steps unless Dismiss() is called

#include <ntddk.h>

namespace {

LARGE_INTEGER g_Cookie;
PDEVICE_OBJECT g_Device;
volatile LONG g_SetCount;

UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\RegMonCpp");
UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\??\\RegMonCpp");

class DeviceGuard {
public:
    explicit DeviceGuard(PDEVICE_OBJECT dev) : m_dev(dev) {}
    ~DeviceGuard() { if (m_dev) IoDeleteDevice(m_dev); }
    void Dismiss() { m_dev = nullptr; }
private:
    PDEVICE_OBJECT m_dev;
};

class LinkGuard {
public:
    explicit LinkGuard(PUNICODE_STRING link) : m_link(link) {}
    ~LinkGuard() { if (m_link) IoDeleteSymbolicLink(m_link); }
    void Dismiss() { m_link = nullptr; }
private:
    PUNICODE_STRING m_link;
};

NTSTATUS RegMonCallback(PVOID, PVOID Arg1, PVOID Arg2)
{
    auto type = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Arg1));

    if (type == RegNtPreSetValueKey) {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Arg2);
        InterlockedIncrement(&g_SetCount);
        if (info->ValueName != nullptr) {
            KdPrint(("regmon: set %wZ (%lu bytes)\n", info->ValueName, info->DataSize));
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS RegMonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID RegMonUnload(PDRIVER_OBJECT)
{
    CmUnRegisterCallback(g_Cookie);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
    KdPrint(("regmon: unloaded after %ld writes\n", g_SetCount));
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"380010");
    PDEVICE_OBJECT dev = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DeviceGuard devGuard(dev);

    status = IoCreateSymbolicLink(&g_Link, &g_DevName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    LinkGuard linkGuard(&g_Link);

    status = CmRegisterCallbackEx(RegMonCallback, &altitude, DriverObject, nullptr, &g_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regmon: CmRegisterCallbackEx failed 0x%x\n", status));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
    DriverObject->DriverUnload = RegMonUnload;

    g_Device = dev;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    linkGuard.Dismiss();
    devGuard.Dismiss();
    return STATUS_SUCCESS;
}
