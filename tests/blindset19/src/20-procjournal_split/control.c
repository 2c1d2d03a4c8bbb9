/*
 * control.c - ProcJournal control device
 */
#include "journal.h"

static DRIVER_DISPATCH JrnDispatchCreateClose;
static DRIVER_DISPATCH JrnDispatchDeviceControl;

static NTSTATUS
JrnDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/*
 * Input: ULONG first sequence number wanted.
 * Output: as many JRN_EVENTs as fit, oldest first, starting at that
 * sequence or at the oldest one still in the ring.
 */
static NTSTATUS
JrnDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_JRN_READ) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        ULONG capacity = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(JRN_EVENT);
        ULONG wanted = *(PULONG)buffer;
        PJRN_EVENT out = (PJRN_EVENT)buffer;
        ULONG oldest, seq, n = 0;
        KIRQL irql;

        KeAcquireSpinLock(&g_Jrn.RingLock, &irql);
        oldest = (g_Jrn.NextSequence > JRN_RING_ENTRIES) ? g_Jrn.NextSequence - JRN_RING_ENTRIES : 0;
        seq = (wanted < oldest) ? oldest : wanted;
        while (seq < g_Jrn.NextSequence && n < capacity) {
            out[n++] = g_Jrn.Ring[seq % JRN_RING_ENTRIES];
            seq++;
        }
        KeReleaseSpinLock(&g_Jrn.RingLock, irql);

        info = (ULONG_PTR)n * sizeof(JRN_EVENT);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
JrnCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(JRN_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(JRN_LINK_NAME);
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = JrnDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = JrnDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = JrnDispatchDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        /* undo our own half-done work before reporting failure */
        IoDeleteDevice(device);
        return status;
    }

    g_Jrn.ControlDevice = device;
    g_Jrn.LinkCreated = TRUE;
    return STATUS_SUCCESS;
}

VOID
JrnDeleteControlDevice(VOID)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(JRN_LINK_NAME);

    if (g_Jrn.LinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_Jrn.LinkCreated = FALSE;
    }
    if (g_Jrn.ControlDevice != NULL) {
        IoDeleteDevice(g_Jrn.ControlDevice);
        g_Jrn.ControlDevice = NULL;
    }
}
