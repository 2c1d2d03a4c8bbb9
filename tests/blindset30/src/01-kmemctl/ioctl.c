#include "common.h"

//
// Copy between a user address in the target process and a kernel buffer.
// The kernel buffer is the WDF system buffer, so it stays valid while attached.
//
static NTSTATUS
KmCopyProcessMemory(
    _In_ HANDLE Pid,
    _In_ ULONG64 Address,
    _Inout_updates_bytes_(Size) PVOID KernelBuffer,
    _In_ ULONG Size,
    _In_ BOOLEAN Write
    )
{
    NTSTATUS status;
    PEPROCESS process = NULL;
    KAPC_STATE apc;

    if (Size == 0 || Size > KM_MAX_COPY) {
        return STATUS_INVALID_PARAMETER;
    }

    status = PsLookupProcessByProcessId(Pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeStackAttachProcess(process, &apc);
    __try {
        if (Write) {
            ProbeForWrite((PVOID)(ULONG_PTR)Address, Size, 1);
            RtlCopyMemory((PVOID)(ULONG_PTR)Address, KernelBuffer, Size);
        } else {
            ProbeForRead((PVOID)(ULONG_PTR)Address, Size, 1);
            RtlCopyMemory(KernelBuffer, (PVOID)(ULONG_PTR)Address, Size);
        }
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    ObDereferenceObject(process);
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
    PKM_COPY_REQUEST req = NULL;
    PVOID out = NULL;
    size_t len = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_KMEM_READ:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(KM_COPY_REQUEST), (PVOID*)&req, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, req->Size, &out, &len);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = KmCopyProcessMemory((HANDLE)(ULONG_PTR)req->ProcessId, req->Address,
                                     out, req->Size, FALSE);
        if (NT_SUCCESS(status)) {
            info = req->Size;
        }
        break;

    case IOCTL_KMEM_WRITE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(KM_COPY_REQUEST), (PVOID*)&req, &len);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (len < sizeof(KM_COPY_REQUEST) + (size_t)req->Size) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KmCopyProcessMemory((HANDLE)(ULONG_PTR)req->ProcessId, req->Address,
                                     req + 1, req->Size, TRUE);
        break;

    case IOCTL_KMEM_GET_GAME: {
        PKM_GAME_INFO gi;

        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KM_GAME_INFO), (PVOID*)&gi, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }

        ExAcquireFastMutex(&g_Km.GameLock);
        gi->ProcessId = (ULONG64)(ULONG_PTR)g_Km.GamePid;
        gi->ImageBase = (ULONG64)(ULONG_PTR)g_Km.GameBase;
        gi->ImageSize = (ULONG64)g_Km.GameSize;
        ExReleaseFastMutex(&g_Km.GameLock);

        status = (gi->ProcessId != 0) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        info = sizeof(KM_GAME_INFO);
        break;
    }

    default:
        LOG("unknown ioctl 0x%08X", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
