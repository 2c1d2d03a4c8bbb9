#include "scanq.h"

namespace scanq {

PFLT_FILTER gFilter = nullptr;

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID, FLT_POST_OPERATION_FLAGS Flags)
{
    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        !Port::HasScanner()) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    auto access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(access, FILE_EXECUTE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    (void)StartScan(Data, Objects);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
PreAcquireSection(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID* Ctx)
{
    HandleContext* hc = nullptr;
    *Ctx = nullptr;

    if (Data->Iopb->Parameters.AcquireForSectionSynchronization.PageProtection != PAGE_EXECUTE &&
        Data->Iopb->Parameters.AcquireForSectionSynchronization.PageProtection != PAGE_EXECUTE_READ) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!NT_SUCCESS(FltGetStreamHandleContext(Objects->Instance, Objects->FileObject,
                                              reinterpret_cast<PFLT_CONTEXT*>(&hc)))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    auto v = hc->Verdict;
    FltReleaseContext(hc);

    if (v == Infected) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_CREATE, 0, nullptr, PostCreate },
    { IRP_MJ_ACQUIRE_FOR_SECTION_SYNCHRONIZATION, 0, PreAcquireSection, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_STREAMHANDLE_CONTEXT, 0, nullptr, sizeof(HandleContext), kTagHandle },
    { FLT_CONTEXT_END }
};

static NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS)
{
    SQLOG("unload, %ld scans in flight", ScanTable::InFlight());

    Port::Close();
    ScanTable::Destroy();
    FltUnregisterFilter(gFilter);
    gFilter = nullptr;
    return STATUS_SUCCESS;
}

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Operations,
    Unload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // namespace scanq

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    using namespace scanq;

    ScanTable::Init();

    auto status = FltRegisterFilter(DriverObject, &Registration, &gFilter);
    if (!NT_SUCCESS(status)) {
        ScanTable::Destroy();
        return status;
    }

    do {
        status = Port::Open(gFilter);
        if (!NT_SUCCESS(status)) {
            SQLOG("port open 0x%08X", status);
            break;
        }
        status = FltStartFiltering(gFilter);
        if (!NT_SUCCESS(status)) {
            SQLOG("start 0x%08X", status);
            Port::Close();
            break;
        }
        SQLOG("running");
        return STATUS_SUCCESS;
    } while (false);

    FltUnregisterFilter(gFilter);
    gFilter = nullptr;
    ScanTable::Destroy();
    return status;
}
