#include "regmon.h"

static KSTART_ROUTINE RmLoggerThread;

static VOID
RmWriteRecord(
    _In_ HANDLE File,
    _In_ PRM_RECORD Rec
    )
{
    CHAR line[640];
    IO_STATUS_BLOCK iosb;
    TIME_FIELDS tf;
    LARGE_INTEGER local;
    UNICODE_STRING key, value;
    size_t len = 0;

    ExSystemTimeToLocalTime(&Rec->Time, &local);
    RtlTimeToTimeFields(&local, &tf);

    key.Buffer = Rec->Text;
    key.Length = key.MaximumLength = Rec->KeyChars * sizeof(WCHAR);
    value.Buffer = Rec->Text + Rec->KeyChars;
    value.Length = value.MaximumLength = Rec->ValueChars * sizeof(WCHAR);

    if (NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line),
            "%04u-%02u-%02u %02u:%02u:%02u pid=%lu set %wZ :: %wZ type=%lu size=%lu\r\n",
            tf.Year, tf.Month, tf.Day, tf.Hour, tf.Minute, tf.Second,
            Rec->ProcessId, &key, &value, Rec->ValueType, Rec->DataSize)) &&
        NT_SUCCESS(RtlStringCbLengthA(line, sizeof(line), &len))) {
        ZwWriteFile(File, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
    }
}

static VOID
RmLoggerThread(
    _In_ PVOID Context
    )
{
    NTSTATUS status;
    HANDLE file = NULL;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING path = RTL_CONSTANT_STRING(RM_LOG_PATH);
    LARGE_INTEGER timeout;

    UNREFERENCED_PARAMETER(Context);

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        RM_TRACE("cannot open log file 0x%08X, records will be dropped\n", status);
        file = NULL;
    }

    timeout.QuadPart = -10LL * 1000 * 1000;    // 1s, so the stop flag is noticed

    while (!g_Rm.StopLogger) {
        KeWaitForSingleObject(&g_Rm.WakeEvent, Executive, KernelMode, FALSE, &timeout);

        for (;;) {
            PLIST_ENTRY entry = ExInterlockedRemoveHeadList(&g_Rm.Pending, &g_Rm.PendingLock);
            PRM_RECORD rec;
            if (entry == NULL) {
                break;
            }
            InterlockedDecrement(&g_Rm.PendingCount);
            rec = CONTAINING_RECORD(entry, RM_RECORD, Link);
            if (file != NULL) {
                RmWriteRecord(file, rec);
            }
            ExFreePoolWithTag(rec, RM_TAG);
        }
    }

    if (file != NULL) {
        ZwClose(file);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
RmStartLogger(VOID)
{
    NTSTATUS status;
    HANDLE thread = NULL;

    InitializeListHead(&g_Rm.Pending);
    KeInitializeSpinLock(&g_Rm.PendingLock);
    KeInitializeEvent(&g_Rm.WakeEvent, SynchronizationEvent, FALSE);
    g_Rm.StopLogger = 0;

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, RmLoggerThread, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // we never need the handle again
    ZwClose(thread);
    return STATUS_SUCCESS;
}

VOID
RmStopLogger(VOID)
{
    InterlockedExchange(&g_Rm.StopLogger, 1);
    KeSetEvent(&g_Rm.WakeEvent, IO_NO_INCREMENT, FALSE);
}

VOID
RmQueueRecord(
    _In_ PRM_RECORD Record
    )
{
    if (InterlockedIncrement(&g_Rm.PendingCount) > RM_MAX_PENDING) {
        InterlockedDecrement(&g_Rm.PendingCount);
        InterlockedIncrement(&g_Rm.Dropped);
        ExFreePoolWithTag(Record, RM_TAG);
        return;
    }
    ExInterlockedInsertTailList(&g_Rm.Pending, &Record->Link, &g_Rm.PendingLock);
    KeSetEvent(&g_Rm.WakeEvent, IO_NO_INCREMENT, FALSE);
}

VOID
RmDrainPending(VOID)
{
    PLIST_ENTRY entry;

    while ((entry = ExInterlockedRemoveHeadList(&g_Rm.Pending, &g_Rm.PendingLock)) != NULL) {
        InterlockedDecrement(&g_Rm.PendingCount);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, RM_RECORD, Link), RM_TAG);
    }
}
