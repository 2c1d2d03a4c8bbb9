/*++

Module Name:    hid.c

Abstract:       HID internal IOCTLs, the pending read queue (cancel-safe
                queue) and the timer DPC producing the test-pattern reports.
--*/

#include "vgamepad.h"

static const UCHAR VgpReportDescriptor[] = {
    0x05, 0x01, 0x09, 0x05,         // Usage Page (Generic Desktop), Usage (Game Pad)
    0xA1, 0x01,                     // Collection (Application)
    0x85, VGP_REPORT_ID,            //   Report ID
    0x05, 0x09, 0x19, 0x01, 0x29, 0x08, // Usage Page (Button), Usage Min (1), Max (8)
    0x15, 0x00, 0x25, 0x01,         //   Logical Min (0), Max (1)
    0x75, 0x01, 0x95, 0x08,         //   Report Size (1), Count (8)
    0x81, 0x02,                     //   Input (Data, Var, Abs)
    0x05, 0x01, 0x09, 0x30, 0x09, 0x31, // Usage Page (Generic Desktop), Usage (X), (Y)
    0x15, 0x81, 0x25, 0x7F,         //   Logical Min (-127), Max (127)
    0x75, 0x08, 0x95, 0x02,         //   Report Size (8), Count (2)
    0x81, 0x02,                     //   Input (Data, Var, Abs)
    0xC0                            // End Collection
};

static const HID_DESCRIPTOR VgpHidDescriptor = {
    sizeof(HID_DESCRIPTOR), HID_HID_DESCRIPTOR_TYPE, 0x0111, 0x00, 0x01,
    { { HID_REPORT_DESCRIPTOR_TYPE, sizeof(VgpReportDescriptor) } }
};

//
// ---- cancel-safe queue callbacks --------------------------------------------
//
#define VGP_EXT_FROM_CSQ(_csq) CONTAINING_RECORD((_csq), VGP_DEVICE_EXTENSION, ReadCsq)

static VOID VgpCsqInsert(_In_ PIO_CSQ Csq, _In_ PIRP Irp)
{
    InsertTailList(&VGP_EXT_FROM_CSQ(Csq)->ReadList, &Irp->Tail.Overlay.ListEntry);
}

static VOID VgpCsqRemove(_In_ PIO_CSQ Csq, _In_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

static PIRP VgpCsqPeekNext(_In_ PIO_CSQ Csq, _In_opt_ PIRP Irp, _In_opt_ PVOID PeekContext)
{
    PVGP_DEVICE_EXTENSION ext = VGP_EXT_FROM_CSQ(Csq);
    PLIST_ENTRY next = (Irp == NULL) ? ext->ReadList.Flink : Irp->Tail.Overlay.ListEntry.Flink;

    UNREFERENCED_PARAMETER(PeekContext);
    return (next == &ext->ReadList) ? NULL : CONTAINING_RECORD(next, IRP, Tail.Overlay.ListEntry);
}

_IRQL_raises_(DISPATCH_LEVEL)
static VOID VgpCsqAcquireLock(_In_ PIO_CSQ Csq, _Out_ PKIRQL Irql)
{
    KeAcquireSpinLock(&VGP_EXT_FROM_CSQ(Csq)->ReadLock, Irql);
}

static VOID VgpCsqReleaseLock(_In_ PIO_CSQ Csq, _In_ KIRQL Irql)
{
    KeReleaseSpinLock(&VGP_EXT_FROM_CSQ(Csq)->ReadLock, Irql);
}

static VOID VgpCsqCompleteCanceled(_In_ PIO_CSQ Csq, _In_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
VgpInitializeReadQueue(
    _In_ PVGP_DEVICE_EXTENSION Ext
    )
{
    InitializeListHead(&Ext->ReadList);
    KeInitializeSpinLock(&Ext->ReadLock);
    (VOID)IoCsqInitialize(&Ext->ReadCsq, VgpCsqInsert, VgpCsqRemove, VgpCsqPeekNext,
                          VgpCsqAcquireLock, VgpCsqReleaseLock, VgpCsqCompleteCanceled);
}

VOID
VgpFlushReads(
    _In_ PVGP_DEVICE_EXTENSION Ext,
    _In_ NTSTATUS Status
    )
{
    PIRP irp;

    while ((irp = IoCsqRemoveNextIrp(&Ext->ReadCsq, NULL)) != NULL) {
        irp->IoStatus.Status = Status;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
}

//
// ---- report generation --------------------------------------------------------
//
static CHAR VgpTriangle(_In_ ULONG Tick)
{
    LONG phase = (LONG)(Tick % 508);
    return (CHAR)((phase < 254) ? (phase - 127) : (381 - phase));
}

static KDEFERRED_ROUTINE VgpReportDpc;

static VOID
VgpReportDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PVGP_DEVICE_EXTENSION ext = (PVGP_DEVICE_EXTENSION)DeferredContext;
    VGP_INPUT_REPORT report;
    PIRP irp;
    ULONG tick;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (ext == NULL) {
        return;
    }

    tick = ext->Tick++;
    report.ReportId = VGP_REPORT_ID;
    report.Buttons = (UCHAR)(1u << ((tick / 32) % 8));      // walking button
    report.X = VgpTriangle(tick);                           // sweeping axes,
    report.Y = VgpTriangle(tick + 127);                     // a quarter apart

    irp = IoCsqRemoveNextIrp(&ext->ReadCsq, NULL);
    if (irp == NULL) {
        return;                 // nobody is reading: drop the sample
    }

    if (IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength < sizeof(report)) {
        irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        irp->IoStatus.Information = 0;
    } else {
        RtlCopyMemory(irp->UserBuffer, &report, sizeof(report));
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = sizeof(report);
    }
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

VOID
VgpStartReports(
    _In_ PVGP_DEVICE_EXTENSION Ext
    )
{
    LARGE_INTEGER due;

    KeInitializeDpc(&Ext->ReportDpc, VgpReportDpc, Ext);
    due.QuadPart = -10000LL * g_Vgp.IntervalMs;
    KeSetTimerEx(&Ext->ReportTimer, due, (LONG)g_Vgp.IntervalMs, &Ext->ReportDpc);
}

VOID
VgpStopReports(
    _In_ PVGP_DEVICE_EXTENSION Ext
    )
{
    KeCancelTimer(&Ext->ReportTimer);
    KeFlushQueuedDpcs();        // a DPC already queued may still be running
}

//
// ---- IRP_MJ_INTERNAL_DEVICE_CONTROL -------------------------------------------
//
static NTSTATUS
VgpCopyToUserBuffer(
    _In_ PIRP Irp,
    _In_reads_bytes_(Length) const VOID* Source,
    _In_ ULONG Length
    )
{
    if (IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength < Length) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(Irp->UserBuffer, Source, Length);
    Irp->IoStatus.Information = Length;
    return STATUS_SUCCESS;
}

NTSTATUS
VgpDispatchInternalIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVGP_DEVICE_EXTENSION ext = VGP_MINI_EXT(DeviceObject);
    HID_DEVICE_ATTRIBUTES attributes;
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        status = VgpCopyToUserBuffer(Irp, &VgpHidDescriptor, sizeof(VgpHidDescriptor));
        break;

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = VgpCopyToUserBuffer(Irp, VgpReportDescriptor, sizeof(VgpReportDescriptor));
        break;

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        RtlZeroMemory(&attributes, sizeof(attributes));
        attributes.Size = sizeof(HID_DEVICE_ATTRIBUTES);
        attributes.VendorID = g_Vgp.VendorId;
        attributes.ProductID = g_Vgp.ProductId;
        attributes.VersionNumber = VGP_VERSION_NUMBER;
        status = VgpCopyToUserBuffer(Irp, &attributes, sizeof(attributes));
        break;

    case IOCTL_HID_READ_REPORT:
        if (!ext->Started || ext->Removed) {
            status = STATUS_DEVICE_NOT_READY;
            break;
        }
        IoCsqInsertIrp(&ext->ReadCsq, Irp, NULL);   // marks the IRP pending
        return STATUS_PENDING;

    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
