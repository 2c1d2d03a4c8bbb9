#include "kmem.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KmCreateClose)
#pragma alloc_text(PAGE, KmDeviceControl)
#endif

static NTSTATUS
KmpReadKernel(
    _In_ PKMEM_READ_REQUEST Req,
    _Out_writes_bytes_(Req->Size) PVOID Out,
    _Out_ PSIZE_T Copied
    )
{
    MM_COPY_ADDRESS src;

    *Copied = 0;

    if (Req->Size == 0 || Req->Size > KMEM_MAX_READ)
        return STATUS_INVALID_PARAMETER;

    // only kernel addresses, user mode can read its own memory
    if (Req->Address < (ULONG64)MmSystemRangeStart)
        return STATUS_ACCESS_VIOLATION;

    src.VirtualAddress = (PVOID)(ULONG_PTR)Req->Address;
    return MmCopyMemory(Out, src, Req->Size, MM_COPY_MEMORY_VIRTUAL, Copied);
}

static NTSTATUS
KmpProcessInfo(
    _In_ ULONG Pid,
    _Out_ PKMEM_PROCESS_INFO Info
    )
{
    NTSTATUS status;
    PEPROCESS process = NULL;

    status = PsLookupProcessByProcessId(ULongToHandle(Pid), &process);
    if (!NT_SUCCESS(status))
        return status;

    RtlZeroMemory(Info, sizeof(*Info));
    Info->Pid        = Pid;
    Info->EProcess   = (ULONG64)(ULONG_PTR)process;
    Info->CreateTime = PsGetProcessCreateTimeQuadPart(process);

    ObDereferenceObject(process);
    return STATUS_SUCCESS;
}

NTSTATUS
KmCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (sp->MajorFunction == IRP_MJ_CREATE)
        InterlockedIncrement(&g_Km.OpenCount);
    else
        InterlockedDecrement(&g_Km.OpenCount);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
KmDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code   = sp->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KMEM_INPUT in;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    RtlZeroMemory(&in, sizeof(in));
    if (buffer != NULL && inLen != 0)
        RtlCopyMemory(&in, buffer, min(inLen, sizeof(in)));

    switch (code)
    {
    case IOCTL_KMEM_READ:
        if (inLen < sizeof(KMEM_READ_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (outLen < in.Read.Size) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            SIZE_T copied = 0;
            status = KmpReadKernel(&in.Read, buffer, &copied);
            info = copied;
            if (NT_SUCCESS(status))
                InterlockedIncrement(&g_Km.ReadsServed);
        }
        break;

    case IOCTL_KMEM_PROCESS_INFO:
        if (inLen < sizeof(ULONG) || outLen < sizeof(KMEM_PROCESS_INFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = KmpProcessInfo(in.Pid, (PKMEM_PROCESS_INFO)buffer);
        if (NT_SUCCESS(status))
            info = sizeof(KMEM_PROCESS_INFO);
        break;

    case IOCTL_KMEM_VERSION:
        if (outLen < sizeof(KMEM_VERSION_INFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            PKMEM_VERSION_INFO v = (PKMEM_VERSION_INFO)buffer;
            RtlZeroMemory(v, sizeof(*v));
            v->Version = KMEM_VERSION;
            v->ReadsServed = (ULONG)g_Km.ReadsServed;
            // tell the client which service instance it is talking to
            RtlStringCchCopyNW(v->ServiceKey, RTL_NUMBER_OF(v->ServiceKey),
                               g_Km.RegPath.Buffer, g_Km.RegPath.Length / sizeof(WCHAR));
            info = sizeof(KMEM_VERSION_INFO);
            status = STATUS_SUCCESS;
        }
        break;

    default:
        LOG("unknown ioctl 0x%08X", code);
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = NT_SUCCESS(status) ? info : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
