#include "proclog.h"

static NTSTATUS
PlOpenLog(
    _In_ PUNICODE_STRING Path,
    _Out_ PHANDLE File
    )
{
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return ZwCreateFile(File,
                        FILE_APPEND_DATA | SYNCHRONIZE,
                        &oa,
                        &iosb,
                        NULL,
                        FILE_ATTRIBUTE_NORMAL,
                        FILE_SHARE_READ,
                        FILE_OPEN_IF,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                        NULL,
                        0);
}

static VOID
PlWriteRecord(
    _In_ HANDLE File,
    _In_ PPL_RECORD Record
    )
{
    CHAR line[PL_LINE_CHARS];
    TIME_FIELDS tf;
    LARGE_INTEGER local;
    IO_STATUS_BLOCK iosb;
    size_t len;

    ExSystemTimeToLocalTime(&Record->Time, &local);
    RtlTimeToTimeFields(&local, &tf);

    if (!NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line),
                                       "%04u-%02u-%02u %02u:%02u:%02u pid=%lu ppid=%lu %ws\r\n",
                                       tf.Year, tf.Month, tf.Day, tf.Hour, tf.Minute, tf.Second,
                                       HandleToULong(Record->ProcessId),
                                       HandleToULong(Record->ParentId),
                                       Record->Image))) {
        return;
    }
    if (NT_SUCCESS(RtlStringCbLengthA(line, sizeof(line), &len))) {
        (VOID)ZwWriteFile(File, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
    }
}

static ULONG
PlDrainQueue(
    _In_ HANDLE File
    )
{
    LIST_ENTRY batch;
    KIRQL irql;
    ULONG written = 0;

    InitializeListHead(&batch);

    KeAcquireSpinLock(&Pl.QueueLock, &irql);
    while (!IsListEmpty(&Pl.Queue)) {
        InsertTailList(&batch, RemoveHeadList(&Pl.Queue));
    }
    Pl.QueueDepth = 0;
    KeReleaseSpinLock(&Pl.QueueLock, irql);

    while (!IsListEmpty(&batch)) {
        PPL_RECORD rec = CONTAINING_RECORD(RemoveHeadList(&batch), PL_RECORD, Link);
        if (File != NULL) {
            PlWriteRecord(File, rec);
            written++;
        }
        ExFreeToNPagedLookasideList(&Pl.RecordPool, rec);
    }
    return written;
}

VOID
PlWorkerThread(
    _In_ PVOID StartContext
    )
{
    PPL_WORKER_CONTEXT ctx = (PPL_WORKER_CONTEXT)StartContext;
    PVOID waits[2] = { &Pl.StopEvent, &Pl.QueueEvent };
    HANDLE file = NULL;
    LARGE_INTEGER timeout;
    ULONG sinceOpen = 0;
    NTSTATUS status;

    for (;;) {
        if (file == NULL) {
            if (!NT_SUCCESS(PlOpenLog(&ctx->LogPath, &file))) {
                file = NULL;
            }
            sinceOpen = 0;
        }

        timeout.QuadPart = -10000LL * ctx->FlushIntervalMs;
        status = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode,
                                          FALSE, &timeout, NULL);

        sinceOpen += PlDrainQueue(file);

        if (status == STATUS_WAIT_0) {
            break;
        }

        // reopen now and then so the log can be rotated by the course scripts
        if (file != NULL && sinceOpen * 128 > ctx->MaxFileBytes) {
            ZwClose(file);
            file = NULL;
        }
    }

    if (file != NULL) {
        ZwClose(file);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}
