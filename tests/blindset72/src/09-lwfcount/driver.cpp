#include "lwfcount.h"

namespace lc {

NDIS_HANDLE    Driver::FilterDriverHandle = nullptr;
NDIS_HANDLE    Driver::DeviceHandle = nullptr;
PDEVICE_OBJECT Driver::Device = nullptr;
NDIS_SPIN_LOCK Driver::Lock;
LIST_ENTRY     Driver::Modules;
ULONG          Driver::ModuleCount = 0;

NDIS_STATUS Driver::RegisterFilter(PDRIVER_OBJECT drv)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion   = 6;
    fc.MinorNdisVersion   = 30;
    fc.MajorDriverVersion = 2;
    fc.MinorDriverVersion = 1;

    RtlInitUnicodeString(&fc.FriendlyName, L"LwfCount Filter");
    RtlInitUnicodeString(&fc.UniqueName, L"{a3e4c1d2-7b6f-4e8a-9c0d-1f2e3a4b5c6d}");
    RtlInitUnicodeString(&fc.ServiceName, L"lwfcount");

    fc.AttachHandler  = Attach;
    fc.DetachHandler  = Detach;
    fc.RestartHandler = Restart;
    fc.PauseHandler   = Pause;
    fc.SendNetBufferListsHandler    = Send;
    fc.ReceiveNetBufferListsHandler = Receive;

    return NdisFRegisterFilterDriver(drv, (NDIS_HANDLE)drv, &fc, &FilterDriverHandle);
}

NDIS_STATUS Driver::RegisterDevice()
{
    static PDRIVER_DISPATCH majors[IRP_MJ_MAXIMUM_FUNCTION + 1] = {};
    majors[IRP_MJ_CREATE]         = DeviceDispatch;
    majors[IRP_MJ_CLOSE]          = DeviceDispatch;
    majors[IRP_MJ_CLEANUP]        = DeviceDispatch;
    majors[IRP_MJ_DEVICE_CONTROL] = DeviceDispatch;

    NDIS_STRING name = RTL_CONSTANT_STRING(LC_DEVICE);
    NDIS_STRING link = RTL_CONSTANT_STRING(LC_SYMLINK);

    NDIS_DEVICE_OBJECT_ATTRIBUTES a;
    NdisZeroMemory(&a, sizeof(a));
    a.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    a.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    a.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    a.DeviceName      = &name;
    a.SymbolicName    = &link;
    a.MajorFunctions  = majors;

    return NdisRegisterDeviceEx(FilterDriverHandle, &a, &Device, &DeviceHandle);
}

NTSTATUS Driver::Init(PDRIVER_OBJECT drv)
{
    // global state must exist before NDIS can call FilterAttach
    NdisAllocateSpinLock(&Lock);
    InitializeListHead(&Modules);
    ModuleCount = 0;

    NDIS_STATUS st = RegisterFilter(drv);
    if (st != NDIS_STATUS_SUCCESS) {
        LC_LOG("NdisFRegisterFilterDriver 0x%08x", st);
        NdisFreeSpinLock(&Lock);
        return st;
    }

    st = RegisterDevice();
    if (st != NDIS_STATUS_SUCCESS) {
        LC_LOG("NdisRegisterDeviceEx 0x%08x", st);
        Device = nullptr;
        DeviceHandle = nullptr;
        NdisFDeregisterFilterDriver(FilterDriverHandle);
        FilterDriverHandle = nullptr;
        NdisFreeSpinLock(&Lock);
        return st;
    }
    return STATUS_SUCCESS;
}

void Driver::Shutdown()
{
    if (DeviceHandle) {
        NdisDeregisterDeviceEx(DeviceHandle);
        DeviceHandle = nullptr;
        Device = nullptr;
    }
    if (FilterDriverHandle) {
        NdisFDeregisterFilterDriver(FilterDriverHandle);
        FilterDriverHandle = nullptr;
    }
    NdisFreeSpinLock(&Lock);
}

NTSTATUS DeviceDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS st = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_LC_QUERY) {
            st = STATUS_INVALID_DEVICE_REQUEST;
        } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LC_QUERY_OUT)) {
            st = STATUS_BUFFER_TOO_SMALL;
        } else {
            auto out = static_cast<LC_QUERY_OUT*>(Irp->AssociatedIrp.SystemBuffer);
            RtlZeroMemory(out, sizeof(*out));
            NdisAcquireSpinLock(&Driver::Lock);
            for (auto e = Driver::Modules.Flink; e != &Driver::Modules; e = e->Flink) {
                auto m = CONTAINING_RECORD(e, Module, Link);
                out->Rx += m->Rx;
                out->Tx += m->Tx;
                out->Modules++;
            }
            NdisReleaseSpinLock(&Driver::Lock);
            info = sizeof(*out);
        }
    }

    Irp->IoStatus.Status = st;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return st;
}

} // namespace lc

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD LcUnload;

static void LcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    lc::Driver::Shutdown();
    LC_LOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS st = lc::Driver::Init(DriverObject);
    if (!NT_SUCCESS(st)) {
        return st;
    }
    DriverObject->DriverUnload = LcUnload;
    LC_LOG("loaded");
    return STATUS_SUCCESS;
}
