/*
 * resolver.c - finds the unexported helpers and EPROCESS offsets kmrw needs.
 *
 * Runs in its own system thread because on a boot-start load some of the
 * lookups only succeed once the session manager is up. After the first
 * successful pass the thread stays around and prunes stale entries from the
 * protection list until it is told to stop.
 */
#include "kmrw.h"

static KSTART_ROUTINE KmrwResolverThread;

static PVOID
KmrwSystemRoutine(
    _In_ PCWSTR Name
    )
{
    UNICODE_STRING routine;

    RtlInitUnicodeString(&routine, Name);
    return MmGetSystemRoutineAddress(&routine);
}

static ULONG
KmrwFindImageNameOffset(
    VOID
    )
{
    PUCHAR system = (PUCHAR)PsInitialSystemProcess;
    ULONG offset;

    /* "System" is stored inline in EPROCESS.ImageFileName */
    for (offset = 0x100; offset < 0x1000; offset++) {
        if (RtlCompareMemory(system + offset, "System", 7) == 7) {
            return offset;
        }
    }
    return 0;
}

static BOOLEAN
KmrwResolveOnce(
    VOID
    )
{
    RTL_OSVERSIONINFOW version = { sizeof(version) };
    KMRW_OFFSETS off;

    RtlZeroMemory(&off, sizeof(off));

    if (NT_SUCCESS(RtlGetVersion(&version))) {
        off.BuildNumber = version.dwBuildNumber;
    }

    off.PsGetProcessSectionBaseAddress =
        (PFN_PS_GET_PROCESS_SECTION_BASE)KmrwSystemRoutine(L"PsGetProcessSectionBaseAddress");
    off.PsGetProcessPeb =
        (PFN_PS_GET_PROCESS_PEB)KmrwSystemRoutine(L"PsGetProcessPeb");
    off.PsGetProcessImageFileName =
        (PFN_PS_GET_PROCESS_IMAGE_NAME)KmrwSystemRoutine(L"PsGetProcessImageFileName");

    if (off.PsGetProcessImageFileName == NULL) {
        off.ImageFileNameOffset = KmrwFindImageNameOffset();
    }

    off.Valid = (off.PsGetProcessSectionBaseAddress != NULL) &&
                (off.PsGetProcessPeb != NULL) &&
                (off.PsGetProcessImageFileName != NULL || off.ImageFileNameOffset != 0);

    if (off.Valid) {
        g_Kmrw.Offsets = off;
    }
    return off.Valid;
}

static VOID
KmrwPruneProtected(
    VOID
    )
{
    PLIST_ENTRY entry;
    PLIST_ENTRY next;
    LIST_ENTRY dead;

    InitializeListHead(&dead);

    ExAcquireFastMutex(&g_Kmrw.ProtectLock);
    for (entry = g_Kmrw.ProtectedList.Flink; entry != &g_Kmrw.ProtectedList; entry = next) {
        PKMRW_PROTECTED item = CONTAINING_RECORD(entry, KMRW_PROTECTED, Link);
        PEPROCESS process;

        next = entry->Flink;
        if (NT_SUCCESS(PsLookupProcessByProcessId(item->ProcessId, &process))) {
            ObDereferenceObject(process);
            continue;
        }
        RemoveEntryList(entry);
        g_Kmrw.ProtectedCount--;
        InsertTailList(&dead, entry);
    }
    ExReleaseFastMutex(&g_Kmrw.ProtectLock);

    while (!IsListEmpty(&dead)) {
        entry = RemoveHeadList(&dead);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, KMRW_PROTECTED, Link), KMRW_TAG);
    }
}

static VOID
KmrwResolverThread(
    _In_ PVOID StartContext
    )
{
    LARGE_INTEGER interval;
    BOOLEAN resolved = FALSE;
    NTSTATUS wait;

    UNREFERENCED_PARAMETER(StartContext);

    interval.QuadPart = -2500000LL;     /* 250 ms */

    for (;;) {
        if (!resolved) {
            resolved = KmrwResolveOnce();
            if (resolved) {
                KeSetEvent(&g_Kmrw.ResolverDone, IO_NO_INCREMENT, FALSE);
                interval.QuadPart = -50000000LL;    /* then every 5 s */
            }
        } else {
            KmrwPruneProtected();
        }

        wait = KeWaitForSingleObject(&g_Kmrw.ResolverStop, Executive, KernelMode, FALSE, &interval);
        if (wait == STATUS_SUCCESS) {
            break;
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
KmrwStartResolver(
    VOID
    )
{
    HANDLE threadHandle;
    NTSTATUS status;

    KeClearEvent(&g_Kmrw.ResolverStop);

    status = PsCreateSystemThread(&threadHandle,
                                  THREAD_ALL_ACCESS,
                                  NULL,
                                  NULL,
                                  NULL,
                                  KmrwResolverThread,
                                  NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle,
                                       THREAD_ALL_ACCESS,
                                       *PsThreadType,
                                       KernelMode,
                                       (PVOID *)&g_Kmrw.ResolverThread,
                                       NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot wait for it without the object: stop it and yield until it exits */
        KeSetEvent(&g_Kmrw.ResolverStop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        g_Kmrw.ResolverThread = NULL;
        return status;
    }

    ZwClose(threadHandle);
    return STATUS_SUCCESS;
}

VOID
KmrwStopResolver(
    VOID
    )
{
    if (g_Kmrw.ResolverThread == NULL) {
        return;
    }

    KeSetEvent(&g_Kmrw.ResolverStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Kmrw.ResolverThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Kmrw.ResolverThread);
    g_Kmrw.ResolverThread = NULL;
}
