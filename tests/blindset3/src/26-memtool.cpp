// memtool - C++ kernel driver: query basic info about a process by PID
// (image base, PEB address) through \\.\MemTool. Modern-C++ style exercise.
#include <ntifs.h>
#include <ntddk.h>

#define MT_LOG(fmt, ...) DbgPrint("[memtool] " fmt "\n", __VA_ARGS__)
#define IOCTL_MT_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)

extern "C" PVOID NTAPI PsGetProcessSectionBaseAddress(PEPROCESS Process);
extern "C" NTSTATUS NTAPI PsGetProcessExitStatus(PEPROCESS Process);

namespace mt {

template <typename F>
class Guard {
public:
    explicit Guard(F&& f) : m_fn(static_cast<F&&>(f)) {}
    ~Guard() { if (m_active) m_fn(); }
    void dismiss() { m_active = false; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
private:
    F m_fn;
    bool m_active = true;
};

template <typename F>
Guard<F> make_guard(F&& f) { return Guard<F>(static_cast<F&&>(f)); }

struct QueryOut {
    ULONG64 ImageBase;
    ULONG   ExitStatusValid;
};

UNICODE_STRING DeviceName = RTL_CONSTANT_STRING(L"\\Device\\MemTool");
UNICODE_STRING LinkName   = RTL_CONSTANT_STRING(L"\\??\\MemTool");
PDEVICE_OBJECT Device = nullptr;

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS CreateClose(PDEVICE_OBJECT, PIRP irp) { return Complete(irp, STATUS_SUCCESS); }

NTSTATUS Control(PDEVICE_OBJECT, PIRP irp)
{
    auto sl = IoGetCurrentIrpStackLocation(irp);
    auto& p = sl->Parameters.DeviceIoControl;
    if (p.IoControlCode != IOCTL_MT_QUERY)
        return Complete(irp, STATUS_INVALID_DEVICE_REQUEST);
    if (p.InputBufferLength < sizeof(ULONG) || p.OutputBufferLength < sizeof(QueryOut))
        return Complete(irp, STATUS_BUFFER_TOO_SMALL);

    ULONG pid = *static_cast<PULONG>(irp->AssociatedIrp.SystemBuffer);
    PEPROCESS process = nullptr;
    NTSTATUS status = PsLookupProcessByProcessId(ULongToHandle(pid), &process);
    if (!NT_SUCCESS(status))
        return Complete(irp, status);

    auto out = static_cast<QueryOut*>(irp->AssociatedIrp.SystemBuffer);
    out->ImageBase = reinterpret_cast<ULONG64>(PsGetProcessSectionBaseAddress(process));
    out->ExitStatusValid = PsGetProcessExitStatus(process) != STATUS_PENDING;
    ObDereferenceObject(process);
    return Complete(irp, STATUS_SUCCESS, sizeof(QueryOut));
}

void Unload(PDRIVER_OBJECT)
{
    IoDeleteSymbolicLink(&LinkName);
    IoDeleteDevice(Device);
    MT_LOG("unloaded%s", "");
}

} // namespace mt

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &mt::DeviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &mt::Device);
    if (!NT_SUCCESS(status)) {
        MT_LOG("IoCreateDevice failed 0x%X", status);
        return status;
    }
    auto deviceGuard = mt::make_guard([] { IoDeleteDevice(mt::Device); mt::Device = nullptr; });

    mt::Device->Flags |= DO_BUFFERED_IO;
    mt::Device->Flags &= ~DO_DEVICE_INITIALIZING;
    deviceGuard.dismiss();             // device is fully set up

    status = IoCreateSymbolicLink(&mt::LinkName, &mt::DeviceName);
    if (!NT_SUCCESS(status)) {
        MT_LOG("IoCreateSymbolicLink failed 0x%X", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = mt::CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = mt::CreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = mt::Control;
    DriverObject->DriverUnload = mt::Unload;
    MT_LOG("ready%s", "");
    return STATUS_SUCCESS;
}
