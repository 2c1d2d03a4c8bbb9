//
// cow.cpp - write/set-info interception and the dirty list
//
#include "snapvault.h"

static bool WantsTracking(_In_ PFLT_CALLBACK_DATA Data)
{
    if (KeGetCurrentIrql() > PASSIVE_LEVEL) {
        return false;           // names need PASSIVE, see the union comment
    }
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO)) {
        return false;
    }
    return FLT_IS_IRP_OPERATION(Data) != FALSE;
}

static void TrackFromCallback(_In_ PFLT_CALLBACK_DATA Data)
{
    PFLT_FILE_NAME_INFORMATION ni = nullptr;

    NTSTATUS status = FltGetFileNameInformation(Data,
                                                FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                                &ni);
    if (!NT_SUCCESS(status)) {
        return;
    }

    if (!SnapVault::RecordDirty(&ni->Name)) {
        SVLOG("dirty list full, backup will fall back to a full scan\n");
    }
    FltReleaseFileNameInformation(ni);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
SvPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (WantsTracking(Data)) {
        TrackFromCallback(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
SvPreSetInfo(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {
    case FileEndOfFileInformation:
    case FileAllocationInformation:
    case FileRenameInformation:
    case FileDispositionInformation:
        if (WantsTracking(Data)) {
            TrackFromCallback(Data);
        }
        break;
    default:
        break;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI
SvInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM ||
        VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

bool SnapVault::IsAlreadyDirtyLocked(_In_ PCUNICODE_STRING Name)
{
    for (PLIST_ENTRY e = s_DirtyList.Flink; e != &s_DirtyList; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, SV_NAME_ENTRY, Link);
        UNICODE_STRING existing;
        existing.Buffer = entry->Name;
        existing.Length = entry->Length;
        existing.MaximumLength = sizeof(entry->Name);
        if (RtlEqualUnicodeString(&existing, Name, TRUE)) {
            return true;
        }
    }
    return false;
}

bool SnapVault::RecordDirty(_In_ PCUNICODE_STRING Name)
{
    bool recorded = true;

    if (Name->Length > sizeof(((SV_NAME_ENTRY*)nullptr)->Name)) {
        return false;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&s_TableLock, TRUE);

    if (!IsAlreadyDirtyLocked(Name)) {
        if (s_DirtyCount >= SV_MAX_DIRTY) {
            recorded = false;
        } else {
            auto entry = static_cast<SV_NAME_ENTRY*>(ExAllocateFromPagedLookasideList(&s_Names.Paged));
            if (entry == nullptr) {
                recorded = false;
            } else {
                RtlCopyMemory(entry->Name, Name->Buffer, Name->Length);
                entry->Length = Name->Length;
                InsertTailList(&s_DirtyList, &entry->Link);
                s_DirtyCount++;
            }
        }
    }

    ExReleaseResourceLite(&s_TableLock);
    KeLeaveCriticalRegion();
    return recorded;
}
