//
// portspy.sys -- upper filter for serial ports (Ports class).  Counts bytes
// both ways per port and serves the counters from \\.\PortSpy.
//
#include "portspy.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

using namespace portspy;

WDFDRIVER     Registry::s_Driver    = nullptr;
WDFCOLLECTION Registry::s_Filters   = nullptr;
WDFWAITLOCK   Registry::s_Lock      = nullptr;
WDFDEVICE     Registry::s_Control   = nullptr;
ULONG         Registry::s_NextIndex = 0;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        PSLOG("WdfDriverCreate %08X", status);
        return status;
    }

    // collection + lock are children of the driver object; if this fails the
    // framework deletes the driver object and them with it
    status = Registry::Init(driver);
    if (!NT_SUCCESS(status)) {
        PSLOG("Registry::Init %08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
Registry::Init(
    _In_ WDFDRIVER Driver
    )
{
    WDF_OBJECT_ATTRIBUTES attr;

    s_Driver = Driver;

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = Driver;
    NTSTATUS status = WdfCollectionCreate(&attr, &s_Filters);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = Driver;
    return WdfWaitLockCreate(&attr, &s_Lock);
}

NTSTATUS
Registry::CreateControl()
{
    DECLARE_CONST_UNICODE_STRING(name, PS_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(link, PS_CONTROL_LINK);
    WDF_IO_QUEUE_CONFIG qc;
    WDFDEVICE control = nullptr;
    NTSTATUS status;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(s_Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(init, &name);
    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
    }
    if (!NT_SUCCESS(status)) {
        // init is still ours if either call failed
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(control, &link);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
        qc.EvtIoDeviceControl = EvtControlIoctl;

        // the handler takes s_Lock (a wait lock)
        WDF_OBJECT_ATTRIBUTES qattr;
        WDF_OBJECT_ATTRIBUTES_INIT(&qattr);
        qattr.ExecutionLevel = WdfExecutionLevelPassive;
        status = WdfIoQueueCreate(control, &qc, &qattr, WDF_NO_HANDLE);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(control);
        return status;
    }

    WdfControlFinishInitializing(control);
    s_Control = control;
    return STATUS_SUCCESS;
}

NTSTATUS
Registry::Attach(
    _In_ WDFDEVICE Filter
    )
{
    WaitLockGuard guard(s_Lock);
    FilterCtx* fc = GetFilterCtx(Filter);

    if (WdfCollectionGetCount(s_Filters) >= PS_MAX_PORTS) {
        return STATUS_TOO_MANY_NODES;
    }

    NTSTATUS status = WdfCollectionAdd(s_Filters, Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    fc->Tracked = TRUE;
    fc->Index = s_NextIndex++;
    fc->Counters.Index = fc->Index;

    if (s_Control == nullptr) {
        status = CreateControl();
        if (!NT_SUCCESS(status)) {
            // EvtFilterCleanup runs when the framework deletes the failed
            // device; it takes care of the collection entry
            PSLOG("control device %08X", status);
            return status;
        }
    }
    return STATUS_SUCCESS;
}

void
Registry::Detach(
    _In_ WDFDEVICE Filter
    )
{
    WaitLockGuard guard(s_Lock);
    FilterCtx* fc = GetFilterCtx(Filter);

    if (fc->Tracked) {
        WdfCollectionRemove(s_Filters, Filter);
        fc->Tracked = FALSE;
    }

    // a PnP driver has to get rid of its control device itself, otherwise
    // the driver never unloads
    if (WdfCollectionGetCount(s_Filters) == 0 && s_Control != nullptr) {
        WdfObjectDelete(s_Control);
        s_Control = nullptr;
    }
}
