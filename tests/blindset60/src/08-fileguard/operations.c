/*
 * FileGuard - operations.c : rules + pre-op callbacks
 */
#include "fileguard.h"

NTSTATUS FgAddRule(_In_ PCWSTR Prefix)
{
    PFG_RULE rule;
    SIZE_T   len = wcslen(Prefix) * sizeof(WCHAR);

    if (len == 0 || len > FG_MAX_PATH * sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Globals.RuleCount >= FG_MAX_RULES) {
        return STATUS_QUOTA_EXCEEDED;
    }

    rule = (PFG_RULE)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FG_RULE) + len, FG_TAG);
    if (rule == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    rule->Prefix.Buffer        = (PWCH)(rule + 1);
    rule->Prefix.Length        = (USHORT)len;
    rule->Prefix.MaximumLength = (USHORT)len;
    RtlCopyMemory(rule->Prefix.Buffer, Prefix, len);

    FltAcquirePushLockExclusive(&Globals.RulesLock);
    InsertTailList(&Globals.Rules, &rule->Link);
    Globals.RuleCount++;
    FltReleasePushLock(&Globals.RulesLock);

    FG_DBG("rule added: %wZ", &rule->Prefix);
    return STATUS_SUCCESS;
}

VOID FgFreeRules(VOID)
{
    FltAcquirePushLockExclusive(&Globals.RulesLock);
    while (!IsListEmpty(&Globals.Rules)) {
        PLIST_ENTRY e = RemoveHeadList(&Globals.Rules);
        ExFreePoolWithTag(CONTAINING_RECORD(e, FG_RULE, Link), FG_TAG);
    }
    Globals.RuleCount = 0;
    FltReleasePushLock(&Globals.RulesLock);
}

BOOLEAN FgIsProtected(_In_ PCUNICODE_STRING Path)
{
    PLIST_ENTRY e;
    BOOLEAN     hit = FALSE;

    FltAcquirePushLockShared(&Globals.RulesLock);
    for (e = Globals.Rules.Flink; e != &Globals.Rules; e = e->Flink) {
        PFG_RULE rule = CONTAINING_RECORD(e, FG_RULE, Link);
        if (RtlPrefixUnicodeString(&rule->Prefix, Path, TRUE)) {
            hit = TRUE;
            break;
        }
    }
    FltReleasePushLock(&Globals.RulesLock);
    return hit;
}

//
// common part: get the normalized name and check it against the rules
//
static BOOLEAN FgCheckAndReport(PFLT_CALLBACK_DATA Data, ULONG Operation)
{
    PFLT_FILE_NAME_INFORMATION info = NULL;
    BOOLEAN blocked = FALSE;

    if (!NT_SUCCESS(FltGetFileNameInformation(Data,
                                              FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &info))) {
        return FALSE;
    }

    if (FgIsProtected(&info->Name)) {
        blocked = TRUE;
        InterlockedIncrement(&Globals.Blocked);
        FG_DBG("blocked delete of %wZ by pid %u", &info->Name, HandleToULong(PsGetCurrentProcessId()));
        FgNotify(Operation, &info->Name);
    }

    FltReleaseFileNameInformation(info);
    return blocked;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FgPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!(Data->Iopb->Parameters.Create.Options & FILE_DELETE_ON_CLOSE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FgCheckAndReport(Data, 1)) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
FgPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    BOOLEAN deleting = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (cls == FileDispositionInformation) {
        deleting = ((PFILE_DISPOSITION_INFORMATION)Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->DeleteFile;
    } else if (cls == FileDispositionInformationEx) {
        deleting = BooleanFlagOn(((PFILE_DISPOSITION_INFORMATION_EX)
                                  Data->Iopb->Parameters.SetFileInformation.InfoBuffer)->Flags,
                                 FILE_DISPOSITION_DELETE);
    }
    if (!deleting) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FgCheckAndReport(Data, 2)) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
