//
// ioctl.c - the actual read/write stuff
//
#include "common.h"

static FAST_MUTEX g_ScratchLock;

VOID
KmInitIoctl(VOID)
{
    ExInitializeFastMutex(&g_ScratchLock);
}

static VOID
KmLockScratch(VOID)
{
    ExAcquireFastMutex(&g_ScratchLock);
}

static VOID
KmUnlockScratch(VOID)
{
    ExReleaseFastMutex(&g_ScratchLock);
}

NTSTATUS
KmCopyMemory(
    _In_ PKMEMRW_REQUEST Req,
    _In_ BOOLEAN Write,
    _Out_ PSIZE_T Copied
    )
{
    NTSTATUS status;
    PEPROCESS target = NULL;
    SIZE_T done = 0;

    *Copied = 0;

    if (Req->Size == 0 || Req->Size > MAX_XFER) {
        return STATUS_INVALID_PARAMETER;
    }

    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Req->ProcessId, &target);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("pid %llu not found (0x%08X)", Req->ProcessId, status);
        return status;
    }

    //
    // caller buffer -> scratch -> target   (or the other way round)
    // going through scratch keeps UserMode probing on the caller side only
    //
    KmLockScratch();

    if (Write) {
        status = MmCopyVirtualMemory(PsGetCurrentProcess(), (PVOID)Req->UserBuffer,
                                     PsGetCurrentProcess(), g_Scratch,
                                     (SIZE_T)Req->Size, UserMode, &done);
        if (NT_SUCCESS(status)) {
            status = MmCopyVirtualMemory(PsGetCurrentProcess(), g_Scratch,
                                         target, (PVOID)Req->Address,
                                         (SIZE_T)Req->Size, KernelMode, &done);
        }
    } else {
        status = MmCopyVirtualMemory(target, (PVOID)Req->Address,
                                     PsGetCurrentProcess(), g_Scratch,
                                     (SIZE_T)Req->Size, KernelMode, &done);
        if (NT_SUCCESS(status)) {
            status = MmCopyVirtualMemory(PsGetCurrentProcess(), g_Scratch,
                                         PsGetCurrentProcess(), (PVOID)Req->UserBuffer,
                                         done, UserMode, &done);
        }
    }

    KmUnlockScratch();

    ObDereferenceObject(target);

    *Copied = done;
    return status;
}

NTSTATUS
KmDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code   = sp->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buf    = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    SIZE_T copied = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (code) {
    case IOCTL_KMEMRW_PING:
        LOG("ping from pid %p", PsGetCurrentProcessId());
        status = STATUS_SUCCESS;
        break;

    case IOCTL_KMEMRW_READ:
    case IOCTL_KMEMRW_WRITE:
        if (inLen < sizeof(KMEMRW_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KmCopyMemory((PKMEMRW_REQUEST)buf, code == IOCTL_KMEMRW_WRITE, &copied);
        info = 0;
        break;

    case IOCTL_KMEMRW_BASE: {
        PKMEMRW_BASE_REPLY r = (PKMEMRW_BASE_REPLY)buf;
        PEPROCESS p = NULL;
        if (inLen < sizeof(*r) || outLen < sizeof(*r)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)r->ProcessId, &p);
        if (NT_SUCCESS(status)) {
            r->Base = (ULONG64)PsGetProcessSectionBaseAddress(p);
            ObDereferenceObject(p);
            info = sizeof(*r);
        }
        break;
    }

    default:
        LOG_ERR("unknown ioctl 0x%08X", code);
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
