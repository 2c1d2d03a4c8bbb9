/*
 *  scanflt.c -- write statistics minifilter
 *
 *  Keeps per-volume-ish counters of writes that look like ransomware
 *  activity (many small overwrites at offset 0 by the same process).
 *  Pre-write grabs a context from a lookaside list, post-write looks at
 *  the result and gives it back.
 */
#include <fltKernel.h>

#define SCAN_TAG        'nacS'
#define SCAN_HISTORY    64

typedef struct _WRITE_CTX {
    ULONG           Pid;
    LARGE_INTEGER   Offset;
    ULONG           Length;
} WRITE_CTX, *PWRITE_CTX;

typedef struct _PID_HIT {
    ULONG   Pid;
    ULONG   Hits;
} PID_HIT;

static PFLT_FILTER              g_filter;
static NPAGED_LOOKASIDE_LIST    g_ctx_list;
static KSPIN_LOCK               g_hist_lock;
static PID_HIT                  g_hist[SCAN_HISTORY];
static volatile LONG64          g_total_writes;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS scan_unload(FLT_FILTER_UNLOAD_FLAGS flags);
static FLT_PREOP_CALLBACK_STATUS scan_pre_write(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID *ctx);
static FLT_POSTOP_CALLBACK_STATUS scan_post_write(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs,
                                                  PVOID ctx, FLT_POST_OPERATION_FLAGS flags);

static const FLT_OPERATION_REGISTRATION g_ops[] = {
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, scan_pre_write, scan_post_write },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_reg = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_ops,
    scan_unload,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

static void record_hit(ULONG pid)
{
    KIRQL irql;
    ULONG i, victim = 0, lowest = MAXULONG;

    KeAcquireSpinLock(&g_hist_lock, &irql);
    for (i = 0; i < SCAN_HISTORY; i++) {
        if (g_hist[i].Pid == pid) {
            g_hist[i].Hits++;
            if ((g_hist[i].Hits % 100) == 0) {
                DbgPrint("scanflt: pid %lu did %lu head overwrites\n", pid, g_hist[i].Hits);
            }
            KeReleaseSpinLock(&g_hist_lock, irql);
            return;
        }
        if (g_hist[i].Hits < lowest) {
            lowest = g_hist[i].Hits;
            victim = i;
        }
    }
    g_hist[victim].Pid = pid;
    g_hist[victim].Hits = 1;
    KeReleaseSpinLock(&g_hist_lock, irql);
}

static FLT_PREOP_CALLBACK_STATUS
scan_pre_write(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID *ctx)
{
    PWRITE_CTX wc;

    UNREFERENCED_PARAMETER(objs);
    *ctx = NULL;

    InterlockedIncrement64(&g_total_writes);

    // only care about writes that start at the head of the file
    if (data->Iopb->Parameters.Write.ByteOffset.QuadPart != 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    wc = (PWRITE_CTX)ExAllocateFromNPagedLookasideList(&g_ctx_list);
    if (wc == NULL) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    wc->Pid = FltGetRequestorProcessId(data);
    wc->Offset = data->Iopb->Parameters.Write.ByteOffset;
    wc->Length = data->Iopb->Parameters.Write.Length;

    *ctx = wc;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS
scan_post_write(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID ctx, FLT_POST_OPERATION_FLAGS flags)
{
    PWRITE_CTX wc = (PWRITE_CTX)ctx;

    UNREFERENCED_PARAMETER(objs);

    if (wc == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!FlagOn(flags, FLTFL_POST_OPERATION_DRAINING) &&
        NT_SUCCESS(data->IoStatus.Status) &&
        wc->Length <= 4096) {
        record_hit(wc->Pid);
    }

    ExFreeToNPagedLookasideList(&g_ctx_list, wc);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS scan_unload(FLT_FILTER_UNLOAD_FLAGS flags)
{
    UNREFERENCED_PARAMETER(flags);

    FltUnregisterFilter(g_filter);
    ExDeleteNPagedLookasideList(&g_ctx_list);

    DbgPrint("scanflt: unloaded after %lld writes\n", g_total_writes);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_hist_lock);
    RtlZeroMemory(g_hist, sizeof(g_hist));
    g_total_writes = 0;

    ExInitializeNPagedLookasideList(&g_ctx_list,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(WRITE_CTX),
                                    SCAN_TAG,
                                    0);

    status = FltRegisterFilter(DriverObject, &g_reg, &g_filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("scanflt: FltRegisterFilter -> 0x%08X\n", status));
        return status;
    }

    status = FltStartFiltering(g_filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("scanflt: FltStartFiltering -> 0x%08X\n", status));
        FltUnregisterFilter(g_filter);
        ExDeleteNPagedLookasideList(&g_ctx_list);
        return status;
    }

    KdPrint(("scanflt: loaded\n"));
    return STATUS_SUCCESS;
}
