//
// driver.cpp - fltscan registration and unload
//
#include "fltscan.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace {

const FLT_OPERATION_REGISTRATION kOperations[] = {
    { IRP_MJ_CREATE, 0, scan::PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION kRegistration = {
    sizeof(FLT_REGISTRATION),       // Size
    FLT_REGISTRATION_VERSION,       // Version
    0,                              // Flags
    nullptr,                        // ContextRegistration
    kOperations,                    // OperationRegistration
    scan::Unload,                   // FilterUnloadCallback
    scan::InstanceSetup,            // InstanceSetupCallback
    scan::QueryTeardown,            // InstanceQueryTeardownCallback
    nullptr,                        // InstanceTeardownStartCallback
    nullptr,                        // InstanceTeardownCompleteCallback
    nullptr,                        // GenerateFileNameCallback
    nullptr,                        // NormalizeNameComponentCallback
    nullptr                         // NormalizeContextCleanupCallback
};

} // namespace

namespace scan {

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SCANLOG("unload: scanned=%ld blocked=%ld timeouts=%ld",
            g.Stats.Scanned, g.Stats.Blocked, g.Stats.Timeouts);

    FltUnregisterFilter(g.Filter);
    CommPort::Close();
    g.Filter = nullptr;

    return STATUS_SUCCESS;
}

} // namespace scan

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    SCANLOG("DriverEntry");
    scan::g.Driver = DriverObject;

    auto status = FltRegisterFilter(DriverObject, &kRegistration, &scan::g.Filter);
    if (!NT_SUCCESS(status)) {
        SCANERR("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = scan::CommPort::Open(scan::g.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(scan::g.Filter);
        scan::g.Filter = nullptr;
        return status;
    }

    status = FltStartFiltering(scan::g.Filter);
    if (!NT_SUCCESS(status)) {
        SCANERR("FltStartFiltering 0x%08X", status);
        scan::CommPort::Close();
        FltUnregisterFilter(scan::g.Filter);
        scan::g.Filter = nullptr;
        return status;
    }

    SCANLOG("filtering started");
    return STATUS_SUCCESS;
}
