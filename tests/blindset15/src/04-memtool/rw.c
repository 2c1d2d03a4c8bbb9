#include "memtool.h"

NTSTATUS MtInitRanges(VOID)
{
    PPHYSICAL_MEMORY_RANGE r = MmGetPhysicalMemoryRanges();
    ULONG n = 0;

    if (r == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    while (r[n].BaseAddress.QuadPart != 0 || r[n].NumberOfBytes.QuadPart != 0) {
        n++;
    }
    g_Mt.Ranges = r;
    g_Mt.RangeCount = n;
    return STATUS_SUCCESS;
}

VOID MtFreeRanges(VOID)
{
    if (g_Mt.Ranges != NULL) {
        ExFreePool(g_Mt.Ranges);
        g_Mt.Ranges = NULL;
        g_Mt.RangeCount = 0;
    }
}

static BOOLEAN MtIsBackedByRam(ULONGLONG pa, ULONG size)
{
    ULONG i;
    for (i = 0; i < g_Mt.RangeCount; i++) {
        ULONGLONG base = (ULONGLONG)g_Mt.Ranges[i].BaseAddress.QuadPart;
        ULONGLONG end = base + (ULONGLONG)g_Mt.Ranges[i].NumberOfBytes.QuadPart;
        if (pa >= base && pa + size <= end) {
            return TRUE;
        }
    }
    return FALSE;
}

static NTSTATUS MtCopyInProcess(ULONG pid, PVOID target, PVOID local, ULONG size, BOOLEAN write)
{
    PEPROCESS process;
    KAPC_STATE apc;
    NTSTATUS status;

    status = PsLookupProcessByProcessId(ULongToHandle(pid), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeStackAttachProcess(process, &apc);
    __try {
        if (write) {
            ProbeForWrite(target, size, 1);
            RtlCopyMemory(target, local, size);
        } else {
            ProbeForRead(target, size, 1);
            RtlCopyMemory(local, target, size);
        }
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    ObDereferenceObject(process);
    return status;
}

NTSTATUS MtReadVirtual(PMT_VIRTUAL_REQUEST Req, PVOID Out, ULONG OutLen, PULONG_PTR Done)
{
    NTSTATUS status;

    if (Req->Size == 0 || Req->Size > MT_BOUNCE_SIZE || Req->Size > OutLen) {
        return STATUS_INVALID_PARAMETER;
    }

    ExAcquireFastMutex(&g_Mt.BounceLock);
    status = MtCopyInProcess(Req->ProcessId, (PVOID)(ULONG_PTR)Req->Address,
                             g_Mt.Bounce, Req->Size, FALSE);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Out, g_Mt.Bounce, Req->Size);
        *Done = Req->Size;
    }
    ExReleaseFastMutex(&g_Mt.BounceLock);
    return status;
}

NTSTATUS MtWriteVirtual(PMT_VIRTUAL_REQUEST Req, ULONG InLen)
{
    NTSTATUS status;

    if (Req->Size == 0 || Req->Size > MT_BOUNCE_SIZE ||
        InLen < sizeof(MT_VIRTUAL_REQUEST) + Req->Size) {
        return STATUS_INVALID_PARAMETER;
    }

    ExAcquireFastMutex(&g_Mt.BounceLock);
    RtlCopyMemory(g_Mt.Bounce, Req + 1, Req->Size);
    status = MtCopyInProcess(Req->ProcessId, (PVOID)(ULONG_PTR)Req->Address,
                             g_Mt.Bounce, Req->Size, TRUE);
    ExReleaseFastMutex(&g_Mt.BounceLock);
    return status;
}

NTSTATUS MtReadPhysical(PMT_PHYSICAL_REQUEST Req, PVOID Out, ULONG OutLen, PULONG_PTR Done)
{
    MM_COPY_ADDRESS src;
    SIZE_T copied = 0;
    NTSTATUS status;

    if (Req->Size == 0 || Req->Size > OutLen || Req->Size > MT_BOUNCE_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!MtIsBackedByRam(Req->PhysicalAddress, Req->Size)) {
        return STATUS_ACCESS_DENIED;
    }

    src.PhysicalAddress.QuadPart = (LONGLONG)Req->PhysicalAddress;

    ExAcquireFastMutex(&g_Mt.BounceLock);
    status = MmCopyMemory(g_Mt.Bounce, src, Req->Size, MM_COPY_MEMORY_PHYSICAL, &copied);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Out, g_Mt.Bounce, copied);
        *Done = copied;
    }
    ExReleaseFastMutex(&g_Mt.BounceLock);
    return status;
}
