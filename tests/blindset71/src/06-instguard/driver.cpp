#include "instguard.h"

PFLT_FILTER   ig::State::Filter = nullptr;
volatile LONG ig::State::Enabled = 1;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

// Unregisters the filter when the scope is left unless Dismiss()ed.
class FilterGuard {
public:
    explicit FilterGuard(PFLT_FILTER& f) : m_Filter(f) {}
    ~FilterGuard() {
        if (m_Armed && m_Filter) {
            FltUnregisterFilter(m_Filter);
            m_Filter = nullptr;
        }
    }
    void Dismiss() { m_Armed = false; }
private:
    PFLT_FILTER& m_Filter;
    bool m_Armed = true;
};

const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, nullptr, sizeof(IG_INSTANCE_CONTEXT), IG_TAG },
    { FLT_CONTEXT_END }
};

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE DeviceType, FLT_FILESYSTEM_TYPE FsType)
{
    PAGED_CODE();

    if (DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM || FsType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    IG_INSTANCE_CONTEXT* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                         sizeof(IG_INSTANCE_CONTEXT), NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx->Instance = FltObjects->Instance;
    ctx->Protected = TRUE;
    ctx->BlockedCount = 0;

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ctx, nullptr);
    FltReleaseContext(ctx);
    return status;
}

NTSTATUS FLTAPI QueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS)
{
    PAGED_CODE();
    // refuse manual detach while protection is on
    return ig::State::Enabled ? STATUS_FLT_DO_NOT_DETACH : STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInfo(PFLT_CALLBACK_DATA Data,
                                            PCFLT_RELATED_OBJECTS FltObjects, PVOID* Ctx)
{
    *Ctx = nullptr;
    if (!ig::State::Enabled) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    if (cls != FileDispositionInformation && cls != FileDispositionInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    IG_INSTANCE_CONTEXT* ic = nullptr;
    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance,
                                          reinterpret_cast<PFLT_CONTEXT*>(&ic)))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    FLT_PREOP_CALLBACK_STATUS ret = FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (ic->Protected) {
        InterlockedIncrement(&ic->BlockedCount);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        ret = FLT_PREOP_COMPLETE;
    }
    FltReleaseContext(ic);
    return ret;
}

const FLT_OPERATION_REGISTRATION Ops[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInfo, nullptr },
    { IRP_MJ_OPERATION_END }
};

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS)
{
    PAGED_CODE();
    IG_LOG("unloading");

    FltUnregisterFilter(ig::State::Filter);
    ig::State::Filter = nullptr;

    ig::comm::Stop();
    return STATUS_SUCCESS;
}

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Ops,
    Unload,
    InstanceSetup,
    QueryTeardown,
    nullptr,
    nullptr,
    nullptr, nullptr, nullptr
};

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &ig::State::Filter);
    if (!NT_SUCCESS(status)) {
        IG_LOG("FltRegisterFilter failed 0x%08X", status);
        return status;
    }
    FilterGuard guard(ig::State::Filter);

    status = ig::comm::Start(ig::State::Filter);
    if (!NT_SUCCESS(status)) {
        IG_LOG("port failed 0x%08X", status);
        return status;
    }

    status = FltStartFiltering(ig::State::Filter);
    if (!NT_SUCCESS(status)) {
        IG_LOG("FltStartFiltering failed 0x%08X, running without filtering", status);
        ig::comm::Stop();
        return STATUS_SUCCESS;
    }

    guard.Dismiss();
    IG_LOG("ready");
    return STATUS_SUCCESS;
}
