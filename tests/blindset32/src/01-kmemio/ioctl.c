#include "common.h"

static NTSTATUS
KmCopy(
    _In_ PKM_COPY_REQUEST Req,
    _In_ BOOLEAN Write,
    _Out_ PSIZE_T Copied
    )
{
    NTSTATUS status;
    PEPROCESS target = NULL;
    PEPROCESS self = PsGetCurrentProcess();

    *Copied = 0;

    if (Req->Size == 0 || Req->Size > KM_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!KmIsTarget(Req->ProcessId)) {
        return STATUS_ACCESS_DENIED;
    }

    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Req->ProcessId, &target);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (Write) {
        status = MmCopyVirtualMemory(self, Req->Data, target,
                                     (PVOID)(ULONG_PTR)Req->Address,
                                     Req->Size, KernelMode, Copied);
    } else {
        status = MmCopyVirtualMemory(target, (PVOID)(ULONG_PTR)Req->Address,
                                     self, Req->Data,
                                     Req->Size, KernelMode, Copied);
    }

    ObDereferenceObject(target);
    return status;
}

VOID
KmEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer = NULL;
    SIZE_T copied = 0;

    UNREFERENCED_PARAMETER(Queue);

    switch (IoControlCode) {
    case IOCTL_KM_ATTACH:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(KM_ATTACH_REQUEST), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = KmAddTarget(((PKM_ATTACH_REQUEST)buffer)->ProcessId);
        }
        break;

    case IOCTL_KM_READ:
    case IOCTL_KM_WRITE:
        status = WdfRequestRetrieveInputBuffer(Request, FIELD_OFFSET(KM_COPY_REQUEST, Data), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (InputBufferLength < FIELD_OFFSET(KM_COPY_REQUEST, Data) + (SIZE_T)((PKM_COPY_REQUEST)buffer)->Size ||
            (IoControlCode == IOCTL_KM_READ &&
             OutputBufferLength < FIELD_OFFSET(KM_COPY_REQUEST, Data) + (SIZE_T)((PKM_COPY_REQUEST)buffer)->Size)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KmCopy((PKM_COPY_REQUEST)buffer, IoControlCode == IOCTL_KM_WRITE, &copied);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(g_Km.StatsLock);
            if (IoControlCode == IOCTL_KM_WRITE) {
                g_Km.Stats.Writes++;
                g_Km.Stats.BytesWritten += copied;
            } else {
                g_Km.Stats.Reads++;
                g_Km.Stats.BytesRead += copied;
                info = FIELD_OFFSET(KM_COPY_REQUEST, Data) + copied;
            }
            WdfSpinLockRelease(g_Km.StatsLock);
        }
        break;

    case IOCTL_KM_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KM_STATS), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(g_Km.StatsLock);
            RtlCopyMemory(buffer, &g_Km.Stats, sizeof(KM_STATS));
            WdfSpinLockRelease(g_Km.StatsLock);
            info = sizeof(KM_STATS);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
