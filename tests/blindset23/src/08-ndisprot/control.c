/*++

Module Name:

    control.c

Abstract:

    Control device for nprotmon.sys.  The management service opens
    \\.\NprotMon and polls the per-adapter counters with
    IOCTL_NPROT_QUERY_ADAPTERS.

--*/

#include "nprot.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, NprotCreateControlDevice)
#pragma alloc_text(INIT, NprotCreateSymbolicLink)
#pragma alloc_text(PAGE, NprotDeleteSymbolicLink)
#pragma alloc_text(PAGE, NprotDeleteControlDevice)
#pragma alloc_text(PAGE, NprotDispatchOpenClose)
#endif

_Use_decl_annotations_
NTSTATUS
NprotCreateControlDevice(
    PNPROT_GLOBALS G
    )
{
    UNICODE_STRING deviceName;
    NTSTATUS status;

    PAGED_CODE();

    RtlInitUnicodeString(&deviceName, NPROT_DEVICE_NAME);

    status = IoCreateDevice(G->DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &G->ControlDevice);
    if (!NT_SUCCESS(status)) {
        G->ControlDevice = NULL;
        return status;
    }

    G->ControlDevice->Flags |= DO_BUFFERED_IO;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
NprotCreateSymbolicLink(
    PNPROT_GLOBALS G
    )
{
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(G);

    RtlInitUnicodeString(&deviceName, NPROT_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, NPROT_SYMLINK_NAME);

    return IoCreateSymbolicLink(&linkName, &deviceName);
}

_Use_decl_annotations_
VOID
NprotDeleteSymbolicLink(
    VOID
    )
{
    UNICODE_STRING linkName;

    PAGED_CODE();

    RtlInitUnicodeString(&linkName, NPROT_SYMLINK_NAME);
    (VOID)IoDeleteSymbolicLink(&linkName);
}

_Use_decl_annotations_
VOID
NprotDeleteControlDevice(
    PNPROT_GLOBALS G
    )
{
    PAGED_CODE();

    if (G->ControlDevice != NULL) {
        IoDeleteDevice(G->ControlDevice);
        G->ControlDevice = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
NprotDispatchOpenClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static
NTSTATUS
NprotQueryAdapters(
    _Out_writes_bytes_to_(OutputLength, *BytesWritten) PVOID OutputBuffer,
    _In_ ULONG OutputLength,
    _Out_ PULONG BytesWritten
    )
{
    PNPROT_ADAPTER_STATS out = (PNPROT_ADAPTER_STATS)OutputBuffer;
    ULONG capacity = OutputLength / sizeof(NPROT_ADAPTER_STATS);
    ULONG written = 0;
    ULONG total = 0;
    PLIST_ENTRY entry;

    NdisAcquireSpinLock(&Globals.OpenListLock);

    for (entry = Globals.OpenList.Flink;
         entry != &Globals.OpenList;
         entry = entry->Flink) {

        PNPROT_OPEN_CONTEXT open = CONTAINING_RECORD(entry, NPROT_OPEN_CONTEXT, Link);

        total++;
        if (written >= capacity) {
            continue;
        }

        RtlCopyMemory(out[written].Name, open->Name, sizeof(out[written].Name));
        out[written].Frames = (ULONG64)open->Frames;
        out[written].Bytes = (ULONG64)open->Bytes;
        out[written].Broadcast = (ULONG64)open->Broadcast;
        out[written].MediaConnected = open->MediaConnected;
        written++;
    }

    NdisReleaseSpinLock(&Globals.OpenListLock);

    *BytesWritten = written * sizeof(NPROT_ADAPTER_STATS);
    return (written < total) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static
VOID
NprotResetCounters(
    VOID
    )
{
    PLIST_ENTRY entry;

    NdisAcquireSpinLock(&Globals.OpenListLock);
    for (entry = Globals.OpenList.Flink;
         entry != &Globals.OpenList;
         entry = entry->Flink) {

        PNPROT_OPEN_CONTEXT open = CONTAINING_RECORD(entry, NPROT_OPEN_CONTEXT, Link);
        InterlockedExchange64(&open->Frames, 0);
        InterlockedExchange64(&open->Bytes, 0);
        InterlockedExchange64(&open->Broadcast, 0);
    }
    NdisReleaseSpinLock(&Globals.OpenListLock);
}

_Use_decl_annotations_
NTSTATUS
NprotDispatchIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG bytes = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NPROT_QUERY_ADAPTERS:
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NPROT_ADAPTER_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = NprotQueryAdapters(Irp->AssociatedIrp.SystemBuffer,
                                    irpSp->Parameters.DeviceIoControl.OutputBufferLength,
                                    &bytes);
        break;

    case IOCTL_NPROT_RESET_COUNTERS:
        NprotResetCounters();
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
