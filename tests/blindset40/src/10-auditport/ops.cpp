//
// ops.cpp
//
// IRP_MJ_SET_INFORMATION pre-operation: spot deletes and renames.
//

#include "auditport.h"

namespace audit {

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFLT_FILE_NAME_INFORMATION  nameInfo = nullptr;
    AP_OPERATION                op;
    NTSTATUS                    status;

    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = nullptr;

    if (!g.Enabled || g.ClientPort == nullptr) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {

    case FileDispositionInformation:
    case FileDispositionInformationEx:
        op = ApOpDelete;
        break;

    case FileRenameInformation:
    case FileRenameInformationEx:
        op = ApOpRename;
        break;

    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (NT_SUCCESS(status)) {
        Notify(op, &nameInfo->Name);
        FltReleaseFileNameInformation(nameInfo);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // namespace audit
