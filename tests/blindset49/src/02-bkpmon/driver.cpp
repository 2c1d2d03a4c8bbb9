//
// driver.cpp - bkpmon entry point and filter registration
//
#include "bkpmon.h"

#ifdef BKP_USE_WPP
#include "driver.tmh"
#endif

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace bkp {

PFLT_FILTER Filter::s_Filter = nullptr;
PDRIVER_OBJECT g_DriverObject = nullptr;     // for WPP_CLEANUP only

const FLT_CONTEXT_REGISTRATION Filter::s_Contexts[] = {
    { FLT_INSTANCE_CONTEXT,     0, nullptr,        sizeof(InstanceContext), BKP_POOL_TAG },
    { FLT_STREAMHANDLE_CONTEXT, 0, nullptr,        sizeof(HandleContext),   BKP_POOL_TAG },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION Filter::s_Operations[] = {
    { IRP_MJ_CREATE,          0,                           nullptr,    PostCreate },
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
                                                           PreWrite,   nullptr },
    { IRP_MJ_SET_INFORMATION, 0,                           nullptr,    PostSetInformation },
    { IRP_MJ_CLEANUP,         0,                           PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Filter::s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    s_Contexts,
    s_Operations,
    Filter::Unload,
    InstanceSetup,
    nullptr,                    // no manual detach while a backup is pending
    nullptr,
    InstanceTeardownComplete,
    nullptr, nullptr, nullptr, nullptr, nullptr
};

NTSTATUS Filter::Register(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = FltRegisterFilter(DriverObject, &s_Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        s_Filter = nullptr;
    }
    return status;
}

NTSTATUS Filter::Start()
{
    NT_ASSERT(s_Filter != nullptr);
    return FltStartFiltering(s_Filter);
}

void Filter::Unregister()
{
    if (s_Filter != nullptr) {
        FltUnregisterFilter(s_Filter);
        s_Filter = nullptr;
    }
}

NTSTATUS FLTAPI Filter::Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "Unload flags=0x%x", Flags);
    Unregister();

#ifdef BKP_USE_WPP
    WPP_CLEANUP(g_DriverObject);
#endif
    return STATUS_SUCCESS;
}

} // namespace bkp

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    bkp::g_DriverObject = DriverObject;

#ifdef BKP_USE_WPP
    WPP_INIT_TRACING(DriverObject, RegistryPath);
#endif

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry %wZ", RegistryPath);

    status = bkp::Filter::Register(DriverObject);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "FltRegisterFilter failed 0x%08X", status);
#ifdef BKP_USE_WPP
        WPP_CLEANUP(DriverObject);
#endif
        return status;
    }

    status = bkp::Filter::Start();
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "FltStartFiltering failed 0x%08X", status);
        bkp::Filter::Unregister();
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry done");
    return STATUS_SUCCESS;
}
