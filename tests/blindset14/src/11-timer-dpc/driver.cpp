// driver.cpp - TickDemo: periodic timer, DPC and work item, with stats
// readable through \\.\TickDemo
#include "Ticker.h"

#define IOCTL_TICK_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TickUnload;
static DRIVER_DISPATCH TickCreateClose;
static DRIVER_DISPATCH TickIoctl;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\TickDemo");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\TickDemo");

static ULONG ReadPeriod(PUNICODE_STRING registryPath)
{
    ULONG period = tick::kDefaultPeriodMs;
    ULONG fallback = tick::kDefaultPeriodMs;
    RTL_QUERY_REGISTRY_TABLE table[2] = {};

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = const_cast<PWSTR>(L"PeriodMs");
    table[0].EntryContext = &period;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &fallback;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, registryPath->Buffer, table, nullptr, nullptr))) {
        period = fallback;
    }
    return (period < 10) ? 10 : period;
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    status = tick::Ticker::Init(device, ReadPeriod(RegistryPath));
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->DriverUnload = TickUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TickIoctl;
    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    // first tick one period from now, then every period
    LARGE_INTEGER due;
    due.QuadPart = -static_cast<LONGLONG>(tick::Ticker::PeriodMs()) * 10000;
    KeSetTimerEx(tick::Ticker::Timer(), due, static_cast<LONG>(tick::Ticker::PeriodMs()), tick::Ticker::Dpc());

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ticker: running every %lu ms\n", tick::Ticker::PeriodMs());
    return STATUS_SUCCESS;
}

static void TickUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    tick::Ticker::Shutdown();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ticker: unloaded\n");
}

static NTSTATUS TickCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS TickIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_TICK_GET_STATS) {
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(tick::Stats)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            *static_cast<tick::Stats*>(Irp->AssociatedIrp.SystemBuffer) = tick::Ticker::Snapshot();
            info = sizeof(tick::Stats);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
