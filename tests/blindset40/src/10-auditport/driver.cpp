//
// driver.cpp
//
// DriverEntry and FilterUnload.  Set-up order:
//
//   message pool -> FltRegisterFilter -> server port -> FltStartFiltering
//
// and teardown is the exact reverse (the port has to be closed before
// FltUnregisterFilter, otherwise unload can hang).
//

#include "auditport.h"

audit::State audit::g;

extern "C" DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI ApUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static const FLT_OPERATION_REGISTRATION s_Callbacks[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      audit::PreSetInformation, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,                // contexts
    s_Callbacks,
    ApUnload,
    nullptr,                // InstanceSetup: attach everywhere
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr
};

namespace {

//
// Undoes whatever DriverEntry got through, in reverse order, unless
// Dismiss() is called on the success path.
//
class InitRollback {
public:
    InitRollback() = default;
    InitRollback(const InitRollback&) = delete;
    InitRollback& operator=(const InitRollback&) = delete;

    ~InitRollback()
    {
        if (m_dismissed) {
            return;
        }
        if (m_portOpen) {
            audit::CloseServerPort();
        }
        if (m_registered) {
            FltUnregisterFilter(audit::g.Filter);
            audit::g.Filter = nullptr;
        }
        if (audit::g.MessagePoolReady) {
            ExDeleteNPagedLookasideList(&audit::g.MessagePool);
            audit::g.MessagePoolReady = FALSE;
        }
    }

    void Registered()   { m_registered = true; }
    void PortOpen()     { m_portOpen = true; }
    void Dismiss()      { m_dismissed = true; }

private:
    bool m_registered = false;
    bool m_portOpen   = false;
    bool m_dismissed  = false;
};

} // anonymous namespace

#pragma code_seg("PAGE")

static
NTSTATUS FLTAPI
ApUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    AP_TRACE("unload");

    InterlockedExchange(&audit::g.Enabled, 0);

    //
    // 1. server port, 2. filter, 3. global state
    //

    audit::CloseServerPort();

    FltUnregisterFilter(audit::g.Filter);
    audit::g.Filter = nullptr;

    if (audit::g.MessagePoolReady) {
        ExDeleteNPagedLookasideList(&audit::g.MessagePool);
        audit::g.MessagePoolReady = FALSE;
    }

    return STATUS_SUCCESS;
}

#pragma code_seg()

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    InitRollback rollback;
    NTSTATUS     status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&audit::g, sizeof(audit::g));

    //
    // Everything the callbacks touch exists before anything is registered.
    //

    ExInitializeNPagedLookasideList(&audit::g.MessagePool, nullptr, nullptr,
                                    POOL_NX_ALLOCATION, sizeof(AP_NOTIFICATION), AP_TAG, 0);
    audit::g.MessagePoolReady = TRUE;
    audit::g.Enabled = 1;

    status = FltRegisterFilter(DriverObject, &s_Registration, &audit::g.Filter);
    if (!NT_SUCCESS(status)) {
        AP_ERROR("FltRegisterFilter failed 0x%08X", status);
        return status;
    }
    rollback.Registered();

    status = audit::OpenServerPort();
    if (!NT_SUCCESS(status)) {
        AP_ERROR("OpenServerPort failed 0x%08X", status);
        return status;
    }
    rollback.PortOpen();

    status = FltStartFiltering(audit::g.Filter);
    if (!NT_SUCCESS(status)) {
        AP_ERROR("FltStartFiltering failed 0x%08X", status);
        return status;
    }

    rollback.Dismiss();

    AP_TRACE("started");
    return STATUS_SUCCESS;
}
