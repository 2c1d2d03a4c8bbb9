/*
 * ioctl.c - IRP_MJ_DEVICE_CONTROL for memrw
 *
 * everything is METHOD_BUFFERED so Irp->AssociatedIrp.SystemBuffer is both
 * the input and the output buffer.
 */
#include "memrw.h"

NTSTATUS
CopyProcessMemory(ULONG Pid, PVOID Address, PVOID Buffer, SIZE_T Size, BOOLEAN Write)
{
    NTSTATUS st;
    PEPROCESS process = NULL;
    KAPC_STATE apc;

    if (Size == 0 || Size > MEMRW_MAX_XFER) {
        return STATUS_INVALID_PARAMETER;
    }

    st = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Pid, &process);
    if (!NT_SUCCESS(st)) {
        return st;
    }

    KeStackAttachProcess(process, &apc);
    __try {
        if (Write) {
            ProbeForWrite(Address, Size, 1);
            RtlCopyMemory(Address, Buffer, Size);
        } else {
            ProbeForRead(Address, Size, 1);
            RtlCopyMemory(Buffer, Address, Size);
        }
        st = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        st = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    ObDereferenceObject(process);
    return st;
}

static NTSTATUS
HandleGetBase(PVOID SystemBuffer, ULONG InLen, ULONG OutLen, PULONG_PTR Info)
{
    PMEMRW_REQUEST req = (PMEMRW_REQUEST)SystemBuffer;
    PEPROCESS process;
    NTSTATUS st;

    if (InLen < MEMRW_HDR_SIZE || OutLen < MEMRW_HDR_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    st = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)req->ProcessId, &process);
    if (!NT_SUCCESS(st)) {
        return st;
    }
    req->Address = (ULONGLONG)(ULONG_PTR)PsGetProcessSectionBaseAddress(process);
    ObDereferenceObject(process);

    *Info = MEMRW_HDR_SIZE;
    return STATUS_SUCCESS;
}

static NTSTATUS
HandleInfo(PVOID SystemBuffer, ULONG OutLen, PULONG_PTR Info)
{
    PMEMRW_INFO info = (PMEMRW_INFO)SystemBuffer;
    USHORT cb;

    if (OutLen < sizeof(MEMRW_INFO)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlZeroMemory(info, sizeof(*info));
    info->Version = MEMRW_VERSION;
    info->Requests = (ULONG)g_RequestCount;

    cb = g_RegPath.Length;
    if (cb > sizeof(info->ServiceKey) - sizeof(WCHAR)) {
        cb = sizeof(info->ServiceKey) - sizeof(WCHAR);
    }
    RtlCopyMemory(info->ServiceKey, g_RegPath.Buffer, cb);

    *Info = sizeof(MEMRW_INFO);
    return STATUS_SUCCESS;
}

NTSTATUS
MemRwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PMEMRW_REQUEST req = (PMEMRW_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    InterlockedIncrement(&g_RequestCount);

    switch (code) {
    case IOCTL_MEMRW_READ:
        if (inLen < MEMRW_HDR_SIZE) { status = STATUS_BUFFER_TOO_SMALL; break; }
        if (outLen < MEMRW_HDR_SIZE + req->Size) { status = STATUS_BUFFER_TOO_SMALL; break; }
        status = CopyProcessMemory(req->ProcessId, (PVOID)(ULONG_PTR)req->Address,
                                   req->Data, req->Size, FALSE);
        if (NT_SUCCESS(status)) {
            info = MEMRW_HDR_SIZE + req->Size;
        }
        break;

    case IOCTL_MEMRW_WRITE:
        if (inLen < MEMRW_HDR_SIZE || inLen < MEMRW_HDR_SIZE + req->Size) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = CopyProcessMemory(req->ProcessId, (PVOID)(ULONG_PTR)req->Address,
                                   req->Data, req->Size, TRUE);
        break;

    case IOCTL_MEMRW_BASE:
        status = HandleGetBase(req, inLen, outLen, &info);
        break;

    case IOCTL_MEMRW_INFO:
        status = HandleInfo(Irp->AssociatedIrp.SystemBuffer, outLen, &info);
        break;

    default:
        KdPrint(("memrw: unknown ioctl %08X\n", code));
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
