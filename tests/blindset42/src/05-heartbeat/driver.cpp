// driver.cpp - "hbdrv": keeps a heartbeat timer running and lets a tool
// read the stats through \\.\HbDrv
#include <ntddk.h>
#include "heartbeat.h"

#define HB_DEVICE_NAME  L"\\Device\\HbDrv"
#define HB_LINK_NAME    L"\\??\\HbDrv"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT  g_Device = nullptr;
bool            g_LinkCreated = false;
ULONG           g_PeriodMs = 500;

// Cleanup is shared by the DriverEntry failure paths and the unload routine
void Cleanup()
{
    if (g_LinkCreated) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(HB_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        g_LinkCreated = false;
    }
    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
}

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Function_class_(DRIVER_DISPATCH)
NTSTATUS HbCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

_Function_class_(DRIVER_DISPATCH)
NTSTATUS HbDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_HB_GET_STATS:
        if (dic.OutputBufferLength < sizeof(HB_STATS)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        Heartbeat::Snapshot(static_cast<HB_STATS*>(Irp->AssociatedIrp.SystemBuffer));
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(HB_STATS));

    default:
        break;
    }
    return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

_Function_class_(DRIVER_UNLOAD)
void HbUnload(PDRIVER_OBJECT)
{
    KdPrint(("[hb] unload\n"));
    Heartbeat::Stop();
    Cleanup();
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS st = STATUS_SUCCESS;

    KdPrint(("[hb] DriverEntry\n"));

    DriverObject->DriverUnload = HbUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDeviceControl;

    UNICODE_STRING devName = RTL_CONSTANT_STRING(HB_DEVICE_NAME);
    st = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                        FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(st)) {
        HB_LOG("IoCreateDevice failed %08X\n", st);
        return st;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    UNICODE_STRING link = RTL_CONSTANT_STRING(HB_LINK_NAME);
    st = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(st)) {
        HB_LOG("IoCreateSymbolicLink failed %08X\n", st);
        Cleanup();
        return st;
    }
    g_LinkCreated = true;

    if (!Heartbeat::Start(g_PeriodMs)) {
        HB_LOG("heartbeat did not start\n");
        Cleanup();
        return st;
    }

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("[hb] ready, period=%lu\n", g_PeriodMs));
    return STATUS_SUCCESS;
}
