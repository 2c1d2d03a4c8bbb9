/*
 * MultiDev - creates \Device\MultiDemo0..3 with a \??\MultiDemoN link each.
 * Reading from a device returns "MultiDemo<N> opened <count> times".
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define MD_DEVICE_COUNT   4
#define MD_NAME_CHARS     48

#define MD_TRACE(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "multidev: " fmt "\n", __VA_ARGS__))

typedef struct _MD_EXTENSION {
    ULONG          Index;
    BOOLEAN        LinkCreated;
    volatile LONG  OpenCount;
    UNICODE_STRING LinkName;                    /* points into LinkBuffer */
    WCHAR          LinkBuffer[MD_NAME_CHARS];
} MD_EXTENSION, *PMD_EXTENSION;

NTSTATUS MdCreateDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG Index, _Out_ PDEVICE_OBJECT *Device);
VOID     MdDestroyDevice(_In_ PDEVICE_OBJECT Device);

DRIVER_DISPATCH MdDispatchCreate;
DRIVER_DISPATCH MdDispatchClose;
DRIVER_DISPATCH MdDispatchRead;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MdUnload;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT devices[MD_DEVICE_COUNT] = { NULL };
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < MD_DEVICE_COUNT; i++) {
        status = MdCreateDevice(DriverObject, i, &devices[i]);
        if (!NT_SUCCESS(status)) {
            MD_TRACE("device %lu failed: 0x%08X, rolling back", i, status);
            while (i-- > 0) {
                MdDestroyDevice(devices[i]);
            }
            return status;
        }
    }

    /*
     * Devices created here keep DO_DEVICE_INITIALIZING until DriverEntry
     * returns, so nobody can open them before the table below is filled in.
     */
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MdDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MdDispatchClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = MdDispatchRead;
    DriverObject->DriverUnload = MdUnload;

    MD_TRACE("%d devices up", MD_DEVICE_COUNT);
    return STATUS_SUCCESS;
}

VOID
MdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PDEVICE_OBJECT next;

    while (device != NULL) {
        next = device->NextDevice;
        MdDestroyDevice(device);
        device = next;
    }
    MD_TRACE("all devices removed");
}

/* ---- device helpers and dispatch routines ---- */

NTSTATUS
MdCreateDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ ULONG Index,
    _Out_ PDEVICE_OBJECT *Device
    )
{
    NTSTATUS status;
    WCHAR nameBuffer[MD_NAME_CHARS];
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT device = NULL;
    PMD_EXTENSION ext;

    *Device = NULL;
    RtlInitEmptyUnicodeString(&deviceName, nameBuffer, sizeof(nameBuffer));

    do {
        status = RtlUnicodeStringPrintf(&deviceName, L"\\Device\\MultiDemo%lu", Index);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = IoCreateDevice(DriverObject,
                                sizeof(MD_EXTENSION),
                                &deviceName,
                                FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN,
                                FALSE,
                                &device);
        if (!NT_SUCCESS(status)) {
            device = NULL;
            break;
        }
        device->Flags |= DO_BUFFERED_IO;

        ext = (PMD_EXTENSION)device->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Index = Index;
        RtlInitEmptyUnicodeString(&ext->LinkName, ext->LinkBuffer, sizeof(ext->LinkBuffer));

        status = RtlUnicodeStringPrintf(&ext->LinkName, L"\\??\\MultiDemo%lu", Index);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ext->LinkCreated = TRUE;
    } while (0);

    if (!NT_SUCCESS(status)) {
        if (device != NULL) {
            IoDeleteDevice(device);
        }
        return status;
    }

    *Device = device;
    return STATUS_SUCCESS;
}

VOID
MdDestroyDevice(
    _In_ PDEVICE_OBJECT Device
    )
{
    PMD_EXTENSION ext = (PMD_EXTENSION)Device->DeviceExtension;

    if (ext->LinkCreated) {
        IoDeleteSymbolicLink(&ext->LinkName);
        ext->LinkCreated = FALSE;
    }
    IoDeleteDevice(Device);
}

static NTSTATUS
MdComplete(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
MdDispatchCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PMD_EXTENSION ext = (PMD_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedIncrement(&ext->OpenCount);
    return MdComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
MdDispatchClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return MdComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
MdDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PMD_EXTENSION ext = (PMD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = stack->Parameters.Read.Length;
    size_t remaining = 0;
    NTSTATUS status;

    if (length == 0) {
        return MdComplete(Irp, STATUS_SUCCESS, 0);
    }

    status = RtlStringCbPrintfExA((NTSTRSAFE_PSTR)Irp->AssociatedIrp.SystemBuffer,
                                  length,
                                  NULL,
                                  &remaining,
                                  STRSAFE_IGNORE_NULLS,
                                  "MultiDemo%lu opened %ld times\n",
                                  ext->Index,
                                  ext->OpenCount);
    if (status == STATUS_BUFFER_OVERFLOW) {
        status = STATUS_SUCCESS;  /* truncated text is fine */
    }
    if (!NT_SUCCESS(status)) {
        return MdComplete(Irp, status, 0);
    }
    return MdComplete(Irp, STATUS_SUCCESS, length - remaining);
}
