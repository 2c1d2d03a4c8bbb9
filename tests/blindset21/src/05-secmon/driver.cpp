//
// driver.cpp
//
// DriverEntry, unload and the control-device dispatch routines.
//
#include "secmon.h"

using secmon::Monitor;

namespace {

//
// Raw pointer on purpose: a global with a destructor would need CRT
// atexit support, which kernel images do not have.
//
Monitor* g_Monitor = nullptr;

DRIVER_UNLOAD       SecmonUnload;
DRIVER_DISPATCH     SecmonDispatchCreateClose;
DRIVER_DISPATCH     SecmonDispatchDeviceControl;
DRIVER_DISPATCH     SecmonDispatchUnsupported;

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR information = 0) noexcept
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

ULONG ReadRingCapacity(PUNICODE_STRING registryPath) noexcept
{
    OBJECT_ATTRIBUTES oa;
    HANDLE            key = nullptr;
    UNICODE_STRING    name = RTL_CONSTANT_STRING(L"RingCapacity");
    UCHAR             buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)] = {};
    auto              info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG             length = 0;
    ULONG             capacity = SECMON_RING_DEFAULT;

    InitializeObjectAttributes(&oa, registryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr, nullptr);

    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        return capacity;
    }

    if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                   info, sizeof(buffer), &length)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG value = *reinterpret_cast<ULONG UNALIGNED*>(info->Data);
        if (value >= 16 && value <= 65536) {
            capacity = value;
        }
    }

    ZwClose(key);
    return capacity;
}

void SetupDispatch(PDRIVER_OBJECT driverObject) noexcept
{
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        driverObject->MajorFunction[i] = SecmonDispatchUnsupported;
    }
    driverObject->MajorFunction[IRP_MJ_CREATE] = SecmonDispatchCreateClose;
    driverObject->MajorFunction[IRP_MJ_CLOSE] = SecmonDispatchCreateClose;
    driverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SecmonDispatchDeviceControl;
    driverObject->DriverUnload = SecmonUnload;
}

_Use_decl_annotations_
void SecmonUnload(PDRIVER_OBJECT driverObject)
{
    UNREFERENCED_PARAMETER(driverObject);

    PAGED_CODE();

    kutil::PoolDeleter<Monitor>()(g_Monitor);
    g_Monitor = nullptr;
    SM_LOG(DPFLTR_INFO_LEVEL, "unloaded");
}

_Use_decl_annotations_
NTSTATUS SecmonDispatchCreateClose(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    UNREFERENCED_PARAMETER(deviceObject);
    return CompleteIrp(irp, STATUS_SUCCESS);
}

_Use_decl_annotations_
NTSTATUS SecmonDispatchUnsupported(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    UNREFERENCED_PARAMETER(deviceObject);
    return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
}

_Use_decl_annotations_
NTSTATUS SecmonDispatchDeviceControl(PDEVICE_OBJECT deviceObject, PIRP irp)
{
    UNREFERENCED_PARAMETER(deviceObject);

    auto stack = IoGetCurrentIrpStackLocation(irp);
    Monitor* monitor = Monitor::Instance();

    if (monitor == nullptr) {
        return CompleteIrp(irp, STATUS_DEVICE_NOT_READY);
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SECMON_READ_EVENTS: {
        ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
        ULONG maxEvents = outLength / sizeof(SecmonEvent);
        if (maxEvents == 0) {
            return CompleteIrp(irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto out = static_cast<SecmonEvent*>(irp->AssociatedIrp.SystemBuffer);
        ULONG n = monitor->Ring().Drain(out, maxEvents);
        return CompleteIrp(irp, STATUS_SUCCESS, n * sizeof(SecmonEvent));
    }
    default:
        return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

} // namespace

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    SetupDispatch(DriverObject);

    const ULONG capacity = ReadRingCapacity(RegistryPath);

    kutil::UniquePtr<Monitor> monitor(
        new (POOL_FLAG_NON_PAGED, SECMON_TAG) Monitor(DriverObject));
    if (!monitor) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    //
    // On failure the local owner destroys the monitor, which undoes every
    // registration that Initialize managed to make.
    //
    RETURN_IF_NT_FAILED(monitor->Initialize(capacity));

    g_Monitor = monitor.Release();

    SM_LOG(DPFLTR_INFO_LEVEL, "loaded, ring capacity %lu", capacity);
    return STATUS_SUCCESS;
}
