/*
 * filelog.c - write lines to a text file from a work item
 *
 * notify routines can be called with locks held so we never do file I/O
 * inline, the line is formatted into a PL_WORK and written at PASSIVE_LEVEL
 * from the system worker thread.
 */
#include "proclog.h"
#include <stdarg.h>

NTSTATUS
PlOpenLogFile(VOID)
{
    NTSTATUS ntStatus;
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&path, PL_LOG_PATH);
    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    ntStatus = ZwCreateFile(&g_hLogFile,
                            GENERIC_WRITE | SYNCHRONIZE,
                            &oa,
                            &iosb,
                            NULL,
                            FILE_ATTRIBUTE_NORMAL,
                            FILE_SHARE_READ,
                            FILE_OVERWRITE_IF,
                            FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                            NULL,
                            0);
    if (!NT_SUCCESS(ntStatus)) {
        PLPRINT(("proclog: ZwCreateFile(%wZ) = 0x%08X\n", &path, ntStatus));
        g_hLogFile = NULL;
    }
    return ntStatus;
}

VOID
PlCloseLogFile(VOID)
{
    if (g_hLogFile != NULL) {
        ZwClose(g_hLogFile);
        g_hLogFile = NULL;
    }
}

VOID
PlWriteWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PPL_WORK work = (PPL_WORK)Context;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (g_hLogFile != NULL) {
        offset.HighPart = -1;
        offset.LowPart = FILE_WRITE_TO_END_OF_FILE;
        ZwWriteFile(g_hLogFile, NULL, NULL, NULL, &iosb,
                    work->Line, work->Length, &offset, NULL);
    }

    IoFreeWorkItem(work->WorkItem);
    ExFreePoolWithTag(work, PL_TAG);
    InterlockedDecrement(&g_PendingWork);
}

VOID
PlQueueLine(_In_z_ PCSTR Format, ...)
{
    PPL_WORK work;
    va_list args;
    size_t len = 0;
    NTSTATUS st;

    work = (PPL_WORK)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(PL_WORK), PL_TAG);
    if (work == NULL) {
        return;
    }

    va_start(args, Format);
    st = RtlStringCbVPrintfA(work->Line, sizeof(work->Line), Format, args);
    va_end(args);
    if (!NT_SUCCESS(st) && st != STATUS_BUFFER_OVERFLOW) {
        ExFreePoolWithTag(work, PL_TAG);
        return;
    }
    RtlStringCbLengthA(work->Line, sizeof(work->Line), &len);
    work->Length = (ULONG)len;

    work->WorkItem = IoAllocateWorkItem(g_PlDevice);
    if (work->WorkItem == NULL) {
        ExFreePoolWithTag(work, PL_TAG);
        return;
    }

    InterlockedIncrement(&g_PendingWork);
    IoQueueWorkItem(work->WorkItem, PlWriteWorker, DelayedWorkQueue, work);
}
