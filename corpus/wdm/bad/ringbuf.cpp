//
// ringbuf.cpp - legacy driver holding a crash-surviving debug ring in a
// reserved physical page (the bootloader passes its address in the
// "RingPhysical" registry value; 0xFEE00000-style fixed address here).
// Converted from C to C++ in 2.0 to use RAII for the mapping.
//
// BUG (DE003): the file became C++ but DriverEntry lost its C linkage: the
// declaration below is not in an extern "C" block, so the exported name is
// mangled and the loader fails with "entry point not found" (error 127).
//

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

namespace ringbuf {

constexpr ULONG RingBytes = PAGE_SIZE;
constexpr LONGLONG RingPhysical = 0x9F000;

class Mapping {
public:
    Mapping() = default;
    ~Mapping() { Reset(); }
    bool Map(LONGLONG Physical, SIZE_T Bytes)
    {
        PHYSICAL_ADDRESS pa;
        pa.QuadPart = Physical;
        m_Va = MmMapIoSpace(pa, Bytes, MmNonCached);
        m_Bytes = Bytes;
        return m_Va != nullptr;
    }
    void Reset()
    {
        if (m_Va != nullptr) {
            MmUnmapIoSpace(m_Va, m_Bytes);
            m_Va = nullptr;
        }
    }
    PVOID Release() { PVOID va = m_Va; m_Va = nullptr; return va; }
private:
    PVOID  m_Va = nullptr;
    SIZE_T m_Bytes = 0;
};

PVOID g_Ring = nullptr;

} // namespace ringbuf

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RingCreateClose;

_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH RingRead;

DRIVER_UNLOAD RingUnload;

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm; expect: DE003
{
    UNREFERENCED_PARAMETER(RegistryPath);

    ringbuf::Mapping mapping;
    if (!mapping.Map(ringbuf::RingPhysical, ringbuf::RingBytes)) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    RtlInitUnicodeString(&deviceName, L"\\Device\\RingBuf");
    RtlInitUnicodeString(&linkName, L"\\DosDevices\\RingBuf");
    PDEVICE_OBJECT device = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RingCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RingCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = RingRead;
    DriverObject->DriverUnload = RingUnload;

    ringbuf::g_Ring = mapping.Release();
    device->Flags |= DO_DIRECT_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
RingUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    RtlInitUnicodeString(&linkName, L"\\DosDevices\\RingBuf");
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    if (ringbuf::g_Ring != nullptr) {
        MmUnmapIoSpace(ringbuf::g_Ring, ringbuf::RingBytes);
        ringbuf::g_Ring = nullptr;
    }
}

NTSTATUS
RingCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RingRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = irpSp->Parameters.Read.Length;
    if (length > ringbuf::RingBytes) {
        length = ringbuf::RingBytes;
    }

    auto out = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    if (out != nullptr) {
        RtlCopyMemory(out, ringbuf::g_Ring, length);
        status = STATUS_SUCCESS;
    } else {
        length = 0;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
