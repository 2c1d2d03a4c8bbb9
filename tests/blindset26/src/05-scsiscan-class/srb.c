/*
 * srb.c - build an SRB + IRP and send it down, synchronously
 */
#include "scsiscn.h"

static IO_COMPLETION_ROUTINE SsSrbCompletion;

static NTSTATUS SsSrbCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    /* we free the irp ourselves */
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS SsSendSrb(
    _In_ PSCSISCN_DEVICE_EXTENSION Ext,
    _In_ PDEVICE_OBJECT Target,
    _In_ UCHAR Function,
    _In_reads_opt_(CdbLength) PUCHAR Cdb,
    _In_ UCHAR CdbLength,
    _Inout_updates_bytes_opt_(DataLength) PVOID Data,
    _In_ ULONG DataLength,
    _In_ UCHAR Direction,
    _Out_opt_ PUCHAR ScsiStatus,
    _Out_writes_bytes_opt_(SS_SENSE_SIZE) PUCHAR Sense,
    _Out_opt_ PUCHAR SenseLength,
    _Out_opt_ PDEVICE_OBJECT *ClaimedDevice)
{
    PSCSI_REQUEST_BLOCK srb;
    PUCHAR senseBuffer;
    PIRP irp;
    PMDL mdl = NULL;
    PIO_STACK_LOCATION sp;
    KEVENT event;
    NTSTATUS status;

    if (CdbLength > 16) {
        return STATUS_INVALID_PARAMETER;
    }
    srb = (PSCSI_REQUEST_BLOCK)ExAllocatePoolWithTag(NonPagedPoolNx,
                                                     sizeof(SCSI_REQUEST_BLOCK) + SS_SENSE_SIZE,
                                                     SS_TAG);
    if (srb == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(srb, sizeof(SCSI_REQUEST_BLOCK) + SS_SENSE_SIZE);
    senseBuffer = (PUCHAR)(srb + 1);

    irp = IoAllocateIrp(Target->StackSize, FALSE);
    if (irp == NULL) {
        ExFreePoolWithTag(srb, SS_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (Data != NULL && DataLength != 0) {
        /* Data must be nonpaged, callers use pool buffers */
        mdl = IoAllocateMdl(Data, DataLength, FALSE, FALSE, irp);
        if (mdl == NULL) {
            IoFreeIrp(irp);
            ExFreePoolWithTag(srb, SS_TAG);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        MmBuildMdlForNonPagedPool(mdl);
    }

    srb->Length = sizeof(SCSI_REQUEST_BLOCK);
    srb->Function = Function;
    srb->CdbLength = CdbLength;
    if (Cdb != NULL && CdbLength != 0) {
        RtlCopyMemory(srb->Cdb, Cdb, CdbLength);
    }
    srb->TimeOutValue = Ext->TimeOutValue;
    srb->SenseInfoBuffer = senseBuffer;
    srb->SenseInfoBufferLength = SS_SENSE_SIZE;
    srb->DataBuffer = (mdl != NULL) ? MmGetMdlVirtualAddress(mdl) : NULL;
    srb->DataTransferLength = (mdl != NULL) ? DataLength : 0;
    srb->OriginalRequest = irp;
    srb->QueueAction = SRB_SIMPLE_TAG_REQUEST;

    srb->SrbFlags = SRB_FLAGS_DISABLE_SYNCH_TRANSFER | SRB_FLAGS_NO_QUEUE_FREEZE |
                    ((mdl == NULL) ? SRB_FLAGS_NO_DATA_TRANSFER :
                     (Direction == SS_DATA_IN) ? SRB_FLAGS_DATA_IN : SRB_FLAGS_DATA_OUT);

    KeInitializeEvent(&event, NotificationEvent, FALSE);

    sp = IoGetNextIrpStackLocation(irp);
    sp->MajorFunction = IRP_MJ_SCSI;
    sp->Parameters.Scsi.Srb = srb;

    IoSetCompletionRoutine(irp, SsSrbCompletion, &event, TRUE, TRUE, TRUE);

    InterlockedIncrement(&Ext->CommandsSent);

    status = IoCallDriver(Target, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    }
    status = irp->IoStatus.Status;

    if (ScsiStatus != NULL) *ScsiStatus = srb->ScsiStatus;
    if (SenseLength != NULL) *SenseLength = 0;
    if (Sense != NULL && SenseLength != NULL &&
        (srb->SrbStatus & SRB_STATUS_AUTOSENSE_VALID) != 0) {
        RtlCopyMemory(Sense, senseBuffer, SS_SENSE_SIZE);
        *SenseLength = SS_SENSE_SIZE;
    }
    if (ClaimedDevice != NULL) {
        /* for SRB_FUNCTION_CLAIM_DEVICE the port hands back the device to use */
        *ClaimedDevice = NT_SUCCESS(status) ? (PDEVICE_OBJECT)srb->DataBuffer : NULL;
    }

    if (mdl != NULL) {
        IoFreeMdl(mdl);
    }
    IoFreeIrp(irp);
    ExFreePoolWithTag(srb, SS_TAG);
    return status;
}
