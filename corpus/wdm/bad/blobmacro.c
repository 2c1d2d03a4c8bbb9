/*
 * blobmacro.c - legacy driver that keeps a diagnostics blob for a tool,
 * written with status macros of its own header style.
 *
 * BUG (DE010): CHECK_ALLOC jumps to the teardown label without setting the
 * status it is not even given, so a failed allocation deletes the device and
 * frees what was allocated, then returns IoCreateDevice's success (DE010,
 * which supersedes DE019 at that return).
 */

#include <ntddk.h>

#define BLOB_TAG 'bOlB'

#define CHECK_ALLOC(_ptr, _label)                                          \
    do {                                                                   \
        if ((_ptr) == NULL) {                                              \
            goto _label;                                                   \
        }                                                                  \
    } while (0)

#define IF_FAIL_GOTO(_status, _label)                                      \
    do {                                                                   \
        if (!NT_SUCCESS(_status)) {                                        \
            goto _label;                                                   \
        }                                                                  \
    } while (0)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BlobUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH BlobCreateClose;

static UNICODE_STRING BlobDeviceName = RTL_CONSTANT_STRING(L"\\Device\\BlobMacro");
static PDEVICE_OBJECT BlobDevice;
static PUCHAR BlobData;
static PUCHAR BlobIndex;

NTSTATUS
BlobCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
BlobTeardown(VOID)
{
    if (BlobIndex != NULL) {
        ExFreePoolWithTag(BlobIndex, BLOB_TAG);
        BlobIndex = NULL;
    }
    if (BlobDevice != NULL) {
        IoDeleteDevice(BlobDevice);
        BlobDevice = NULL;
    }
    if (BlobData != NULL) {
        ExFreePoolWithTag(BlobData, BLOB_TAG);
        BlobData = NULL;
    }
}

VOID
BlobUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    BlobTeardown();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &BlobDeviceName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &BlobDevice);
    IF_FAIL_GOTO(status, Fail);

    BlobData = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, BLOB_TAG);
    CHECK_ALLOC(BlobData, Fail);

    BlobIndex = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, 256, BLOB_TAG);
    if (BlobIndex == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Fail;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BlobCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BlobCreateClose;
    DriverObject->DriverUnload = BlobUnload;
    BlobDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Fail:
    BlobTeardown();
    return status;                                      // expect: DE010
}
