/*++

Copyright (c) Trey Research Security.  All rights reserved.

Module Name:

    device.cpp

Abstract:

    Control device of the policy driver and its IRP dispatch routines
    (static member functions installed in the driver object).

Environment:

    Kernel mode, /kernel C++.

--*/

#include "policy.h"

namespace {

struct KPOL_ADD_RULE_INPUT
{
    ULONG NameCch;
    WCHAR Name[KPOL_RULE_CCH];
};

NTSTATUS
CompleteIrp(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

} // namespace


#pragma code_seg("PAGE")

_Use_decl_annotations_
void
ControlDevice::InstallDispatchTable(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = &ControlDevice::DispatchUnsupported;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = &ControlDevice::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = &ControlDevice::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = &ControlDevice::DispatchDeviceControl;
}


_Use_decl_annotations_
NTSTATUS
ControlDevice::Create(
    PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING ntName;
    UNICODE_STRING dosName;
    PDEVICE_OBJECT device = nullptr;

    PAGED_CODE();

    RtlInitUnicodeString(&ntName, KPOL_NT_DEVICE_NAME);
    RtlInitUnicodeString(&dosName, KPOL_DOS_DEVICE_NAME);

    NTSTATUS status = IoCreateDevice(DriverObject,
                                     0,
                                     &ntName,
                                     FILE_DEVICE_KPOL,
                                     FILE_DEVICE_SECURE_OPEN,
                                     FALSE,
                                     &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    device->Flags |= DO_BUFFERED_IO;
    m_Device = device;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        //
        // m_Device is deleted by Delete(), from the owner's destructor.
        //
        return status;
    }

    m_LinkCreated = true;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}


void
ControlDevice::Delete()
{
    UNICODE_STRING dosName;

    PAGED_CODE();

    if (m_LinkCreated) {
        RtlInitUnicodeString(&dosName, KPOL_DOS_DEVICE_NAME);
        (VOID)IoDeleteSymbolicLink(&dosName);
        m_LinkCreated = false;
    }

    if (m_Device != nullptr) {
        IoDeleteDevice(m_Device);
        m_Device = nullptr;
    }
}


_Use_decl_annotations_
NTSTATUS
ControlDevice::DispatchUnsupported(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}


_Use_decl_annotations_
NTSTATUS
ControlDevice::DispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}


_Use_decl_annotations_
NTSTATUS
ControlDevice::DispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;

    PolicyDriver* driver = PolicyDriver::Instance();
    if (driver == nullptr) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY, 0);
    }

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_KPOL_ADD_RULE:
    {
        if (inLength < sizeof(KPOL_ADD_RULE_INPUT)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }

        auto input = static_cast<KPOL_ADD_RULE_INPUT*>(buffer);
        if (input->NameCch == 0 || input->NameCch >= KPOL_RULE_CCH) {
            return CompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
        }

        return CompleteIrp(Irp, driver->Policy().AddRule(input->Name, input->NameCch), 0);
    }

    case IOCTL_KPOL_CLEAR_RULES:
        driver->Policy().Clear();
        return CompleteIrp(Irp, STATUS_SUCCESS, 0);

    case IOCTL_KPOL_GET_COUNTERS:
    {
        if (outLength < sizeof(KPOL_COUNTERS)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }

        auto counters = static_cast<KPOL_COUNTERS*>(buffer);
        KPOL_COUNTERS& source = driver->Counters();

        counters->ProcessesSeen = InterlockedCompareExchange64(&source.ProcessesSeen, 0, 0);
        counters->ProcessesBlocked = InterlockedCompareExchange64(&source.ProcessesBlocked, 0, 0);
        counters->ImagesLoaded = InterlockedCompareExchange64(&source.ImagesLoaded, 0, 0);
        counters->RegistryOperations = InterlockedCompareExchange64(&source.RegistryOperations, 0, 0);

        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(KPOL_COUNTERS));
    }

    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

#pragma code_seg()
