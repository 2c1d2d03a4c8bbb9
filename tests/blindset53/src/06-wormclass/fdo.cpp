//
// fdo.cpp - classpnp callbacks for the WORM drive FDO
//
#include "wormclass.h"

namespace worm {

static volatile LONG g_DriveCount = -1;

static WormData*
GetData(_In_ PDEVICE_OBJECT Fdo)
{
    auto common = static_cast<PCOMMON_DEVICE_EXTENSION>(Fdo->DeviceExtension);
    return static_cast<WormData*>(common->DriverData);
}

NTSTATUS
WormAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo)
{
    CCHAR          name[64];
    PDEVICE_OBJECT fdo = nullptr;
    NTSTATUS       status;

    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(Pdo);

    // keep legacy class drivers off this device
    status = ClassClaimDevice(top, FALSE);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(top);
        return status;
    }

    ULONG number = static_cast<ULONG>(InterlockedIncrement(&g_DriveCount));
    RtlStringCchPrintfA(name, sizeof(name), WORM_NAME_FMT, number);

    status = ClassCreateDeviceObject(DriverObject, name, Pdo, TRUE, &fdo);
    if (!NT_SUCCESS(status)) {
        WERR("ClassCreateDeviceObject(%s) 0x%08X", name, status);
        ClassClaimDevice(top, TRUE);
        ObDereferenceObject(top);
        return status;
    }

    auto fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(fdo->DeviceExtension);
    fdo->Flags |= DO_DIRECT_IO;
    fdoExt->LowerPdo = Pdo;
    fdoExt->CommonExtension.LowerDeviceObject = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (fdoExt->CommonExtension.LowerDeviceObject == nullptr) {
        ClassClaimDevice(top, TRUE);
        ObDereferenceObject(top);
        IoDeleteDevice(fdo);
        return STATUS_UNSUCCESSFUL;
    }
    ObDereferenceObject(top);

    auto data = GetData(fdo);
    data->DriveNumber = number;
    fdoExt->DeviceNumber = number;

    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    WLOG("WORM drive %lu attached", number);
    return STATUS_SUCCESS;
}

NTSTATUS
WormInitDevice(_In_ PDEVICE_OBJECT Fdo)
{
    auto fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(Fdo->DeviceExtension);
    fdoExt->TimeOutValue = WORM_TIMEOUT_SEC;
    GetData(Fdo)->MediaFinalized = FALSE;
    return STATUS_SUCCESS;
}

NTSTATUS
WormStartDevice(_In_ PDEVICE_OBJECT Fdo)
{
    // no media is fine, capacity is re-read on first access
    (VOID)ClassReadDriveCapacity(Fdo);
    return STATUS_SUCCESS;
}

NTSTATUS
WormStopDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type)
{
    UNREFERENCED_PARAMETER(Fdo);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS
WormRemoveDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type)
{
    if (Type == IRP_MN_REMOVE_DEVICE) {
        WLOG("WORM drive %lu removed", GetData(Fdo)->DriveNumber);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
WormReadWriteVerification(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp)
{
    auto fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(Fdo->DeviceExtension);
    auto sp     = IoGetCurrentIrpStackLocation(Irp);
    ULONG bps   = fdoExt->DiskGeometry.BytesPerSector ? fdoExt->DiskGeometry.BytesPerSector : 2048;

    if ((sp->Parameters.Read.ByteOffset.QuadPart % bps) != 0 || (sp->Parameters.Read.Length % bps) != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    if (sp->MajorFunction == IRP_MJ_WRITE && GetData(Fdo)->MediaFinalized) {
        return STATUS_MEDIA_WRITE_PROTECTED;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
WormDeviceControl(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp)
{
    return ClassDeviceControl(Fdo, Irp);
}

NTSTATUS
WormShutdownFlush(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp)
{
    // the drive has no write cache to speak of
    ClassReleaseRemoveLock(Fdo, Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    ClassCompleteRequest(Fdo, Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
WormError(_In_ PDEVICE_OBJECT Fdo, _In_ PSCSI_REQUEST_BLOCK Srb, _Inout_ NTSTATUS* Status, _Inout_ BOOLEAN* Retry)
{
    UNREFERENCED_PARAMETER(Fdo);

    // blank check on a WORM read just means "never written"
    if (Srb->SenseInfoBufferLength >= RTL_SIZEOF_THROUGH_FIELD(SENSE_DATA, AdditionalSenseCode) &&
        (Srb->SrbStatus & SRB_STATUS_AUTOSENSE_VALID)) {
        auto sense = static_cast<PSENSE_DATA>(Srb->SenseInfoBuffer);
        if ((sense->SenseKey & 0xf) == SCSI_SENSE_BLANK_CHECK) {
            *Status = STATUS_NO_DATA_DETECTED;
            *Retry  = FALSE;
        }
    }
}

} // namespace worm
