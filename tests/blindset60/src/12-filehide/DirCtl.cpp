//
// DirCtl.cpp - strip hidden names out of IRP_MN_QUERY_DIRECTORY results
//
#include "FileHide.h"

using namespace fh;

namespace {

// every directory info class starts with NextEntryOffset and has FileNameLength/FileName;
// returns the valid bytes left (0 = every entry was hidden)
template <typename T>
ULONG StripHidden(PUCHAR buffer, ULONG valid)
{
    T* prev = nullptr;
    T* cur  = reinterpret_cast<T*>(buffer);

    for (;;) {
        ULONG next = cur->NextEntryOffset;
        if (HideList::Contains(cur->FileName, cur->FileNameLength)) {
            if (prev != nullptr) {
                prev->NextEntryOffset = (next == 0) ? 0 : prev->NextEntryOffset + next;
                if (next == 0) {
                    break;
                }
                cur = reinterpret_cast<T*>(reinterpret_cast<PUCHAR>(cur) + next);
                continue;
            }
            if (next == 0) {
                return 0;
            }
            // first entry: slide the rest of the buffer down over it
            valid -= next;
            RtlMoveMemory(cur, reinterpret_cast<PUCHAR>(cur) + next, valid);
            continue;
        }

        if (next == 0) {
            break;
        }
        prev = cur;
        cur  = reinterpret_cast<T*>(reinterpret_cast<PUCHAR>(cur) + next);
    }
    return valid;
}

ULONG Strip(FILE_INFORMATION_CLASS cls, PUCHAR buffer, ULONG valid)
{
    switch (cls) {
    case FileDirectoryInformation:       return StripHidden<FILE_DIRECTORY_INFORMATION>(buffer, valid);
    case FileFullDirectoryInformation:   return StripHidden<FILE_FULL_DIR_INFORMATION>(buffer, valid);
    case FileBothDirectoryInformation:   return StripHidden<FILE_BOTH_DIR_INFORMATION>(buffer, valid);
    case FileIdFullDirectoryInformation: return StripHidden<FILE_ID_FULL_DIR_INFORMATION>(buffer, valid);
    case FileIdBothDirectoryInformation: return StripHidden<FILE_ID_BOTH_DIR_INFORMATION>(buffer, valid);
    case FileNamesInformation:           return StripHidden<FILE_NAMES_INFORMATION>(buffer, valid);
    default:                             return valid;     // classes we don't know: leave alone
    }
}

} // namespace

FLT_PREOP_CALLBACK_STATUS FLTAPI
fh::PreDirectoryControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (!FLT_IS_IRP_OPERATION(Data) || Data->Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    // post-op then runs at PASSIVE_LEVEL in the requesting thread, so the
    // user buffer is addressable and we may reissue the query
    return FLT_PREOP_SYNCHRONIZE;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
fh::PostDirectoryControl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                         PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto& qd = Data->Iopb->Parameters.DirectoryControl.QueryDirectory;

    for (ULONG attempt = 0; ; attempt++) {
        if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Information == 0) {
            break;
        }
        PUCHAR buffer = (qd.MdlAddress != nullptr)
            ? static_cast<PUCHAR>(MmGetSystemAddressForMdlSafe(qd.MdlAddress, NormalPagePriority | MdlMappingNoExecute))
            : static_cast<PUCHAR>(qd.DirectoryBuffer);
        if (buffer == nullptr) {
            break;
        }

        ULONG left = 0;
        __try {
            left = Strip(qd.FileInformationClass, buffer, static_cast<ULONG>(Data->IoStatus.Information));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            break;                                  // app freed its buffer, not our problem
        }
        if (left != 0) {
            Data->IoStatus.Information = left;
            break;
        }
        // a batch made only of hidden names: every name is in the list at most
        // once per directory, so after FH_MAX_REISSUE batches we are at the end
        if (attempt == FH_MAX_REISSUE) {
            Data->IoStatus.Status = STATUS_NO_MORE_FILES;
            Data->IoStatus.Information = 0;
            break;
        }
        ClearFlag(Data->Iopb->OperationFlags, SL_RESTART_SCAN | SL_INDEX_SPECIFIED);
        FltSetCallbackDataDirty(Data);
        FltReissueSynchronousIo(FltObjects->Instance, Data);
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}
