//
// SesDevice.cpp - per-enclosure FDO logic
//
#include "ses.h"

SesDevice* SesDevice::FromFdo(_In_ PDEVICE_OBJECT Fdo)
{
    auto fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(Fdo->DeviceExtension);
    return static_cast<SesDevice*>(fdoExt->CommonExtension.DriverData);
}

NTSTATUS SesDevice::AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo)
{
    SES_DRIVER_CONTEXT* context = SesGetDriverContext(DriverObject);
    PDEVICE_OBJECT lowerDevice;
    PDEVICE_OBJECT fdo = nullptr;
    CHAR name[64];
    NTSTATUS status;

    PAGED_CODE();

    // claim the PDO so no other class driver binds to it
    lowerDevice = IoGetAttachedDeviceReference(Pdo);
    status = ClassClaimDevice(lowerDevice, FALSE);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(lowerDevice);
        return status;
    }

    status = RtlStringCchPrintfA(name, RTL_NUMBER_OF(name), "\\Device\\SesEnclosure%ld",
                                 InterlockedIncrement(&context->NextInstance) - 1);
    if (NT_SUCCESS(status)) {
        status = ClassCreateDeviceObject(DriverObject, name, Pdo, TRUE, &fdo);
    }
    if (!NT_SUCCESS(status)) {
        ClassClaimDevice(lowerDevice, TRUE);
        ObDereferenceObject(lowerDevice);
        return status;
    }

    auto fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(fdo->DeviceExtension);

    fdo->Flags |= DO_DIRECT_IO;
    if (lowerDevice->AlignmentRequirement > fdo->AlignmentRequirement) {
        fdo->AlignmentRequirement = lowerDevice->AlignmentRequirement;
    }

    fdoExt->LowerPdo = Pdo;
    fdoExt->CommonExtension.LowerDeviceObject = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (fdoExt->CommonExtension.LowerDeviceObject == nullptr) {
        IoDeleteDevice(fdo);
        ClassClaimDevice(lowerDevice, TRUE);
        ObDereferenceObject(lowerDevice);
        return STATUS_UNSUCCESSFUL;
    }

    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    ObDereferenceObject(lowerDevice);
    return STATUS_SUCCESS;
}

NTSTATUS SesDevice::InitDevice(_In_ PDEVICE_OBJECT Fdo)
{
    auto fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(Fdo->DeviceExtension);

    PAGED_CODE();

    SesDevice* device = new (fdoExt->CommonExtension.DriverData) SesDevice();
    return device->Initialize(Fdo);
}

NTSTATUS SesDevice::Initialize(_In_ PDEVICE_OBJECT Fdo)
{
    m_fdo = Fdo;
    m_fdoExt = static_cast<PFUNCTIONAL_DEVICE_EXTENSION>(Fdo->DeviceExtension);
    KeInitializeSpinLock(&m_pageLock);
    m_pageLength = 0;

    // from here on RemoveDevice runs Teardown(), which copes with m_page == nullptr
    m_signature = SES_SIGNATURE;

    m_page = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, SES_DIAG_BUFFER_SIZE, SES_TAG));
    if (m_page == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

VOID SesDevice::Teardown()
{
    if (m_page != nullptr) {
        ExFreePoolWithTag(m_page, SES_TAG);
        m_page = nullptr;
    }
    m_pageLength = 0;
}

NTSTATUS SesDevice::StartDevice(_In_ PDEVICE_OBJECT Fdo)
{
    PAGED_CODE();

    // an enclosure that is still spinning up is not fatal; the data is
    // refreshed again on the next IOCTL_SES_GET_CONFIGURATION
    NTSTATUS status = FromFdo(Fdo)->RefreshConfiguration();
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                   "sesclass: initial RECEIVE DIAGNOSTIC failed 0x%08X\n", status);
    }
    return STATUS_SUCCESS;
}

NTSTATUS SesDevice::StopDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type)
{
    UNREFERENCED_PARAMETER(Fdo);
    UNREFERENCED_PARAMETER(Type);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS SesDevice::RemoveDevice(_In_ PDEVICE_OBJECT Fdo, _In_ UCHAR Type)
{
    PAGED_CODE();

    if (Type != IRP_MN_REMOVE_DEVICE) {
        return STATUS_SUCCESS;
    }

    // InitDevice may never have run (start failed early)
    SesDevice* device = FromFdo(Fdo);
    if (device->m_signature == SES_SIGNATURE) {
        device->Teardown();
        device->m_signature = 0;
        device->~SesDevice();
    }
    return STATUS_SUCCESS;
}

NTSTATUS SesDevice::RefreshConfiguration()
{
    SCSI_REQUEST_BLOCK srb = {};
    KIRQL irql;

    // private buffer per call: IOCTLs arrive in parallel
    PUCHAR data = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, SES_DIAG_BUFFER_SIZE, SES_TAG));
    if (data == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    srb.CdbLength = 6;
    srb.TimeOutValue = m_fdoExt->TimeOutValue;
    srb.Cdb[0] = SCSIOP_RECEIVE_DIAGNOSTIC;
    srb.Cdb[1] = 0x01;                                  // PCV
    srb.Cdb[2] = SES_DIAG_PAGE_CONFIGURATION;
    srb.Cdb[3] = static_cast<UCHAR>(SES_DIAG_BUFFER_SIZE >> 8);
    srb.Cdb[4] = static_cast<UCHAR>(SES_DIAG_BUFFER_SIZE & 0xFF);

    NTSTATUS status = ClassSendSrbSynchronous(m_fdo, &srb, data, SES_DIAG_BUFFER_SIZE, FALSE);
    if (NT_SUCCESS(status)) {
        KeAcquireSpinLock(&m_pageLock, &irql);
        RtlCopyMemory(m_page, data, srb.DataTransferLength);
        m_pageLength = srb.DataTransferLength;
        KeReleaseSpinLock(&m_pageLock, irql);
    }

    ExFreePoolWithTag(data, SES_TAG);
    return status;
}

NTSTATUS SesDevice::CopyConfiguration(_Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLength = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;

    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        (VOID)RefreshConfiguration();
    }

    KeAcquireSpinLock(&m_pageLock, &irql);
    if (m_pageLength == 0) {
        status = STATUS_DEVICE_NOT_READY;
        Irp->IoStatus.Information = 0;
    } else if (outLength < m_pageLength) {
        status = STATUS_BUFFER_TOO_SMALL;
        Irp->IoStatus.Information = 0;
    } else {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, m_page, m_pageLength);
        Irp->IoStatus.Information = m_pageLength;
    }
    KeReleaseSpinLock(&m_pageLock, irql);

    return status;
}

NTSTATUS SesDevice::DeviceControl(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_SES_GET_CONFIGURATION) {
        // storage IOCTLs we don't own go to classpnp (it releases the remove lock)
        return ClassDeviceControl(Fdo, Irp);
    }

    NTSTATUS status = FromFdo(Fdo)->CopyConfiguration(Irp);

    Irp->IoStatus.Status = status;
    ClassReleaseRemoveLock(Fdo, Irp);
    ClassCompleteRequest(Fdo, Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS SesDevice::ReadWriteVerification(_In_ PDEVICE_OBJECT Fdo, _In_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(Fdo);

    // enclosures have no medium
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    return STATUS_INVALID_DEVICE_REQUEST;
}

VOID SesDevice::ProcessError(_In_ PDEVICE_OBJECT Fdo, _In_ PSCSI_REQUEST_BLOCK Srb,
                             _Inout_ NTSTATUS* Status, _Inout_ BOOLEAN* Retry)
{
    UNREFERENCED_PARAMETER(Fdo);
    UNREFERENCED_PARAMETER(Srb);
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(Retry);
    // classpnp's sense interpretation is fine for SES targets
}
