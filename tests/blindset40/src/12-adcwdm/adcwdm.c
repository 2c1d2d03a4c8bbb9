//
// adcwdm.c - DriverEntry, AddDevice, Unload and simple dispatch for the AD-8.
//

#include "adcwdm.h"

ADC_GLOBALS AdcGlobals;

static NTSTATUS AdcReadParameters(_In_ PCUNICODE_STRING RegistryPath);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, AdcReadParameters)
#pragma alloc_text(PAGE, AdcAddDevice)
#pragma alloc_text(PAGE, AdcUnload)
#endif

static NTSTATUS
AdcReadParameters(_In_ PCUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG rate = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags        = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name         = L"Parameters";
    table[1].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name         = L"SampleRate";
    table[1].EntryContext = &rate;
    table[1].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    AdcGlobals.SampleRate = 1000;

    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                          RegistryPath->Buffer, table, NULL, NULL)) &&
        rate != 0) {
        if (rate > 100000) {
            return STATUS_INVALID_PARAMETER;
        }
        AdcGlobals.SampleRate = rate;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    // keep our own copy of the service key path; the one we are handed
    // is only valid during DriverEntry

    AdcGlobals.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    AdcGlobals.RegistryPath.Length = 0;
    AdcGlobals.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                           AdcGlobals.RegistryPath.MaximumLength,
                                                           ADC_TAG);
    if (AdcGlobals.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&AdcGlobals.RegistryPath, RegistryPath);

    status = AdcReadParameters(&AdcGlobals.RegistryPath);
    if (!NT_SUCCESS(status)) {
        AdcTrace(("adcwdm: bad SampleRate (%08x)\n", status));
        ExFreePoolWithTag(AdcGlobals.RegistryPath.Buffer, ADC_TAG);
        AdcGlobals.RegistryPath.Buffer = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = AdcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = AdcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AdcDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = AdcDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = AdcPassDown;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = AdcPassDown;

    DriverObject->DriverExtension->AddDevice = AdcAddDevice;
    DriverObject->DriverUnload               = AdcUnload;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
AdcAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT  fdo = NULL;
    PADC_EXTENSION  ext;
    BOOLEAN         attached = FALSE;
    NTSTATUS        status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(ADC_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PADC_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(ADC_EXTENSION));
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    ext->PnpState = AdcNotStarted;
    IoInitializeRemoveLock(&ext->RemoveLock, ADC_TAG, 0, 0);

    __try {

        ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
        if (ext->LowerDevice == NULL) {
            status = STATUS_NO_SUCH_DEVICE;
            __leave;
        }
        attached = TRUE;

        status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_ADCWDM,
                                           NULL, &ext->InterfaceName);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
        fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    } __finally {

        if (!NT_SUCCESS(status)) {
            if (attached) {
                IoDetachDevice(ext->LowerDevice);
            }
            IoDeleteDevice(fdo);
        }
    }

    return status;
}

_Use_decl_annotations_
VOID
AdcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    if (AdcGlobals.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(AdcGlobals.RegistryPath.Buffer, ADC_TAG);
        AdcGlobals.RegistryPath.Buffer = NULL;
    }
}

static NTSTATUS
AdcComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS
AdcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return AdcComplete(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS
AdcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PADC_EXTENSION      ext = (PADC_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status;
    ULONG_PTR           info = 0;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return AdcComplete(Irp, status, 0);
    }
    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_ADC_GET_SAMPLE) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (ext->PnpState != AdcStarted) {
        status = STATUS_DEVICE_NOT_READY;
    } else if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        *(PLONG)Irp->AssociatedIrp.SystemBuffer = ext->LastSample;
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
    }

    AdcComplete(Irp, status, info);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

//
// Power and WMI: not the policy owner, not a WMI provider - pass down.
//
_Use_decl_annotations_
NTSTATUS
AdcPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PADC_EXTENSION ext = (PADC_EXTENSION)DeviceObject->DeviceExtension;
    BOOLEAN        isPower = (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_POWER);
    NTSTATUS       status;

    if (isPower) {
        PoStartNextPowerIrp(Irp);
    }

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return AdcComplete(Irp, status, 0);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = isPower ? PoCallDriver(ext->LowerDevice, Irp) : IoCallDriver(ext->LowerDevice, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
