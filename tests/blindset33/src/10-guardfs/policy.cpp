// policy.cpp - protected prefixes and the pre-operation callbacks
#include "guardfs.h"

NTSTATUS Policy::AddPrefix(PCUNICODE_STRING Path)
{
    SIZE_T size = FIELD_OFFSET(GfsPrefix, Buffer) + Path->Length;
    auto prefix = static_cast<GfsPrefix*>(ExAllocatePool2(POOL_FLAG_PAGED, size, GFS_TAG));
    if (prefix == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(prefix->Buffer, Path->Buffer, Path->Length);
    prefix->Path.Buffer = prefix->Buffer;
    prefix->Path.Length = prefix->Path.MaximumLength = Path->Length;

    ExEnterCriticalRegionAndAcquireResourceExclusive(&Globals::PrefixLock);
    InsertTailList(&Globals::Prefixes, &prefix->Link);
    ExReleaseResourceAndLeaveCriticalRegion(&Globals::PrefixLock);

    GFS_LOG("protecting %wZ", &prefix->Path);
    return STATUS_SUCCESS;
}

void Policy::ClearPrefixes()
{
    LIST_ENTRY doomed;
    InitializeListHead(&doomed);

    ExEnterCriticalRegionAndAcquireResourceExclusive(&Globals::PrefixLock);
    while (!IsListEmpty(&Globals::Prefixes)) {
        InsertTailList(&doomed, RemoveHeadList(&Globals::Prefixes));
    }
    ExReleaseResourceAndLeaveCriticalRegion(&Globals::PrefixLock);

    while (!IsListEmpty(&doomed)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&doomed), GfsPrefix, Link), GFS_TAG);
    }
}

bool Policy::IsProtected(PCUNICODE_STRING Name)
{
    bool hit = false;

    ExEnterCriticalRegionAndAcquireResourceShared(&Globals::PrefixLock);
    for (PLIST_ENTRY e = Globals::Prefixes.Flink; e != &Globals::Prefixes; e = e->Flink) {
        auto prefix = CONTAINING_RECORD(e, GfsPrefix, Link);
        if (RtlPrefixUnicodeString(&prefix->Path, Name, TRUE)) {
            hit = true;
            break;
        }
    }
    ExReleaseResourceAndLeaveCriticalRegion(&Globals::PrefixLock);

    return hit;
}

FLT_PREOP_CALLBACK_STATUS Policy::Deny(PFLT_CALLBACK_DATA Data, PCUNICODE_STRING Name)
{
    InterlockedIncrement(&Globals::Blocked);
    CommPort::NotifyBlocked(FltGetRequestorProcessId(Data), Data->Iopb->MajorFunction, Name);

    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI Policy::PreSetInformation(PFLT_CALLBACK_DATA Data,
                                                           PCFLT_RELATED_OBJECTS FltObjects,
                                                           PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto& params = Data->Iopb->Parameters.SetFileInformation;
    bool interesting = false;

    switch (params.FileInformationClass) {
    case FileDispositionInformation:
        interesting = static_cast<PFILE_DISPOSITION_INFORMATION>(params.InfoBuffer)->DeleteFile != FALSE;
        break;
    case FileDispositionInformationEx:
        interesting = FlagOn(static_cast<PFILE_DISPOSITION_INFORMATION_EX>(params.InfoBuffer)->Flags,
                             FILE_DISPOSITION_DELETE) != 0;
        break;
    case FileRenameInformation:
    case FileRenameInformationEx:
        interesting = true;
        break;
    default:
        break;
    }

    if (!interesting) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data,
                                              FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &info))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    FLT_PREOP_CALLBACK_STATUS result = FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (IsProtected(&info->Name)) {
        result = Deny(Data, &info->Name);
    }
    FltReleaseFileNameInformation(info);
    return result;
}
