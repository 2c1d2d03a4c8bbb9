/*
 * memory.c - read/write memory of another process
 *
 * We attach to the target process with KeStackAttachProcess and copy
 * through a kernel buffer. Slow but it works and it does not need any
 * undocumented exports (MmCopyVirtualMemory etc).
 */
#include <ntifs.h>
#include "memhack.h"

#define MH_TAG 'kcHM'

NTSTATUS MhReadProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size);
NTSTATUS MhWriteProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, MhReadProcessMemory)
#pragma alloc_text(PAGE, MhWriteProcessMemory)
#endif

static BOOLEAN MhIsUserRange(PVOID Address, SIZE_T Size)
{
    ULONG_PTR start = (ULONG_PTR)Address;
    ULONG_PTR end = start + Size;

    if (Size == 0 || end < start) {
        return FALSE;
    }
    if (end > (ULONG_PTR)MM_HIGHEST_USER_ADDRESS) {
        return FALSE;
    }
    return TRUE;
}

NTSTATUS MhReadProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size)
{
    NTSTATUS status;
    PEPROCESS process = NULL;
    KAPC_STATE apc;
    PVOID kbuf;

    PAGED_CODE();

    if (!MhIsUserRange(Address, Size) || Size > MEMHACK_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }

    status = PsLookupProcessByProcessId(Pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    kbuf = ExAllocatePoolWithTag(NonPagedPoolNx, Size, MH_TAG);
    if (kbuf == NULL) {
        ObDereferenceObject(process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeStackAttachProcess(process, &apc);
    __try {
        ProbeForRead(Address, Size, 1);
        RtlCopyMemory(kbuf, Address, Size);
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Buffer, kbuf, Size);
    }

    ExFreePoolWithTag(kbuf, MH_TAG);
    ObDereferenceObject(process);
    return status;
}

NTSTATUS MhWriteProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size)
{
    NTSTATUS status;
    PEPROCESS process = NULL;
    KAPC_STATE apc;
    PVOID kbuf;

    PAGED_CODE();

    if (!MhIsUserRange(Address, Size) || Size > MEMHACK_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }

    status = PsLookupProcessByProcessId(Pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    kbuf = ExAllocatePoolWithTag(NonPagedPoolNx, Size, MH_TAG);
    if (kbuf == NULL) {
        ObDereferenceObject(process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    /* copy first, the caller buffer is the IRP system buffer */
    RtlCopyMemory(kbuf, Buffer, Size);

    KeStackAttachProcess(process, &apc);
    __try {
        ProbeForWrite(Address, Size, 1);
        RtlCopyMemory(Address, kbuf, Size);
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    ExFreePoolWithTag(kbuf, MH_TAG);
    ObDereferenceObject(process);
    return status;
}
