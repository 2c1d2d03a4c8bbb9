/*
 * control.c - \\.\KbdCount, read/reset the counter
 */
#include "kbdcount.h"

NTSTATUS
KcCreateControl(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING  devName  = RTL_CONSTANT_STRING(KC_CONTROL_NAME);
    UNICODE_STRING  linkName = RTL_CONSTANT_STRING(KC_LINK_NAME);
    PDEVICE_OBJECT  dev      = NULL;
    PKC_EXTENSION   ext;
    NTSTATUS        status;

    status = IoCreateDevice(DriverObject, sizeof(KC_EXTENSION), &devName,
                            FILE_DEVICE_KBDCOUNT, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        KC_ERROR("control IoCreateDevice 0x%08X\n", status);
        return status;
    }

    ext = (PKC_EXTENSION)dev->DeviceExtension;
    ext->Kind        = KcKindControl;
    ext->LowerDevice = NULL;
    dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KC_ERROR("IoCreateSymbolicLink 0x%08X\n", status);
        IoDeleteDevice(dev);
        return status;
    }

    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    g_Kc.Control = dev;
    return STATUS_SUCCESS;
}

VOID
KcDeleteControl(VOID)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KC_LINK_NAME);

    if (g_Kc.Control == NULL) {
        return;
    }
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Kc.Control);
    g_Kc.Control = NULL;
}

NTSTATUS
KcControlDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp     = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status = STATUS_SUCCESS;
    ULONG_PTR          info   = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP:
        break;

    case IRP_MJ_DEVICE_CONTROL:
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_KC_GET_COUNT:
            if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = (ULONG)g_Kc.Keys;
            info = sizeof(ULONG);
            break;
        case IOCTL_KC_RESET:
            InterlockedExchange(&g_Kc.Keys, 0);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status      = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
