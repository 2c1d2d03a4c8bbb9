//
// driver.cpp - RegWatch entry points.
//
#include "RegFilter.h"

#define IOCTL_REGWATCH_READ CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RW_LOG(...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__))

namespace {

constexpr wchar_t kDeviceName[] = L"\\Device\\RegWatch";
constexpr wchar_t kLinkName[] = L"\\??\\RegWatch";
// FSFilter Activity Monitor range; good enough for a lab VM
constexpr wchar_t kAltitude[] = L"385211";

PDEVICE_OBJECT g_Device;
UNICODE_STRING g_Link;

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

static void RegWatchUnload(PDRIVER_OBJECT)
{
    CmUnRegisterCallback(regwatch::RegFilter::Cookie);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
    regwatch::RegFilter::FreeAll();
    RW_LOG("regwatch: unloaded\n");
}

static NTSTATUS RegWatchCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS RegWatchDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_REGWATCH_READ) {
        return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    auto maxCount = stack->Parameters.DeviceIoControl.OutputBufferLength / sizeof(regwatch::RegRecordOut);
    auto out = static_cast<regwatch::RegRecordOut*>(irp->AssociatedIrp.SystemBuffer);
    auto n = regwatch::RegFilter::Read(out, maxCount);
    return CompleteIrp(irp, STATUS_SUCCESS, n * sizeof(regwatch::RegRecordOut));
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    UNICODE_STRING devName, altitude;
    RtlInitUnicodeString(&devName, kDeviceName);
    RtlInitUnicodeString(&g_Link, kLinkName);
    RtlInitUnicodeString(&altitude, kAltitude);

    regwatch::RegFilter::Init();

    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        RW_LOG("regwatch: IoCreateDevice 0x%08X\n", status);
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = CmRegisterCallbackEx(regwatch::RegFilter::OnRegistry, &altitude, DriverObject,
                                  nullptr, &regwatch::RegFilter::Cookie, nullptr);

    status = IoCreateSymbolicLink(&g_Link, &devName);
    if (!NT_SUCCESS(status)) {
        RW_LOG("regwatch: IoCreateSymbolicLink 0x%08X\n", status);
        CmUnRegisterCallback(regwatch::RegFilter::Cookie);
        IoDeleteDevice(g_Device);
        return status;
    }

    DriverObject->DriverUnload = RegWatchUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegWatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegWatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegWatchDeviceControl;

    RW_LOG("regwatch: loaded\n");
    return STATUS_SUCCESS;
}
