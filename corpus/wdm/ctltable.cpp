/*
 * ctltable.cpp - "regpeek": a C++ control-device driver whose dispatch
 * routines come from a constexpr table of {major function, routine} rows,
 * stored by a range-for. Each row is lowered on its own, so each store
 * names its slot: the table sets IRP_MJ_CREATE and IRP_MJ_CLOSE, which a
 * client opening the symbolic link needs (the table was read as a loop
 * setting every slot before, so a table without them went unreported).
 */

#include <ntddk.h>

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\RegPeek");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\RegPeek");

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH OpenClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH Control;

_Use_decl_annotations_
NTSTATUS OpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS Control(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

struct Route {
    UCHAR Major;
    PDRIVER_DISPATCH Handler;
};

constexpr Route kRoutes[] = {
    { IRP_MJ_CREATE, OpenClose },
    { IRP_MJ_CLOSE, OpenClose },
    { IRP_MJ_DEVICE_CONTROL, Control },
};

} // namespace

DRIVER_UNLOAD PeekUnload;

void PeekUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    for (const auto &route : kRoutes)
        DriverObject->MajorFunction[route.Major] = route.Handler;
    DriverObject->DriverUnload = PeekUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
