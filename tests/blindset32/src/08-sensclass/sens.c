#include "sensclass.h"

NTSTATUS
SensAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT Pdo
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT fdo = NULL;
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt;
    PSENS_DRIVER_EXTENSION drvExt;
    CCHAR name[32];
    ULONG number;

    drvExt = IoGetDriverObjectExtension(DriverObject, SENS_DRIVER_EXTENSION_KEY);
    number = InterlockedIncrement((volatile LONG*)&drvExt->DeviceCount) - 1;

    status = ClassClaimDevice(Pdo, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlStringCbPrintfA(name, sizeof(name), "SensClass%u", number);
    status = ClassCreateDeviceObject(DriverObject, name, Pdo, TRUE, &fdo);
    if (!NT_SUCCESS(status)) {
        ClassClaimDevice(Pdo, TRUE);
        return status;
    }

    fdoExt = fdo->DeviceExtension;
    fdoExt->DeviceNumber = number;
    fdoExt->CommonExtension.LowerDeviceObject = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (fdoExt->CommonExtension.LowerDeviceObject == NULL) {
        ClassClaimDevice(Pdo, TRUE);
        IoDeleteDevice(fdo);
        return STATUS_UNSUCCESSFUL;
    }

    fdo->Flags |= DO_DIRECT_IO;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
SensInitDevice(
    _In_ PDEVICE_OBJECT Fdo
    )
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt = Fdo->DeviceExtension;
    PSENS_FDO_DATA data = fdoExt->CommonExtension.DriverData;
    PSENS_DRIVER_EXTENSION drvExt;

    drvExt = IoGetDriverObjectExtension(Fdo->DriverObject, SENS_DRIVER_EXTENSION_KEY);

    RtlZeroMemory(data, sizeof(SENS_FDO_DATA));
    SensQueryDeviceOverrides(drvExt, fdoExt->DeviceNumber, &data->PollSeconds);
    data->TicksUntilPoll = 0;

    fdoExt->TimeOutValue = 10;
    SENS_LOG("device %lu: poll every %lus", fdoExt->DeviceNumber, data->PollSeconds);
    return STATUS_SUCCESS;
}

NTSTATUS
SensStartDevice(
    _In_ PDEVICE_OBJECT Fdo
    )
{
    UNREFERENCED_PARAMETER(Fdo);
    return STATUS_SUCCESS;
}

NTSTATUS
SensStopDevice(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ UCHAR Type
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS
SensRemoveDevice(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ UCHAR Type
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS
SensReadWriteVerification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    // no block I/O on a sensor
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    return STATUS_INVALID_DEVICE_REQUEST;
}

static NTSTATUS
SensRefreshReading(
    _In_ PDEVICE_OBJECT Fdo,
    _Inout_ PSENS_FDO_DATA Data
    )
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt = Fdo->DeviceExtension;
    SCSI_REQUEST_BLOCK srb;
    PCDB cdb;
    NTSTATUS status;

    RtlZeroMemory(&srb, sizeof(srb));
    srb.CdbLength = 10;
    srb.TimeOutValue = fdoExt->TimeOutValue;
    cdb = (PCDB)srb.Cdb;
    cdb->CDB10.OperationCode = SENS_VENDOR_OPCODE;
    cdb->CDB10.TransferBlocksLsb = SENS_READING_LENGTH;

    status = ClassSendSrbSynchronous(Fdo, &srb, Data->LastReading, SENS_READING_LENGTH, FALSE);
    Data->ReadingValid = NT_SUCCESS(status);
    if (Data->ReadingValid) {
        Data->TicksUntilPoll = Data->PollSeconds;
    }
    return status;
}

NTSTATUS
SensDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt = DeviceObject->DeviceExtension;
    PSENS_FDO_DATA data = fdoExt->CommonExtension.DriverData;
    NTSTATUS status;

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SENS_GET_READING) {
        return ClassDeviceControl(DeviceObject, Irp);
    }

    Irp->IoStatus.Information = 0;
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < SENS_READING_LENGTH) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        status = STATUS_SUCCESS;
        if (!data->ReadingValid || data->TicksUntilPoll == 0) {
            status = SensRefreshReading(DeviceObject, data);
        }
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, data->LastReading, SENS_READING_LENGTH);
            Irp->IoStatus.Information = SENS_READING_LENGTH;
        }
    }

    Irp->IoStatus.Status = status;
    ClassReleaseRemoveLock(DeviceObject, Irp);
    ClassCompleteRequest(DeviceObject, Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
SensShutdownFlush(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp
    )
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    ClassReleaseRemoveLock(DeviceObject, Irp);
    ClassCompleteRequest(DeviceObject, Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
SensTick(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt = DeviceObject->DeviceExtension;
    PSENS_FDO_DATA data = fdoExt->CommonExtension.DriverData;

    // once a second; the next IOCTL refreshes when this hits zero
    if (data->TicksUntilPoll != 0) {
        data->TicksUntilPoll--;
    }
}

VOID
SensUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    SENS_LOG("unload");
}
