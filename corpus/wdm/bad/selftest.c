/*
 * selftest.c - legacy WDM driver of a disk-encryption agent: a control device
 * and its symbolic link, and, when it is loaded as a service, a known-answer
 * test of its block mixing function before anything else. The mixing function
 * is written as the cipher's reference code is: rounds of a quarter-round
 * macro over an inline rotate, 640 calls once expanded.
 *
 * BUG (DE006): when the link cannot be created, DriverEntry returns without
 * the helper that deletes the device: \Device\SelfTest stays, and the next
 * load fails on its name.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD StUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH StCreateClose;

static UNICODE_STRING StLink = RTL_CONSTANT_STRING(L"\\DosDevices\\SelfTest");
static ULONG StState[16];

static __inline ULONG
StRotate(ULONG Word, LONG Shift)
{
    return (Word >> Shift) | (Word << (32 - Shift));
}

#define QR(A, B, C, D) \
    do { \
        StState[A] += StState[B]; StState[D] = StRotate(StState[D] ^ StState[A], 16); \
        StState[C] += StState[D]; StState[B] = StRotate(StState[B] ^ StState[C], 12); \
        StState[A] += StState[B]; StState[D] = StRotate(StState[D] ^ StState[A], 8); \
        StState[C] += StState[D]; StState[B] = StRotate(StState[B] ^ StState[C], 7); \
    } while (0)

#define DOUBLE_ROUND() \
    do { \
        QR(0, 4, 8, 12); QR(1, 5, 9, 13); QR(2, 6, 10, 14); QR(3, 7, 11, 15); \
        QR(0, 5, 10, 15); QR(1, 6, 11, 12); QR(2, 7, 8, 13); QR(3, 4, 9, 14); \
    } while (0)

/* Twenty rounds over a fixed state; the agent compares the first word. */
static VOID
StMixBlock(VOID)
{
    DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND();
    DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND();
    DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND();
    DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND(); DOUBLE_ROUND();
}

static VOID
StRemoveDevice(PDEVICE_OBJECT Device)
{
    IoDeleteDevice(Device);
}

_Use_decl_annotations_
NTSTATUS
StCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
StUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&StLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\SelfTest");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    /* A service started with a registry path runs the test; a boot-time
     * load from a test harness does not. */
    if (RegistryPath != NULL && RegistryPath->Length != 0) {
        StMixBlock();
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&StLink, &name);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = StCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = StCreateClose;
    DriverObject->DriverUnload = StUnload;
    return STATUS_SUCCESS;
}
