/*
 * ring.c - shared ring, the data event and the thread that sets it
 */
#include "evtring.h"

#define ER_MAGIC 0x52525645 /* 'EVRR' */

NTSTATUS
ErRingCreate(VOID)
{
    PER_HEADER hdr;

    KeInitializeSpinLock(&g_Er.RingLock);
    ExInitializeFastMutex(&g_Er.MapLock);

    g_Er.Ring = ExAllocatePool2(POOL_FLAG_NON_PAGED, ER_RING_BYTES, ER_TAG);
    if (g_Er.Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Er.RingMdl = IoAllocateMdl(g_Er.Ring, ER_RING_BYTES, FALSE, FALSE, NULL);
    if (g_Er.RingMdl == NULL) {
        ExFreePoolWithTag(g_Er.Ring, ER_TAG);
        g_Er.Ring = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(g_Er.RingMdl);

    hdr = (PER_HEADER)g_Er.Ring;
    hdr->Magic = ER_MAGIC;
    hdr->Capacity = (ER_RING_BYTES - sizeof(ER_HEADER)) / sizeof(ER_ENTRY);
    hdr->WriteIndex = 0;
    return STATUS_SUCCESS;
}

VOID
ErRingDestroy(VOID)
{
    if (g_Er.RingMdl != NULL) {
        IoFreeMdl(g_Er.RingMdl);
        g_Er.RingMdl = NULL;
    }
    if (g_Er.Ring != NULL) {
        ExFreePoolWithTag(g_Er.Ring, ER_TAG);
        g_Er.Ring = NULL;
    }
}

NTSTATUS
ErRingMap(
    _Out_ PVOID *UserVa
    )
{
    NTSTATUS status = STATUS_DEVICE_BUSY;

    *UserVa = NULL;

    ExAcquireFastMutex(&g_Er.MapLock);
    if (g_Er.UserVa == NULL) {
        __try {
            g_Er.UserVa = MmMapLockedPagesSpecifyCache(g_Er.RingMdl, UserMode, MmCached, NULL, FALSE,
                                                       NormalPagePriority | MdlMappingNoExecute);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            g_Er.UserVa = NULL;
        }
        status = (g_Er.UserVa != NULL) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        g_Er.UserProcess = (g_Er.UserVa != NULL) ? PsGetCurrentProcess() : NULL;
        *UserVa = g_Er.UserVa;
    }
    ExReleaseFastMutex(&g_Er.MapLock);
    return status;
}

VOID
ErRingUnmap(
    _In_ PEPROCESS Process
    )
{
    ExAcquireFastMutex(&g_Er.MapLock);
    if (g_Er.UserVa != NULL && g_Er.UserProcess == Process) {
        MmUnmapLockedPages(g_Er.UserVa, g_Er.RingMdl);
        g_Er.UserVa = NULL;
        g_Er.UserProcess = NULL;
    }
    ExReleaseFastMutex(&g_Er.MapLock);
}

VOID
ErRingPush(
    _In_ ULONG Kind,
    _In_ ULONG Pid,
    _In_ ULONG Extra,
    _In_opt_ PCUNICODE_STRING Name
    )
{
    PER_HEADER hdr = (PER_HEADER)g_Er.Ring;
    PER_ENTRY slots = (PER_ENTRY)(hdr + 1);
    ER_ENTRY e;
    KIRQL irql;

    RtlZeroMemory(&e, sizeof(e));
    e.Kind = Kind;
    e.Pid = Pid;
    e.Extra = Extra;
    KeQuerySystemTimePrecise(&e.Time);
    if (Name != NULL && Name->Buffer != NULL) {
        USHORT total = Name->Length / sizeof(WCHAR);
        USHORT n = (USHORT)min(total, RTL_NUMBER_OF(e.Name) - 1);
        RtlCopyMemory(e.Name, Name->Buffer + (total - n), n * sizeof(WCHAR));
    }

    KeAcquireSpinLock(&g_Er.RingLock, &irql);
    e.Seq = (ULONG)hdr->WriteIndex;
    slots[e.Seq % hdr->Capacity] = e;
    InterlockedIncrement(&hdr->WriteIndex);
    KeReleaseSpinLock(&g_Er.RingLock, irql);
}

static KSTART_ROUTINE ErSignalThread;

static VOID
ErSignalThread(
    _In_ PVOID Context
    )
{
    LARGE_INTEGER period = { .QuadPart = -10000LL * ER_SIGNAL_MS };
    LONG lastSeen = 0;
    PER_HEADER hdr = (PER_HEADER)g_Er.Ring;

    UNREFERENCED_PARAMETER(Context);

    while (KeWaitForSingleObject(&g_Er.StopEvent, Executive, KernelMode, FALSE, &period) == STATUS_TIMEOUT) {
        LONG now = hdr->WriteIndex;

        if (now != lastSeen) {
            lastSeen = now;
            /* agent resets it with ResetEvent after draining */
            KeSetEvent(g_Er.DataEvent, IO_NO_INCREMENT, FALSE);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
ErSignalThreadStart(VOID)
{
    KeInitializeEvent(&g_Er.StopEvent, NotificationEvent, FALSE);

    /* we keep the handle: unload waits on it, then closes it */
    return PsCreateSystemThread(&g_Er.SignalThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                ErSignalThread, NULL);
}

VOID
ErSignalThreadStop(VOID)
{
    if (g_Er.SignalThread == NULL) {
        return;
    }

    KeSetEvent(&g_Er.StopEvent, IO_NO_INCREMENT, FALSE);
    ZwWaitForSingleObject(g_Er.SignalThread, FALSE, NULL);

    ZwClose(g_Er.SignalThread);
    g_Er.SignalThread = NULL;
}

/* agent: OpenEvent(SYNCHRONIZE, FALSE, "Global\\EvtRingData"); handle kept until unload */
NTSTATUS
ErDataEventCreate(VOID)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\EvtRingData");

    g_Er.DataEvent = IoCreateNotificationEvent(&name, &g_Er.DataEventHandle);
    if (g_Er.DataEvent == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeClearEvent(g_Er.DataEvent);
    return STATUS_SUCCESS;
}

VOID
ErDataEventClose(VOID)
{
    if (g_Er.DataEventHandle != NULL) {
        ZwClose(g_Er.DataEventHandle);
        g_Er.DataEventHandle = NULL;
        g_Er.DataEvent = NULL;
    }
}
