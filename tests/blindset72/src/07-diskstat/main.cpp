#include "diskstat.h"

namespace diskstat { Globals g = {}; }
using namespace diskstat;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD DsUnload;
static DRIVER_NOTIFICATION_CALLBACK_ROUTINE DsInterfaceArrival;

static NTSTATUS
DsInterfaceArrival(PVOID NotificationStructure, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    auto n = static_cast<PDEVICE_INTERFACE_CHANGE_NOTIFICATION>(NotificationStructure);

    if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_ARRIVAL)) {
        DSLOG("disk arrived %wZ", n->SymbolicLinkName);
    } else if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_REMOVAL)) {
        DSLOG("disk removed %wZ", n->SymbolicLinkName);
    }
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g.Driver = DriverObject;

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
        DriverObject->MajorFunction[i] = DispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = DispatchPnp;
    DriverObject->DriverExtension->AddDevice  = AddDevice;
    DriverObject->DriverUnload = DsUnload;

    NTSTATUS st = IoRegisterPlugPlayNotification(
        EventCategoryDeviceInterfaceChange,
        0,
        const_cast<GUID*>(&GUID_DEVINTERFACE_DISK),
        DriverObject,
        DsInterfaceArrival,
        nullptr,
        &g.InterfaceNotify);
    if (!NT_SUCCESS(st)) {
        // not fatal, we just lose the arrival log
        DSLOG("no interface notifications (0x%08x)", st);
        g.InterfaceNotify = nullptr;
    }

    DSLOG("DriverEntry ok");
    return STATUS_SUCCESS;
}

static void
DsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DSLOG("unload, %ld disks seen", g.DiskCount);
}
