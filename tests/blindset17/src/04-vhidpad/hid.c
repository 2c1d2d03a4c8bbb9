/*
 * hid.c - IOCTL_HID_* handling and macro playback.
 */
#include "vhidpad.h"

static const UCHAR VhpReportDescriptor[] = {
    0x05, 0x01,         /* USAGE_PAGE (Generic Desktop) */
    0x09, 0x06,         /* USAGE (Keyboard) */
    0xA1, 0x01,         /* COLLECTION (Application) */
    0x85, REPORT_ID_KEYBOARD,
    0x05, 0x07,         /*   USAGE_PAGE (Keyboard) */
    0x19, 0xE0,         /*   USAGE_MINIMUM (Left Control) */
    0x29, 0xE7,         /*   USAGE_MAXIMUM (Right GUI) */
    0x15, 0x00,         /*   LOGICAL_MINIMUM (0) */
    0x25, 0x01,         /*   LOGICAL_MAXIMUM (1) */
    0x75, 0x01,         /*   REPORT_SIZE (1) */
    0x95, 0x08,         /*   REPORT_COUNT (8) */
    0x81, 0x02,         /*   INPUT (Data,Var,Abs) */
    0x95, 0x01,         /*   REPORT_COUNT (1) */
    0x75, 0x08,         /*   REPORT_SIZE (8) */
    0x81, 0x03,         /*   INPUT (Cnst,Var,Abs) */
    0x95, 0x06,         /*   REPORT_COUNT (6) */
    0x75, 0x08,         /*   REPORT_SIZE (8) */
    0x15, 0x00,         /*   LOGICAL_MINIMUM (0) */
    0x25, 0x65,         /*   LOGICAL_MAXIMUM (101) */
    0x19, 0x00,         /*   USAGE_MINIMUM (0) */
    0x29, 0x65,         /*   USAGE_MAXIMUM (101) */
    0x81, 0x00,         /*   INPUT (Data,Ary,Abs) */
    0xC0,               /* END_COLLECTION */

    0x06, 0x00, 0xFF,   /* USAGE_PAGE (Vendor Defined) */
    0x09, 0x01,         /* USAGE (Vendor Usage 1) */
    0xA1, 0x01,         /* COLLECTION (Application) */
    0x85, REPORT_ID_MACRO,
    0x15, 0x00,         /*   LOGICAL_MINIMUM (0) */
    0x26, 0xFF, 0x00,   /*   LOGICAL_MAXIMUM (255) */
    0x75, 0x08,         /*   REPORT_SIZE (8) */
    0x95, VHP_MAX_MACRO_KEYS + 1,
    0x09, 0x02,         /*   USAGE (Vendor Usage 2) */
    0xB1, 0x02,         /*   FEATURE (Data,Var,Abs) */
    0xC0                /* END_COLLECTION */
};

static const HID_DESCRIPTOR VhpHidDescriptor = {
    0x09,               /* bLength */
    0x21,               /* bDescriptorType (HID) */
    0x0101,             /* bcdHID */
    0x00,               /* bCountry */
    0x01,               /* bNumDescriptors */
    {
        0x22,           /* report descriptor */
        sizeof(VhpReportDescriptor)
    }
};

static NTSTATUS
VhpCopyOut(
    _In_ PIRP Irp,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ ULONG Length
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < Length) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(Irp->UserBuffer, Data, Length);
    Irp->IoStatus.Information = Length;
    return STATUS_SUCCESS;
}

static VOID
VhpCompleteRead(
    _In_ PDEVICE_EXTENSION Ext,
    _In_ UCHAR Usage
    )
{
    PLIST_ENTRY entry = NULL;
    KIRQL irql;
    PIRP irp;
    PIO_STACK_LOCATION sp;
    PVHP_KEYBOARD_REPORT report;

    KeAcquireSpinLock(&Ext->Lock, &irql);
    if (!IsListEmpty(&Ext->PendingReads)) {
        entry = RemoveHeadList(&Ext->PendingReads);
    }
    KeReleaseSpinLock(&Ext->Lock, irql);

    if (entry == NULL) {
        return;
    }

    irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
    sp = IoGetCurrentIrpStackLocation(irp);

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VHP_KEYBOARD_REPORT)) {
        irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        irp->IoStatus.Information = 0;
    } else {
        report = (PVHP_KEYBOARD_REPORT)irp->UserBuffer;
        RtlZeroMemory(report, sizeof(*report));
        report->ReportId = REPORT_ID_KEYBOARD;
        report->Keys[0] = Usage;
        irp->IoStatus.Status = STATUS_SUCCESS;
        irp->IoStatus.Information = sizeof(*report);
    }
    IoCompleteRequest(irp, IO_KEYBOARD_INCREMENT);
}

_Use_decl_annotations_
VOID
VhpPlaybackDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeferredContext;
    PVHP_MACRO_ENTRY done = NULL;
    UCHAR usage = 0;
    BOOLEAN report = FALSE;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLockAtDpcLevel(&ext->Lock);
    if (ext->Current == NULL && !IsListEmpty(&ext->MacroQueue)) {
        ext->Current = CONTAINING_RECORD(RemoveHeadList(&ext->MacroQueue), VHP_MACRO_ENTRY, Link);
        ext->MacroPosition = 0;
        ext->KeyDown = FALSE;
    }
    if (ext->Current != NULL && !IsListEmpty(&ext->PendingReads)) {
        if (!ext->KeyDown) {
            usage = ext->Current->Usages[ext->MacroPosition];
            ext->KeyDown = TRUE;
        } else {
            usage = 0;          /* key up */
            ext->KeyDown = FALSE;
            if (++ext->MacroPosition >= ext->Current->Length) {
                done = ext->Current;
                ext->Current = NULL;
            }
        }
        report = TRUE;
    }
    KeReleaseSpinLockFromDpcLevel(&ext->Lock);

    if (report) {
        VhpCompleteRead(ext, usage);
    }
    if (done != NULL) {
        ExFreeToNPagedLookasideList(&g_Vhp.MacroLookaside, done);
    }
}

VOID
VhpStartPlayback(
    _In_ PDEVICE_EXTENSION Ext
    )
{
    LARGE_INTEGER due;

    if (!Ext->TimerArmed) {
        due.QuadPart = -10000LL * g_Vhp.KeyIntervalMs;
        KeSetTimerEx(&Ext->PlaybackTimer, due, (LONG)g_Vhp.KeyIntervalMs, &Ext->PlaybackDpc);
        Ext->TimerArmed = TRUE;
    }
}

VOID
VhpStopPlayback(
    _In_ PDEVICE_EXTENSION Ext
    )
{
    PLIST_ENTRY entry;
    KIRQL irql;

    if (Ext->TimerArmed) {
        KeCancelTimer(&Ext->PlaybackTimer);
        KeFlushQueuedDpcs();
        Ext->TimerArmed = FALSE;
    }

    KeAcquireSpinLock(&Ext->Lock, &irql);
    while (!IsListEmpty(&Ext->MacroQueue)) {
        entry = RemoveHeadList(&Ext->MacroQueue);
        ExFreeToNPagedLookasideList(&g_Vhp.MacroLookaside,
                                    CONTAINING_RECORD(entry, VHP_MACRO_ENTRY, Link));
    }
    if (Ext->Current != NULL) {
        ExFreeToNPagedLookasideList(&g_Vhp.MacroLookaside, Ext->Current);
        Ext->Current = NULL;
    }
    KeReleaseSpinLock(&Ext->Lock, irql);
}

VOID
VhpCancelPendingReads(
    _In_ PDEVICE_EXTENSION Ext,
    _In_ NTSTATUS Status
    )
{
    LIST_ENTRY local;
    KIRQL irql;

    InitializeListHead(&local);

    KeAcquireSpinLock(&Ext->Lock, &irql);
    while (!IsListEmpty(&Ext->PendingReads)) {
        InsertTailList(&local, RemoveHeadList(&Ext->PendingReads));
    }
    KeReleaseSpinLock(&Ext->Lock, irql);

    while (!IsListEmpty(&local)) {
        PIRP irp = CONTAINING_RECORD(RemoveHeadList(&local), IRP, Tail.Overlay.ListEntry);
        irp->IoStatus.Status = Status;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
}

static NTSTATUS
VhpSetFeature(
    _In_ PDEVICE_EXTENSION Ext,
    _In_ PIRP Irp
    )
{
    PHID_XFER_PACKET packet = (PHID_XFER_PACKET)Irp->UserBuffer;
    PVHP_MACRO_REPORT macro;
    PVHP_MACRO_ENTRY entry;
    KIRQL irql;

    if (packet == NULL || packet->reportBuffer == NULL ||
        packet->reportBufferLen < 2 || packet->reportId != REPORT_ID_MACRO) {
        return STATUS_INVALID_PARAMETER;
    }

    macro = (PVHP_MACRO_REPORT)packet->reportBuffer;
    if (macro->Count == 0 || macro->Count > VHP_MAX_MACRO_KEYS ||
        packet->reportBufferLen < (ULONG)FIELD_OFFSET(VHP_MACRO_REPORT, Usages) + macro->Count) {
        return STATUS_INVALID_PARAMETER;
    }

    entry = (PVHP_MACRO_ENTRY)ExAllocateFromNPagedLookasideList(&g_Vhp.MacroLookaside);
    if (entry == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    entry->Length = macro->Count;
    RtlCopyMemory(entry->Usages, macro->Usages, macro->Count);

    KeAcquireSpinLock(&Ext->Lock, &irql);
    InsertTailList(&Ext->MacroQueue, &entry->Link);
    KeReleaseSpinLock(&Ext->Lock, irql);

    VhpStartPlayback(Ext);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
VhpDispatchInternalIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = GET_MINIDRIVER_DEVICE_EXTENSION(DeviceObject);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KIRQL irql;

    Irp->IoStatus.Information = 0;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        status = VhpCopyOut(Irp, &VhpHidDescriptor, sizeof(VhpHidDescriptor));
        break;

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = VhpCopyOut(Irp, VhpReportDescriptor, sizeof(VhpReportDescriptor));
        break;

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        status = VhpCopyOut(Irp, &ext->Attributes, sizeof(ext->Attributes));
        break;

    case IOCTL_HID_READ_REPORT:
        if (ext->State != VhpStarted) {
            status = STATUS_DEVICE_NOT_READY;
            break;
        }
        IoMarkIrpPending(Irp);
        KeAcquireSpinLock(&ext->Lock, &irql);
        InsertTailList(&ext->PendingReads, &Irp->Tail.Overlay.ListEntry);
        KeReleaseSpinLock(&ext->Lock, irql);
        return STATUS_PENDING;

    case IOCTL_HID_SET_FEATURE:
        status = VhpSetFeature(ext, Irp);
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
