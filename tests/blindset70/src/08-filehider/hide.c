#include "hider.h"

// both classes have NextEntryOffset first and end in FileName
#define NEXT_OF(p)  (*(PULONG)(p))

static BOOLEAN GetName(FILE_INFORMATION_CLASS Class, PVOID Entry, PUNICODE_STRING Name)
{
    switch (Class) {
    case FileBothDirectoryInformation: {
        PFILE_BOTH_DIR_INFORMATION e = (PFILE_BOTH_DIR_INFORMATION)Entry;
        Name->Buffer = e->FileName;
        Name->Length = Name->MaximumLength = (USHORT)e->FileNameLength;
        return TRUE;
    }
    case FileIdBothDirectoryInformation: {
        PFILE_ID_BOTH_DIR_INFORMATION e = (PFILE_ID_BOTH_DIR_INFORMATION)Entry;
        Name->Buffer = e->FileName;
        Name->Length = Name->MaximumLength = (USHORT)e->FileNameLength;
        return TRUE;
    }
    default:
        return FALSE;
    }
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI FhPostDirCtrl(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    FILE_INFORMATION_CLASS cls;
    PUCHAR buf, cur, prev = NULL;
    UNICODE_STRING name;
    ULONG next;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status))
        return FLT_POSTOP_FINISHED_PROCESSING;
    if (Data->Iopb->MinorFunction != IRP_MN_QUERY_DIRECTORY || Globals.Prefix.Length == 0)
        return FLT_POSTOP_FINISHED_PROCESSING;

    cls = Data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass;
    buf = (PUCHAR)Data->Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer;
    if (buf == NULL)
        return FLT_POSTOP_FINISHED_PROCESSING;

    __try {
        cur = buf;
        for (;;) {
            next = NEXT_OF(cur);
            if (!GetName(cls, cur, &name))
                break;

            if (RtlPrefixUnicodeString(&Globals.Prefix, &name, TRUE)) {
                InterlockedIncrement((PLONG)&Globals.Hidden);
                if (prev) {
                    NEXT_OF(prev) = next ? NEXT_OF(prev) + next : 0;
                } else if (next == 0) {
                    Data->IoStatus.Status = STATUS_NO_MORE_FILES;
                    Data->IoStatus.Information = 0;
                    FltSetCallbackDataDirty(Data);
                    break;
                } else {
                    // first entry: slide the rest down over it
                    ULONG remain = (ULONG)Data->IoStatus.Information - next;
                    RtlMoveMemory(cur, cur + next, remain);
                    Data->IoStatus.Information = remain;
                    continue;
                }
            } else {
                prev = cur;
            }

            if (next == 0)
                break;
            cur += next;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        DBG_PRINT("exception 0x%x walking dir buffer", GetExceptionCode());
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}
