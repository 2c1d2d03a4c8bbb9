#include <initguid.h>
#include "crashnote.h"

static PDEVICE_OBJECT s_Device = NULL;
static UNICODE_STRING s_Name = RTL_CONSTANT_STRING(L"\\Device\\CrashNote");
static UNICODE_STRING s_Link = RTL_CONSTANT_STRING(L"\\??\\CrashNote");
static BOOLEAN s_LinkMade = FALSE;

static NTSTATUS
CnDispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
CnDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG len;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_CN_SET_NOTE) {
        len = sp->Parameters.DeviceIoControl.InputBufferLength;
        if (len >= CN_NOTE_MAX) {
            len = CN_NOTE_MAX - 1;
        }
        RtlZeroMemory(g_Blob->Note, CN_NOTE_MAX);
        RtlCopyMemory(g_Blob->Note, Irp->AssociatedIrp.SystemBuffer, len);
        g_Blob->NoteLength = len;
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
CnCreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &s_Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &s_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&s_Link, &s_Name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(s_Device);
        s_Device = NULL;
        return status;
    }
    s_LinkMade = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CnDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CnDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CnDispatchIoctl;

    s_Device->Flags |= DO_BUFFERED_IO;
    s_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
CnDeleteDevice(VOID)
{
    if (s_LinkMade) {
        IoDeleteSymbolicLink(&s_Link);
        s_LinkMade = FALSE;
    }
    if (s_Device != NULL) {
        IoDeleteDevice(s_Device);
        s_Device = NULL;
    }
}
