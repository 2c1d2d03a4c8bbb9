//
// driver.cpp - handlectx entry point and filter registration
//
#include "handlectx.h"

using namespace hctx;

PFLT_FILTER     Filter::Handle = nullptr;
ExtensionTable* Filter::Extensions = nullptr;

namespace {

const FLT_CONTEXT_REGISTRATION ContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT,     0, ContextCleanup, sizeof(InstanceContext), HCTX_INSTANCE_TAG },
    { FLT_STREAMHANDLE_CONTEXT, 0, ContextCleanup, sizeof(HandleContext),   HCTX_HANDLE_TAG },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_CREATE,  0, nullptr,      PostCreate },
    { IRP_MJ_READ,    0, PreReadWrite, nullptr },
    { IRP_MJ_WRITE,   0, PreReadWrite, nullptr },
    { IRP_MJ_CLEANUP, 0, PreCleanup,   nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    ContextRegistration,
    Operations,
    Filter::Unload,
    InstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

// defaults; a registry override was planned but never needed
const PCWSTR DefaultExtensions[] = { L"docx", L"xlsx", L"pdf", L"txt", L"db", L"sqlite" };

void LoadDefaultExtensions(ExtensionTable* table)
{
    table->Count = 0;
    for (auto ext : DefaultExtensions) {
        if (table->Count == ExtensionTable::MaxEntries)
            break;
        RtlInitUnicodeString(&table->Entries[table->Count++], ext);
    }
}

} // namespace

NTSTATUS Filter::Start(PDRIVER_OBJECT driver)
{
    NTSTATUS status = FltRegisterFilter(driver, &Registration, &Handle);
    if (!NT_SUCCESS(status)) {
        HERR("FltRegisterFilter failed 0x%08X", status);
        return status;
    }

    do {
        Extensions = new (POOL_FLAG_NON_PAGED) ExtensionTable;
        if (!Extensions) {
            HERR("no memory for the extension table");
            break;
        }
        LoadDefaultExtensions(Extensions);

        status = FltStartFiltering(Handle);
        if (!NT_SUCCESS(status)) {
            HERR("FltStartFiltering failed 0x%08X", status);
            break;
        }

        HLOG("filtering %lu extensions", Extensions->Count);
        return STATUS_SUCCESS;

    } while (false);

    // undo in reverse
    delete Extensions;
    Extensions = nullptr;
    FltUnregisterFilter(Handle);
    Handle = nullptr;
    return status;
}

NTSTATUS FLTAPI Filter::Unload(FLT_FILTER_UNLOAD_FLAGS flags)
{
    UNREFERENCED_PARAMETER(flags);
    PAGED_CODE();

    HLOG("unloading");

    FltUnregisterFilter(Handle);
    Handle = nullptr;

    delete Extensions;
    Extensions = nullptr;

    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    HLOG("DriverEntry, built " __DATE__ " " __TIME__);
    return Filter::Start(DriverObject);
}
