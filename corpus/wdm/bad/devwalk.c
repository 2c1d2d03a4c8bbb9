/*
 * devwalk.c (bad) - "quadport" as devwalk.c, but the teardown that walks the
 * driver's device list frees each port's buffer and deletes the device
 * without deleting the port's symbolic link: the links outlive a failed
 * DriverEntry, and unload.
 */

#include <ntddk.h>

#define QP_TAG   'PdQ '
#define QP_PORTS 4
#define QP_RX    4096

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD QpUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH QpCreateClose;

typedef struct _QP_PORT {
    ULONG Index;
    PUCHAR RxBuffer;
    BOOLEAN LinkUp;
    UNICODE_STRING Link;
    WCHAR LinkText[32];
} QP_PORT, *PQP_PORT;

static NTSTATUS QpCreatePort(PDRIVER_OBJECT DriverObject, ULONG Index)
{
    UNICODE_STRING name;
    WCHAR nameText[32];
    PDEVICE_OBJECT device;
    PQP_PORT port;
    NTSTATUS status;

    status = RtlStringCchPrintfW(nameText, RTL_NUMBER_OF(nameText), L"\\Device\\QuadPort%u", Index);
    if (!NT_SUCCESS(status))
        return status;
    RtlInitUnicodeString(&name, nameText);

    status = IoCreateDevice(DriverObject, sizeof(QP_PORT), &name, FILE_DEVICE_SERIAL_PORT,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;

    port = (PQP_PORT)device->DeviceExtension;
    RtlZeroMemory(port, sizeof(*port));
    port->Index = Index;
    port->RxBuffer = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, QP_RX, QP_TAG);
    if (port->RxBuffer == NULL) {
        IoDeleteDevice(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlInitEmptyUnicodeString(&port->Link, port->LinkText, sizeof(port->LinkText));
    status = RtlUnicodeStringPrintf(&port->Link, L"\\DosDevices\\QPORT%u", Index);
    if (NT_SUCCESS(status))
        status = IoCreateSymbolicLink(&port->Link, &name);   // expect: DE011
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(port->RxBuffer, QP_TAG);
        IoDeleteDevice(device);
        return status;
    }
    port->LinkUp = TRUE;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID QpDeletePorts(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    while (device != NULL) {
        PDEVICE_OBJECT next = device->NextDevice;
        PQP_PORT port = (PQP_PORT)device->DeviceExtension;

        if (port->RxBuffer != NULL) {
            ExFreePoolWithTag(port->RxBuffer, QP_TAG);
            port->RxBuffer = NULL;
        }
        IoDeleteDevice(device);
        device = next;
    }
}

VOID QpUnload(PDRIVER_OBJECT DriverObject)
{
    QpDeletePorts(DriverObject);
}

NTSTATUS QpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < QP_PORTS; i++) {
        status = QpCreatePort(DriverObject, i);
        if (!NT_SUCCESS(status)) {
            QpDeletePorts(DriverObject);
            return status; // expect: DE006
        }
    }

    status = IoRegisterShutdownNotification(DriverObject->DeviceObject);
    if (!NT_SUCCESS(status)) {
        QpDeletePorts(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = QpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = QpCreateClose;
    DriverObject->DriverUnload = QpUnload;
    return STATUS_SUCCESS;
}
