//
// driver.cpp - SnapVault entry, registration and teardown
//
#include "snapvault.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

PFLT_FILTER   SnapVault::s_Filter = nullptr;
ERESOURCE     SnapVault::s_TableLock;
LIST_ENTRY    SnapVault::s_DirtyList;
ULONG         SnapVault::s_DirtyCount = 0;
SV_NAME_CACHE SnapVault::s_Names;

const FLT_OPERATION_REGISTRATION SnapVault::s_Ops[] = {
    { IRP_MJ_WRITE,           FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, SvPreWrite,   nullptr },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, SvPreSetInfo, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION SnapVault::s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,                    // no contexts
    s_Ops,
    SnapVault::Unload,
    SvInstanceSetup,
    nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr
};

NTSTATUS SnapVault::Initialize(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = ExInitializeResourceLite(&s_TableLock);
    if (!NT_SUCCESS(status)) {
        SVERR("ExInitializeResourceLite 0x%08X\n", status);
        return status;
    }

    InitializeListHead(&s_DirtyList);
    s_DirtyCount = 0;

    ExInitializePagedLookasideList(&s_Names.Paged,
                                   nullptr, nullptr, 0,
                                   sizeof(SV_NAME_ENTRY),
                                   SV_NAME_TAG, 0);

    status = FltRegisterFilter(DriverObject, &s_Registration, &s_Filter);
    if (!NT_SUCCESS(status)) {
        SVERR("FltRegisterFilter 0x%08X\n", status);
        goto undo_lists;
    }

    status = FltStartFiltering(s_Filter);
    if (!NT_SUCCESS(status)) {
        SVERR("FltStartFiltering 0x%08X\n", status);
        FltUnregisterFilter(s_Filter);
        s_Filter = nullptr;
        goto undo_lists;
    }

    SVLOG("filtering started\n");
    return STATUS_SUCCESS;

undo_lists:
    ExDeletePagedLookasideList(&s_Names.Paged);
    ExDeleteResourceLite(&s_TableLock);
    return status;
}

NTSTATUS FLTAPI SnapVault::Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SVLOG("unload, %lu files still dirty\n", s_DirtyCount);

    FltUnregisterFilter(s_Filter);
    s_Filter = nullptr;

    // callbacks are gone, the list is ours now
    FlushDirtyList();
    ExDeleteNPagedLookasideList(&s_Names.NonPaged);

    return STATUS_SUCCESS;
}

void SnapVault::FlushDirtyList()
{
    PAGED_CODE();

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_TableLock, TRUE);

    while (!IsListEmpty(&s_DirtyList)) {
        PLIST_ENTRY e = RemoveHeadList(&s_DirtyList);
        auto entry = CONTAINING_RECORD(e, SV_NAME_ENTRY, Link);
        ExFreeToPagedLookasideList(&s_Names.Paged, entry);
    }
    s_DirtyCount = 0;

    ExReleaseResourceLite(&s_TableLock);
    KeLeaveCriticalRegion();
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    SVLOG("DriverEntry, built " __DATE__ "\n");
    return SnapVault::Initialize(DriverObject);
}
