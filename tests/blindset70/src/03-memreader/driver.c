#include "memory.h"

UNICODE_STRING g_RegPath;
PDEVICE_OBJECT g_DeviceObject = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     UnloadDriver;
DRIVER_DISPATCH   DispatchCreateClose;
DRIVER_DISPATCH   DispatchIoctl;

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PMR_REQUEST req = (PMR_REQUEST)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR bytes = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (code == MR_IOCTL_READ) {
        if (inLen < FIELD_OFFSET(MR_REQUEST, Data) || outLen < req->Size) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG size = req->Size;
            // output goes back into the same system buffer
            status = MrCopyFromProcess(req->Pid, req->Address, Irp->AssociatedIrp.SystemBuffer, size);
            if (NT_SUCCESS(status))
                bytes = size;
        }
    }
    else if (code == MR_IOCTL_WRITE) {
        if (inLen < FIELD_OFFSET(MR_REQUEST, Data) ||
            inLen - FIELD_OFFSET(MR_REQUEST, Data) < req->Size) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            status = MrCopyToProcess(req->Pid, req->Address, req->Data, req->Size);
        }
    }
    else if (code == MR_IOCTL_RELOAD) {
        status = MrReadConfig();
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID UnloadDriver(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName;
    UNREFERENCED_PARAMETER(DriverObject);

    RtlInitUnicodeString(&dosName, MR_DOS_NAME);
    IoDeleteSymbolicLink(&dosName);

    if (g_DeviceObject)
        IoDeleteDevice(g_DeviceObject);

    dprint("unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName, dosName;

    dprint("DriverEntry %wZ\n", RegistryPath);

    // remember where our service key is, we re-read config on MR_IOCTL_RELOAD
    g_RegPath = *RegistryPath;

    RtlInitUnicodeString(&devName, MR_DEVICE_NAME);
    RtlInitUnicodeString(&dosName, MR_DOS_NAME);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        dprint("IoCreateDevice %08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&dosName, &devName);
    if (!NT_SUCCESS(status)) {
        dprint("IoCreateSymbolicLink %08X\n", status);
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = UnloadDriver;

    g_DeviceObject->Flags |= DO_BUFFERED_IO;
    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    // optional values, defaults are fine if they are missing
    status = MrReadConfig();

    dprint("loaded (%08X)\n", status);
    return status;
}
