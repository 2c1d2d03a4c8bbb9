#include "ringbuf.h"

NTSTATUS
RbMapToCaller(_In_ PFILE_OBJECT File, _Out_ PVOID* UserVa)
{
    NTSTATUS status = STATUS_SUCCESS;
    PVOID va = NULL;

    *UserVa = NULL;
    ExAcquireFastMutex(&g_Rb.MapLock);

    if (g_Rb.UserVa != NULL) {
        status = STATUS_ALREADY_REGISTERED;
        goto out;
    }

    __try {
        va = MmMapLockedPagesSpecifyCache(g_Rb.Mdl, UserMode, MmCached, NULL, FALSE, NormalPagePriority);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        va = NULL;
    }
    if (va == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }

    g_Rb.UserVa = va;
    g_Rb.MapOwner = PsGetCurrentProcess();
    g_Rb.MapFile = File;
    *UserVa = va;

out:
    ExReleaseFastMutex(&g_Rb.MapLock);
    return status;
}

// Called from IRP_MJ_CLEANUP (still in the owner's context) or IOCTL_RB_UNMAP.
VOID
RbUnmapFor(_In_ PFILE_OBJECT File)
{
    ExAcquireFastMutex(&g_Rb.MapLock);
    if (g_Rb.UserVa != NULL && g_Rb.MapFile == File && g_Rb.MapOwner == PsGetCurrentProcess()) {
        MmUnmapLockedPages(g_Rb.UserVa, g_Rb.Mdl);
        g_Rb.UserVa = NULL;
        g_Rb.MapOwner = NULL;
        g_Rb.MapFile = NULL;
    }
    ExReleaseFastMutex(&g_Rb.MapLock);
}

VOID
RbPush(_In_reads_bytes_(Len) const VOID* Data, _In_ ULONG Len)
{
    PRB_HEADER hdr = (PRB_HEADER)g_Rb.Buffer;
    PUCHAR data = (PUCHAR)g_Rb.Buffer + sizeof(RB_HEADER);
    ULONG off, first;
    KIRQL irql;

    if (Len == 0 || Len > hdr->DataBytes) {
        return;
    }

    KeAcquireSpinLock(&g_Rb.WriteLock, &irql);
    off = hdr->WriteOffset;
    first = min(Len, hdr->DataBytes - off);
    RtlCopyMemory(data + off, Data, first);
    if (first < Len) {
        RtlCopyMemory(data, (const UCHAR*)Data + first, Len - first);
    }
    hdr->WriteOffset = (off + Len) % hdr->DataBytes;
    InterlockedIncrement((volatile LONG*)&hdr->Sequence);
    KeReleaseSpinLock(&g_Rb.WriteLock, irql);
}
