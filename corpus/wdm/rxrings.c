/*
 * rxrings.c - capture driver for the line card's receive rings. DriverEntry
 * allocates one buffer per ring in a loop; the cleanup helper, shared with
 * the unload routine, walks the table with its own index and frees every
 * slot that holds a buffer. A failure at any later step calls it.
 */

#include <ntddk.h>

#define RXR_POOLTAG     'gRxR'
#define RXR_RING_COUNT  4
#define RXR_RING_BYTES  4096

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RxrUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RxrCreateClose;

static PVOID g_RxRings[RXR_RING_COUNT];
static PDEVICE_OBJECT g_RxrDevice;

static VOID
RxrFreeRings(VOID)
{
    ULONG ring;

    for (ring = 0; ring < RXR_RING_COUNT; ring++) {
        if (g_RxRings[ring] != NULL) {
            ExFreePoolWithTag(g_RxRings[ring], RXR_POOLTAG);
            g_RxRings[ring] = NULL;
        }
    }
}

NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\RxRings");
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < RXR_RING_COUNT; i++) {
        g_RxRings[i] = ExAllocatePoolZero(NonPagedPoolNx, RXR_RING_BYTES, RXR_POOLTAG);
        if (g_RxRings[i] == NULL) {
            RxrFreeRings();
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_RxrDevice);
    if (!NT_SUCCESS(status)) {
        RxrFreeRings();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RxrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RxrCreateClose;
    DriverObject->DriverUnload = RxrUnload;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RxrCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RxrUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_RxrDevice);
    RxrFreeRings();
}
