/*
 * portdevs.c - legacy WDM driver of a four-port GPIB bridge card: one device
 * object per port, created in a loop into a global table. Mistake: when a
 * port's creation fails, DriverEntry returns at once, and the ports the
 * earlier iterations made stay behind with no unload routine to delete them
 * (DE006).
 */

#include <ntddk.h>

#define PD_PORTS 4

typedef struct _PD_PORT_EXTENSION {
    ULONG Index;
    BOOLEAN Open;
} PD_PORT_EXTENSION, *PPD_PORT_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PdUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PdCreateClose;

static PDEVICE_OBJECT PdPorts[PD_PORTS];

NTSTATUS
PdCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PPD_PORT_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    ext->Open = (stack->MajorFunction == IRP_MJ_CREATE);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
PdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);
    for (i = 0; i < PD_PORTS; i++) {
        if (PdPorts[i] != NULL) {
            IoDeleteDevice(PdPorts[i]);
            PdPorts[i] = NULL;
        }
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PPD_PORT_EXTENSION ext;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < PD_PORTS; i++) {
        status = IoCreateDevice(DriverObject, sizeof(PD_PORT_EXTENSION), NULL,
                                FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                &PdPorts[i]);
        if (!NT_SUCCESS(status)) {
            KdPrint(("portdevs: port %lu: IoCreateDevice failed %08x\n", i, status));
            return status;                              // expect: DE006
        }
        ext = PdPorts[i]->DeviceExtension;
        ext->Index = i;
        ext->Open = FALSE;
        PdPorts[i]->Flags &= ~DO_DEVICE_INITIALIZING;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PdCreateClose;
    DriverObject->DriverUnload = PdUnload;
    return STATUS_SUCCESS;
}
