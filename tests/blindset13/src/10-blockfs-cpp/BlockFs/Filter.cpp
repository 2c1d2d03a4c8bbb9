//
// Filter.cpp - refuse creates (and renames) of files whose extension is on
// the block list.
//
#include "Filter.h"
#include "Config.h"

namespace blockfs {

PFLT_FILTER Filter::Handle = nullptr;

const FLT_OPERATION_REGISTRATION Filter::s_ops[] = {
    { IRP_MJ_CREATE, 0, Filter::PreCreate, nullptr },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, Filter::PreSetInfo, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Filter::Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    Filter::s_ops,
    Filter::Unload,
};

bool Filter::ShouldBlock(PFLT_CALLBACK_DATA Data)
{
    NameInfo name;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &name))) {
        return false;
    }
    if (!NT_SUCCESS(FltParseFileNameInformation(name.operator->()))) {
        return false;
    }
    return Config::IsBlocked(&name->Extension);
}

FLT_PREOP_CALLBACK_STATUS Filter::PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS, PVOID*)
{
    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    auto disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    if (disposition == FILE_OPEN) {
        // only stop new files from appearing
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (ShouldBlock(Data)) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS Filter::PreSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID*)
{
    auto cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    if (cls != FileRenameInformation && cls != FileRenameInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto rename = static_cast<PFILE_RENAME_INFORMATION>(Data->Iopb->Parameters.SetFileInformation.InfoBuffer);
    NameInfo target;
    if (!NT_SUCCESS(FltGetDestinationFileNameInformation(
            FltObjects->Instance, FltObjects->FileObject, rename->RootDirectory,
            rename->FileName, rename->FileNameLength,
            FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &target))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (NT_SUCCESS(FltParseFileNameInformation(target.operator->())) &&
        Config::IsBlocked(&target->Extension)) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS Filter::Unload(FLT_FILTER_UNLOAD_FLAGS)
{
    FltUnregisterFilter(Handle);
    Handle = nullptr;
    Config::Unload();
    return STATUS_SUCCESS;
}

} // namespace blockfs
