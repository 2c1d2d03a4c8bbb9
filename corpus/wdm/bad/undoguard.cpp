/*
 * bad/undoguard.cpp - as wdm/undoguard.cpp, but the device's guard is
 * dismissed as soon as the link exists: when the notify routine cannot be
 * registered, the link's lambda still runs and the device is left (DE006).
 */

#include <ntddk.h>

namespace pp {

template <typename F>
class on_exit {
public:
    explicit on_exit(F &&fn) : m_fn(static_cast<F &&>(fn)), m_armed(true) {}
    ~on_exit()
    {
        if (m_armed)
            m_fn();
    }
    void dismiss() { m_armed = false; }
    on_exit(const on_exit &) = delete;
    on_exit &operator=(const on_exit &) = delete;

private:
    F m_fn;
    bool m_armed;
};

template <typename F>
on_exit<F> make_on_exit(F &&fn)
{
    return on_exit<F>(static_cast<F &&>(fn));
}

template <typename F>
class unless_kept {
public:
    explicit unless_kept(F &&fn) : m_fn(static_cast<F &&>(fn)) {}
    ~unless_kept()
    {
        if (!m_kept)
            m_fn();
    }
    void keep() { m_kept = true; }
    unless_kept(const unless_kept &) = delete;
    unless_kept &operator=(const unless_kept &) = delete;

private:
    F m_fn;
    bool m_kept = false;
};

template <typename F>
unless_kept<F> make_unless_kept(F &&fn)
{
    return unless_kept<F>(static_cast<F &&>(fn));
}

} // namespace pp

static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_Name = RTL_CONSTANT_STRING(L"\\Device\\ProcPin");
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\DosDevices\\ProcPin");

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PpUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH PpCreateClose;

static void PpOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

static NTSTATUS PpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID PpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(PpOnProcess, TRUE);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &g_Device);
    if (!NT_SUCCESS(status))
        return status;
    auto deviceUndo = pp::make_on_exit([&] {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    });

    status = IoCreateSymbolicLink(&g_Link, &g_Name);
    if (!NT_SUCCESS(status))
        return status;
    auto linkUndo = pp::make_unless_kept([&] { IoDeleteSymbolicLink(&g_Link); });
    deviceUndo.dismiss();

    status = PsSetCreateProcessNotifyRoutineEx(PpOnProcess, FALSE);
    if (!NT_SUCCESS(status))
        return status; // expect: DE006

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PpCreateClose;
    DriverObject->DriverUnload = PpUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    linkUndo.keep();
    return STATUS_SUCCESS;
}
