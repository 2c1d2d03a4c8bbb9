// procmon-lite: kernel part of a small process monitor. C++ with RAII owners
// for each thing DriverEntry sets up; ownership moves to globals only once
// everything succeeded, and the unload routine releases the globals.
#include <ntddk.h>

namespace {

class DeviceOwner {
public:
    DeviceOwner() = default;
    ~DeviceOwner() { if (dev_) IoDeleteDevice(dev_); }
    DeviceOwner(const DeviceOwner&) = delete;
    DeviceOwner& operator=(const DeviceOwner&) = delete;

    NTSTATUS Create(PDRIVER_OBJECT Driver, PUNICODE_STRING Name) {
        return IoCreateDevice(Driver, 0, Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &dev_);
    }
    PDEVICE_OBJECT Get() const { return dev_; }
    PDEVICE_OBJECT Detach() { PDEVICE_OBJECT d = dev_; dev_ = nullptr; return d; }
private:
    PDEVICE_OBJECT dev_ = nullptr;
};

class SymLinkOwner {
public:
    explicit SymLinkOwner(PUNICODE_STRING Link) : link_(Link) {}
    ~SymLinkOwner() { if (created_) IoDeleteSymbolicLink(link_); }
    SymLinkOwner(const SymLinkOwner&) = delete;
    SymLinkOwner& operator=(const SymLinkOwner&) = delete;

    NTSTATUS Create(PUNICODE_STRING Target) {
        NTSTATUS s = IoCreateSymbolicLink(link_, Target);
        created_ = NT_SUCCESS(s);
        return s;
    }
    void Detach() { created_ = false; }
private:
    PUNICODE_STRING link_;
    bool created_ = false;
};

UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\ProcMonLite");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\ProcMonLite");
PDEVICE_OBJECT g_Device = nullptr;
volatile LONG g_Starts = 0;

void OnProcess(PEPROCESS, HANDLE, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    if (CreateInfo != nullptr) {
        InterlockedIncrement(&g_Starts);
    }
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

void OnUnload(PDRIVER_OBJECT)
{
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    KdPrint(("procmon-lite: %ld process starts seen\n", g_Starts));
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DeviceOwner device;
    NTSTATUS status = device.Create(DriverObject, &g_DevName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    SymLinkOwner link(&g_LinkName);
    status = link.Create(&g_DevName);
    if (!NT_SUCCESS(status)) {
        return status;                  // ~DeviceOwner deletes the device
    }

    status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("procmon-lite: notify routine refused 0x%08X\n", status));
        return status;                  // ~SymLinkOwner, then ~DeviceOwner
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnCreateClose;
    DriverObject->DriverUnload = OnUnload;

    // Everything worked: hand ownership to the globals that OnUnload uses.
    link.Detach();
    g_Device = device.Detach();
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
