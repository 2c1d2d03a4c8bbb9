#include "lwfctl.h"

using namespace lwfctl;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD LwfCtlUnload;

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "DriverEntry %p", DriverObject);

    DriverObject->DriverUnload = LwfCtlUnload;

    NDIS_STATUS status = Filter::Register(DriverObject);
    TraceEvents(TRACE_LEVEL_VERBOSE, DBG_INIT, "filter register -> 0x%08x", status);

    status = Control::Create();
    if (status != NDIS_STATUS_SUCCESS) {
        Filter::Deregister();
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "ready");
    return STATUS_SUCCESS;
}

static void
LwfCtlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    Control::Destroy();
    Filter::Deregister();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "unloaded");
}
