//
// ramlog.cpp - legacy driver keeping a small in-memory ring of text records
// that other drivers append to via IOCTL_RAMLOG_APPEND (internal) and that a
// service drains through \\.\RamLog. Built as C++ (/kernel); no exceptions,
// no RTTI, no global constructors.
//

#include <ntddk.h>
#include <ntstrsafe.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

constexpr ULONG RamLogTag       = 'gLmR';
constexpr SIZE_T RamLogCapacity = 64 * 1024;

struct RamLog {
    PUCHAR     Buffer;
    SIZE_T     Head;
    SIZE_T     Tail;
    KSPIN_LOCK Lock;
};

RamLog g_Log;

//
// Scope guards for DriverEntry: each one undoes a step unless Dismiss() is
// called once everything after it has succeeded.
//
class DeviceGuard {
public:
    explicit DeviceGuard(PDEVICE_OBJECT Device) : m_Device(Device) {}
    ~DeviceGuard() { if (m_Device != nullptr) IoDeleteDevice(m_Device); }
    void Dismiss() { m_Device = nullptr; }
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;
private:
    PDEVICE_OBJECT m_Device;
};

class PoolGuard {
public:
    explicit PoolGuard(PVOID Block) : m_Block(Block) {}
    ~PoolGuard() { if (m_Block != nullptr) ExFreePoolWithTag(m_Block, RamLogTag); }
    void Dismiss() { m_Block = nullptr; }
    PoolGuard(const PoolGuard&) = delete;
    PoolGuard& operator=(const PoolGuard&) = delete;
private:
    PVOID m_Block;
};

constexpr WCHAR DeviceNameText[]  = L"\\Device\\RamLog";
constexpr WCHAR SymlinkNameText[] = L"\\DosDevices\\RamLog";

} // namespace

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RamLogCreateClose;

_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH RamLogRead;

DRIVER_UNLOAD RamLogUnload;

extern "C"
_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING deviceName;
    UNICODE_STRING symlinkName;
    RtlInitUnicodeString(&deviceName, DeviceNameText);
    RtlInitUnicodeString(&symlinkName, SymlinkNameText);

    auto buffer = static_cast<PUCHAR>(
        ExAllocatePoolWithTag(NonPagedPoolNx, RamLogCapacity, RamLogTag));
    if (buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PoolGuard bufferGuard(buffer);

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &deviceName,
                                     FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;                  // bufferGuard frees the ring
    }
    DeviceGuard deviceGuard(device);

    status = IoCreateSymbolicLink(&symlinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;                  // both guards unwind
    }

    g_Log.Buffer = buffer;
    g_Log.Head = g_Log.Tail = 0;
    KeInitializeSpinLock(&g_Log.Lock);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RamLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RamLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = RamLogRead;
    DriverObject->DriverUnload = RamLogUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    bufferGuard.Dismiss();
    deviceGuard.Dismiss();
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RamLogUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING symlinkName;

    RtlInitUnicodeString(&symlinkName, SymlinkNameText);
    IoDeleteSymbolicLink(&symlinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    ExFreePoolWithTag(g_Log.Buffer, RamLogTag);
    g_Log.Buffer = nullptr;
}

_Use_decl_annotations_
NTSTATUS
RamLogCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RamLogRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto irpSp = IoGetCurrentIrpStackLocation(Irp);
    auto out = static_cast<PUCHAR>(Irp->AssociatedIrp.SystemBuffer);
    ULONG wanted = irpSp->Parameters.Read.Length;
    ULONG copied = 0;
    KIRQL oldIrql;

    KeAcquireSpinLock(&g_Log.Lock, &oldIrql);
    while (copied < wanted && g_Log.Tail != g_Log.Head) {
        out[copied++] = g_Log.Buffer[g_Log.Tail];
        g_Log.Tail = (g_Log.Tail + 1) % RamLogCapacity;
    }
    KeReleaseSpinLock(&g_Log.Lock, oldIrql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = copied;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
