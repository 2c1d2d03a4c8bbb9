/*++
Module Name:
    ioctl.c

Abstract:
    IRP_MJ_INTERNAL_DEVICE_CONTROL handling for hidclass requests and the
    cancel-safe queue of pending IOCTL_HID_READ_REPORT requests.
--*/
#include "hidvpad.h"

static IO_CSQ_INSERT_IRP          VpCsqInsert;
static IO_CSQ_REMOVE_IRP          VpCsqRemove;
static IO_CSQ_PEEK_NEXT_IRP       VpCsqPeek;
static IO_CSQ_ACQUIRE_LOCK        VpCsqAcquire;
static IO_CSQ_RELEASE_LOCK        VpCsqRelease;
static IO_CSQ_COMPLETE_CANCELED_IRP VpCsqCompleteCanceled;

#define VP_EXT_FROM_CSQ(_csq) CONTAINING_RECORD((_csq), VP_DEVICE_EXTENSION, ReadCsq)

static
_Use_decl_annotations_
VOID
VpCsqInsert(
    PIO_CSQ Csq,
    PIRP    Irp
    )
{
    InsertTailList(&VP_EXT_FROM_CSQ(Csq)->PendingReads, &Irp->Tail.Overlay.ListEntry);
}

static
_Use_decl_annotations_
VOID
VpCsqRemove(
    PIO_CSQ Csq,
    PIRP    Irp
    )
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

static
_Use_decl_annotations_
PIRP
VpCsqPeek(
    PIO_CSQ Csq,
    PIRP    Irp,
    PVOID   PeekContext
    )
{
    PVP_DEVICE_EXTENSION ext = VP_EXT_FROM_CSQ(Csq);
    PLIST_ENTRY          next;

    UNREFERENCED_PARAMETER(PeekContext);

    next = (Irp == NULL) ? ext->PendingReads.Flink : Irp->Tail.Overlay.ListEntry.Flink;
    if (next == &ext->PendingReads) {
        return NULL;
    }
    return CONTAINING_RECORD(next, IRP, Tail.Overlay.ListEntry);
}

static
_Use_decl_annotations_
VOID
VpCsqAcquire(
    PIO_CSQ Csq,
    PKIRQL  Irql
    )
{
    KeAcquireSpinLock(&VP_EXT_FROM_CSQ(Csq)->PendingReadsLock, Irql);
}

static
_Use_decl_annotations_
VOID
VpCsqRelease(
    PIO_CSQ Csq,
    KIRQL   Irql
    )
{
    KeReleaseSpinLock(&VP_EXT_FROM_CSQ(Csq)->PendingReadsLock, Irql);
}

static
_Use_decl_annotations_
VOID
VpCsqCompleteCanceled(
    PIO_CSQ Csq,
    PIRP    Irp
    )
{
    UNREFERENCED_PARAMETER(Csq);

    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

_Use_decl_annotations_
VOID
VpInitializeReadQueue(
    PVP_DEVICE_EXTENSION Ext
    )
{
    InitializeListHead(&Ext->PendingReads);
    KeInitializeSpinLock(&Ext->PendingReadsLock);

    (VOID)IoCsqInitialize(&Ext->ReadCsq,
                          VpCsqInsert,
                          VpCsqRemove,
                          VpCsqPeek,
                          VpCsqAcquire,
                          VpCsqRelease,
                          VpCsqCompleteCanceled);
}

_Use_decl_annotations_
VOID
VpCancelAllReads(
    PVP_DEVICE_EXTENSION Ext
    )
{
    PIRP irp;

    while ((irp = IoCsqRemoveNextIrp(&Ext->ReadCsq, NULL)) != NULL) {
        irp->IoStatus.Status = STATUS_DEVICE_NOT_CONNECTED;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
}

static
NTSTATUS
VpCopyToUserBuffer(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION Stack,
    _In_reads_bytes_(Length) const VOID *Source,
    _In_ ULONG Length
    )
{
    if (Irp->UserBuffer == NULL ||
        Stack->Parameters.DeviceIoControl.OutputBufferLength < Length) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    RtlCopyMemory(Irp->UserBuffer, Source, Length);
    Irp->IoStatus.Information = Length;
    return STATUS_SUCCESS;
}

static
VOID
VpDeliverReport(
    _In_ PVP_DEVICE_EXTENSION Ext
    )
{
    PIRP               irp;
    PIO_STACK_LOCATION stack;

    irp = IoCsqRemoveNextIrp(&Ext->ReadCsq, NULL);
    if (irp == NULL) {
        return;
    }

    stack = IoGetCurrentIrpStackLocation(irp);
    irp->IoStatus.Status = VpCopyToUserBuffer(irp, stack, &Ext->LastReport,
                                              sizeof(Ext->LastReport));
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static
NTSTATUS
VpHandleWriteReport(
    _In_ PVP_DEVICE_EXTENSION Ext,
    _In_ PIRP Irp
    )
{
    PHID_XFER_PACKET packet = (PHID_XFER_PACKET)Irp->UserBuffer;

    if (packet == NULL || packet->reportBuffer == NULL || packet->reportBufferLen == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    switch (packet->reportId) {
    case VP_INPUT_REPORT_ID:
        //
        // Injection path used by the companion service: the payload is a
        // full input report that is looped back to readers.
        //
        if (packet->reportBufferLen < sizeof(VP_INPUT_REPORT)) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        RtlCopyMemory(&Ext->LastReport, packet->reportBuffer, sizeof(VP_INPUT_REPORT));
        Ext->LastReport.ReportId = VP_INPUT_REPORT_ID;
        VpDeliverReport(Ext);
        Irp->IoStatus.Information = sizeof(VP_INPUT_REPORT);
        return STATUS_SUCCESS;

    case VP_OUTPUT_REPORT_ID:
        if (!g_Vp.HasRumble) {
            return STATUS_INVALID_PARAMETER;
        }
        //
        // Rumble levels are accepted and dropped by the virtual device.
        //
        Irp->IoStatus.Information = packet->reportBufferLen;
        return STATUS_SUCCESS;

    default:
        return STATUS_INVALID_PARAMETER;
    }
}

_Use_decl_annotations_
NTSTATUS
VpDispatchInternalIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PVP_DEVICE_EXTENSION ext = VP_GET_EXT(DeviceObject);
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS             status;
    HID_DESCRIPTOR       hidDescriptor;
    HID_DEVICE_ATTRIBUTES attributes;

    Irp->IoStatus.Information = 0;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        hidDescriptor = g_VpHidDescriptorTemplate;
        hidDescriptor.DescriptorList[0].wReportLength = g_Vp.ReportDescriptorLength;
        status = VpCopyToUserBuffer(Irp, stack, &hidDescriptor, sizeof(hidDescriptor));
        break;

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = VpCopyToUserBuffer(Irp, stack, g_Vp.ReportDescriptor,
                                    g_Vp.ReportDescriptorLength);
        break;

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        RtlZeroMemory(&attributes, sizeof(attributes));
        attributes.Size = sizeof(attributes);
        attributes.VendorID = VP_VENDOR_ID;
        attributes.ProductID = VP_PRODUCT_ID;
        attributes.VersionNumber = VP_VERSION;
        status = VpCopyToUserBuffer(Irp, stack, &attributes, sizeof(attributes));
        break;

    case IOCTL_HID_READ_REPORT:
        if (ext->Removed || !ext->Started) {
            status = STATUS_DEVICE_NOT_READY;
            break;
        }
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VP_INPUT_REPORT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        IoCsqInsertIrp(&ext->ReadCsq, Irp, NULL);
        return STATUS_PENDING;

    case IOCTL_HID_WRITE_REPORT:
        status = VpHandleWriteReport(ext, Irp);
        break;

    case IOCTL_HID_ACTIVATE_DEVICE:
    case IOCTL_HID_DEACTIVATE_DEVICE:
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
