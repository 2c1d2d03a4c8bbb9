/*
 * memory.c - target bookkeeping and the actual read
 */
#include "memreader.h"

NTSTATUS MrSetTarget(HANDLE Pid)
{
    PEPROCESS process = NULL;
    PEPROCESS old;
    NTSTATUS status;

    status = PsLookupProcessByProcessId(Pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ExAcquireFastMutex(&g_Mr.Lock);
    old = g_Mr.Target;
    g_Mr.Target = process;          /* keeps the lookup reference */
    g_Mr.TargetPid = Pid;
    g_Mr.ImageBase = 0;
    ExReleaseFastMutex(&g_Mr.Lock);

    if (old != NULL) {
        ObDereferenceObject(old);
    }
    return STATUS_SUCCESS;
}

VOID MrDropTarget(VOID)
{
    PEPROCESS old;

    ExAcquireFastMutex(&g_Mr.Lock);
    old = g_Mr.Target;
    g_Mr.Target = NULL;
    g_Mr.TargetPid = NULL;
    g_Mr.ImageBase = 0;
    ExReleaseFastMutex(&g_Mr.Lock);

    if (old != NULL) {
        ObDereferenceObject(old);
    }
}

NTSTATUS MrReadTarget(ULONG_PTR Address, ULONG Size, PVOID Out)
{
    PEPROCESS process;
    KAPC_STATE apc;
    NTSTATUS status = STATUS_SUCCESS;

    if (Size == 0 || Size > MR_MAX_READ) {
        return STATUS_INVALID_PARAMETER;
    }

    ExAcquireFastMutex(&g_Mr.Lock);
    process = g_Mr.Target;
    if (process != NULL) {
        ObReferenceObject(process);
    }
    ExReleaseFastMutex(&g_Mr.Lock);

    if (process == NULL) {
        return STATUS_NOT_FOUND;
    }

    /* bounce through our own buffer so nothing of the IRP is touched while attached */
    KeWaitForSingleObject(&g_Mr.ScratchGate, Executive, KernelMode, FALSE, NULL);

    KeStackAttachProcess(process, &apc);
    __try {
        ProbeForRead((PVOID)Address, Size, 1);
        RtlCopyMemory(g_Mr.Scratch, (PVOID)Address, Size);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Out, g_Mr.Scratch, Size);
    }
    KeReleaseSemaphore(&g_Mr.ScratchGate, IO_NO_INCREMENT, 1, FALSE);

    ObDereferenceObject(process);
    return status;
}

VOID MrProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL && ProcessId == g_Mr.TargetPid) {
        LOG("target %p exited", ProcessId);
        MrDropTarget();
    }
}

VOID MrImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);

    if (ImageInfo->SystemModeImage || ProcessId != g_Mr.TargetPid) {
        return;
    }

    /* first user image mapped into the process is the executable */
    ExAcquireFastMutex(&g_Mr.Lock);
    if (g_Mr.ImageBase == 0 && ProcessId == g_Mr.TargetPid) {
        g_Mr.ImageBase = (ULONG_PTR)ImageInfo->ImageBase;
    }
    ExReleaseFastMutex(&g_Mr.Lock);
}
