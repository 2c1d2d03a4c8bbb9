/*
 * operations.c - create path and stream contexts
 */
#include "fltblock.h"

static const PCWSTR g_DefaultRules[] = { L"locked", L"secret", L"wcry" };

VOID
FbLoadDefaultRules(VOID)
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(g_DefaultRules) && i < FB_MAX_RULES; i++) {
        RtlInitUnicodeString(&g_Fb.Rules[i], g_DefaultRules[i]);
    }
    g_Fb.RuleCount = i;
}

static BOOLEAN
FbIsBlocked(PCUNICODE_STRING Extension)
{
    BOOLEAN hit = FALSE;
    ULONG i;

    if (Extension->Length == 0) {
        return FALSE;
    }

    FltAcquirePushLockShared(&g_Fb.RulesLock);
    for (i = 0; i < g_Fb.RuleCount; i++) {
        if (RtlEqualUnicodeString(Extension, &g_Fb.Rules[i], TRUE)) {
            hit = TRUE;
            break;
        }
    }
    FltReleasePushLock(&g_Fb.RulesLock);
    return hit;
}

FLT_PREOP_CALLBACK_STATUS
FbPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    NTSTATUS status;
    BOOLEAN blocked;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }

    status = FltParseFileNameInformation(nameInfo);
    blocked = NT_SUCCESS(status) && FbIsBlocked(&nameInfo->Extension);
    if (blocked) {
        FB_TRACE("denied %wZ\n", &nameInfo->Name);
    }
    FltReleaseFileNameInformation(nameInfo);

    if (blocked) {
        InterlockedIncrement(&g_Fb.Stats.Blocked);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    InterlockedIncrement(&g_Fb.Stats.Allowed);
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
FbPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFB_STREAM_CONTEXT ctx = NULL;
    PFB_STREAM_CONTEXT existing = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&existing);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&existing->Opens);
        FltReleaseContext(existing);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(g_Fb.Filter, FLT_STREAM_CONTEXT, sizeof(FB_STREAM_CONTEXT),
                                NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Opens = 1;

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, (PFLT_CONTEXT *)&existing);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED && existing != NULL) {
        InterlockedIncrement(&existing->Opens);
        FltReleaseContext(existing);
    } else if (NT_SUCCESS(status)) {
        InterlockedIncrement(&g_Fb.Stats.Streams);
    }
    FltReleaseContext(ctx);

    return FLT_POSTOP_FINISHED_PROCESSING;
}

VOID
FbStreamContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(Context);
    if (ContextType == FLT_STREAM_CONTEXT) {
        InterlockedDecrement(&g_Fb.Stats.Streams);
    }
}
