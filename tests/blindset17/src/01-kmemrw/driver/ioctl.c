/*
 * ioctl.c - IRP_MJ_DEVICE_CONTROL for the kmrw control device.
 */
#include "kmrw.h"

static NTSTATUS
KmrwIoctlMemory(
    _Inout_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp,
    _In_ BOOLEAN Write
    )
{
    PKMRW_MEMORY_REQUEST req = (PKMRW_MEMORY_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    SIZE_T copied = 0;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(*req) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(*req)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    status = KmrwCopyProcessMemory((HANDLE)(ULONG_PTR)req->ProcessId,
                                   (PVOID)(ULONG_PTR)req->Address,
                                   (PVOID)(ULONG_PTR)req->Buffer,
                                   (SIZE_T)req->Size,
                                   Write,
                                   &copied);
    req->BytesCopied = copied;
    Irp->IoStatus.Information = sizeof(*req);
    return status;
}

static NTSTATUS
KmrwIoctlModuleBase(
    _Inout_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PKMRW_MODULE_REQUEST req = (PKMRW_MODULE_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    WCHAR name[RTL_NUMBER_OF(req->ModuleName)];
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(*req) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(*req)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    RtlCopyMemory(name, req->ModuleName, sizeof(name));
    name[RTL_NUMBER_OF(name) - 1] = L'\0';

    status = KmrwQueryModuleBase((HANDLE)(ULONG_PTR)req->ProcessId,
                                 name,
                                 &req->Base,
                                 &req->SizeOfImage);
    Irp->IoStatus.Information = sizeof(*req);
    return status;
}

static NTSTATUS
KmrwIoctlQueryState(
    _Inout_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PKMRW_STATE state = (PKMRW_STATE)Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(*state)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    RtlZeroMemory(state, sizeof(*state));
    state->Magic = KMRW_PING_MAGIC;
    state->OffsetsValid = g_Kmrw.Offsets.Valid;
    state->ProtectedCount = g_Kmrw.ProtectedCount;
    state->BuildNumber = g_Kmrw.Offsets.BuildNumber;
    state->HandlesStripped = (unsigned __int64)g_Kmrw.HandlesStripped;

    Irp->IoStatus.Information = sizeof(*state);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
KmrwDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = irpSp->Parameters.DeviceIoControl.IoControlCode;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Information = 0;

    switch (code) {
    case IOCTL_KMRW_PING:
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = KMRW_PING_MAGIC;
        Irp->IoStatus.Information = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_KMRW_READ_MEMORY:
        status = KmrwIoctlMemory(Irp, irpSp, FALSE);
        break;

    case IOCTL_KMRW_WRITE_MEMORY:
        status = KmrwIoctlMemory(Irp, irpSp, TRUE);
        break;

    case IOCTL_KMRW_MODULE_BASE:
        status = KmrwIoctlModuleBase(Irp, irpSp);
        break;

    case IOCTL_KMRW_PROTECT_PID: {
        PKMRW_PROTECT_REQUEST req = (PKMRW_PROTECT_REQUEST)Irp->AssociatedIrp.SystemBuffer;
        if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(*req)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KmrwProtectProcess((HANDLE)(ULONG_PTR)req->ProcessId,
                                    req->StripMask ? req->StripMask
                                                   : (PROCESS_VM_READ | PROCESS_VM_WRITE |
                                                      PROCESS_VM_OPERATION | PROCESS_TERMINATE));
        break;
    }

    case IOCTL_KMRW_UNPROTECT_PID: {
        PKMRW_PROTECT_REQUEST req = (PKMRW_PROTECT_REQUEST)Irp->AssociatedIrp.SystemBuffer;
        if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(*req)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KmrwUnprotectProcess((HANDLE)(ULONG_PTR)req->ProcessId);
        break;
    }

    case IOCTL_KMRW_QUERY_STATE:
        status = KmrwIoctlQueryState(Irp, irpSp);
        break;

    default:
        KmrwTrace("unknown ioctl 0x%08X", code);
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
