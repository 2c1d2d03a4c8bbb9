/*
 * fltstats - minifilter that keeps per-stream read/write counters in a
 * stream context. Contexts are allocated by filter manager; extra log
 * records come from a lookaside list.
 */

#include <fltKernel.h>

#define FS_TAG 'tsSF'

typedef struct _STREAM_STATS {
    volatile LONG Reads;
    volatile LONG Writes;
} STREAM_STATS, *PSTREAM_STATS;

typedef struct _FS_RECORD {
    LIST_ENTRY Link;
    ULONG Major;
    HANDLE Pid;
} FS_RECORD, *PFS_RECORD;

static PFLT_FILTER g_Filter;
static NPAGED_LOOKASIDE_LIST g_RecordPool;
static BOOLEAN g_PoolReady;

static FLT_PREOP_CALLBACK_STATUS FsPreRw(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
static NTSTATUS FsUnload(FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_CONTEXT_REGISTRATION g_Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, NULL, sizeof(STREAM_STATS), FS_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION g_Operations[] = {
    { IRP_MJ_READ,  0, FsPreRw, NULL },
    { IRP_MJ_WRITE, 0, FsPreRw, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    g_Contexts,
    g_Operations,
    FsUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static VOID FsFreeGlobals(VOID)
{
    if (g_Filter != NULL) {
        FltUnregisterFilter(g_Filter);
        g_Filter = NULL;
    }
    if (g_PoolReady) {
        ExDeleteNPagedLookasideList(&g_RecordPool);
        g_PoolReady = FALSE;
    }
}

static FLT_PREOP_CALLBACK_STATUS FsPreRw(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PSTREAM_STATS stats = NULL;
    NTSTATUS status;

    *CompletionContext = NULL;

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT*)&stats);
    if (status == STATUS_NOT_FOUND) {
        status = FltAllocateContext(g_Filter, FLT_STREAM_CONTEXT, sizeof(STREAM_STATS),
                                    NonPagedPoolNx, (PFLT_CONTEXT*)&stats);
        if (!NT_SUCCESS(status))
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        RtlZeroMemory(stats, sizeof(*stats));
        status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                     FLT_SET_CONTEXT_KEEP_IF_EXISTS, stats, NULL);
        if (!NT_SUCCESS(status)) {
            FltReleaseContext(stats);
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
    } else if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (Data->Iopb->MajorFunction == IRP_MJ_READ)
        InterlockedIncrement(&stats->Reads);
    else
        InterlockedIncrement(&stats->Writes);

    FltReleaseContext(stats);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FsUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FsFreeGlobals();
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&g_RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(FS_RECORD), FS_TAG, 0);
    g_PoolReady = TRUE;

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        g_Filter = NULL;
        FsFreeGlobals();
        return status;
    }

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        FsFreeGlobals();
        return status;
    }

    return STATUS_SUCCESS;
}
