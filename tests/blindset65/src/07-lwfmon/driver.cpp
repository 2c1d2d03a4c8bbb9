//
// driver.cpp - lwfmon DriverEntry / unload / control device
//
#include "lwfmon.h"

namespace lwfmon { DriverGlobals G; }

using namespace lwfmon;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD LwfmonUnload;

#define IOCTL_LWFMON_QUERY CTL_CODE(FILE_DEVICE_NETWORK, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

struct MonEntry {
    ULONG  IfIndex;
    LONG64 RxNbls;
    LONG64 RxBytes;
};

static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR written = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWFMON_QUERY) {
        auto out = static_cast<MonEntry*>(irp->AssociatedIrp.SystemBuffer);
        ULONG cap = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(MonEntry);
        ULONG n = 0;

        LockGuard lock(G.Lock);
        for (auto e = G.Modules.Flink; e != &G.Modules && n < cap; e = e->Flink, ++n) {
            auto m = CONTAINING_RECORD(e, Module, Link);
            out[n].IfIndex = m->IfIndex;
            out[n].RxNbls  = m->RxNbls;
            out[n].RxBytes = m->RxBytes;
        }
        written = n * sizeof(MonEntry);
        status = STATUS_SUCCESS;
    }

    irp->IoStatus.Status = status;
    irp->IoStatus.Information = written;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NDIS_STATUS RegisterControlDevice()
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LwfMon");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LwfMon");
    PDRIVER_DISPATCH table[IRP_MJ_MAXIMUM_FUNCTION + 1] = {};

    table[IRP_MJ_CREATE]         = DispatchCreateClose;
    table[IRP_MJ_CLOSE]          = DispatchCreateClose;
    table[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    NDIS_DEVICE_OBJECT_ATTRIBUTES da = {};
    da.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    da.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    da.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    da.DeviceName      = &name;
    da.SymbolicName    = &link;
    da.MajorFunctions  = table;

    return NdisRegisterDeviceEx(G.FilterDriver, &da, &G.Device, &G.DeviceHandle);
}

static void LwfmonUnload(PDRIVER_OBJECT)
{
    KLOG("unload");

    if (G.DeviceHandle != nullptr) {
        NdisDeregisterDeviceEx(G.DeviceHandle);
        G.DeviceHandle = nullptr;
        G.Device = nullptr;
    }

    NdisFDeregisterFilterDriver(G.FilterDriver);
    G.FilterDriver = nullptr;

    G.Lock.Destroy();
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    G.Lock.Init();
    InitializeListHead(&G.Modules);

    NDIS_STRING friendly = RTL_CONSTANT_STRING(L"LwfMon Monitoring Filter");
    NDIS_STRING unique   = RTL_CONSTANT_STRING(L"{3C1E9A52-7D44-4F1B-A0C3-5E6B2D8F9A17}");
    NDIS_STRING service  = RTL_CONSTANT_STRING(L"lwfmon");

    NDIS_FILTER_DRIVER_CHARACTERISTICS fc = {};
    fc.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion   = LWFMON_NDIS_MAJOR;
    fc.MinorNdisVersion   = LWFMON_NDIS_MINOR;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 0;
    fc.FriendlyName = friendly;
    fc.UniqueName   = unique;
    fc.ServiceName  = service;

    fc.AttachHandler                = FilterAttach;
    fc.DetachHandler                = FilterDetach;
    fc.RestartHandler               = FilterRestart;
    fc.PauseHandler                 = FilterPause;
    fc.ReceiveNetBufferListsHandler = FilterReceive;
    fc.ReturnNetBufferListsHandler  = FilterReturn;

    DriverObject->DriverUnload = LwfmonUnload;

    NDIS_STATUS status = NdisFRegisterFilterDriver(DriverObject, DriverObject, &fc,
                                                   &G.FilterDriver);
    if (status != NDIS_STATUS_SUCCESS) {
        KLOG("NdisFRegisterFilterDriver 0x%x", status);
        G.Lock.Destroy();
        return status;
    }

    status = RegisterControlDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        KLOG("control device 0x%x", status);
        G.Lock.Destroy();
        return status;
    }

    KLOG("up");
    return STATUS_SUCCESS;
}
