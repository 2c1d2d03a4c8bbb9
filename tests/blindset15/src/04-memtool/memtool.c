#include "memtool.h"

MT_GLOBALS g_Mt;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(MT_DEVICE_NAME);
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(MT_LINK_NAME);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MtUnload;
DRIVER_DISPATCH MtCreateClose;
DRIVER_DISPATCH MtDeviceControl;

NTSTATUS MtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS MtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sl->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sl->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR done = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_MT_READ_VIRTUAL:
        if (inLen < sizeof(MT_VIRTUAL_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            MT_VIRTUAL_REQUEST req = *(PMT_VIRTUAL_REQUEST)buf;
            status = MtReadVirtual(&req, buf, outLen, &done);
        }
        break;

    case IOCTL_MT_WRITE_VIRTUAL:
        if (inLen < sizeof(MT_VIRTUAL_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = MtWriteVirtual((PMT_VIRTUAL_REQUEST)buf, inLen);
        break;

    case IOCTL_MT_READ_PHYSICAL:
        if (inLen < sizeof(MT_PHYSICAL_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            MT_PHYSICAL_REQUEST req = *(PMT_PHYSICAL_REQUEST)buf;
            status = MtReadPhysical(&req, buf, outLen, &done);
        }
        break;

    case IOCTL_MT_QUERY_RANGES:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buf = g_Mt.RangeCount;
        done = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = NT_SUCCESS(status) ? done : 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID MtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Mt.Device);
    MtFreeRanges();

    MT_LOG("%s", "unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Mt, sizeof(g_Mt));

    g_Mt.Bounce = ExAllocatePool2(POOL_FLAG_NON_PAGED, MT_BOUNCE_SIZE, MT_TAG);
    if (g_Mt.Bounce == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExInitializeFastMutex(&g_Mt.BounceLock);

    MT_CHECK(MtInitRanges());

    MT_CHECK(IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Mt.Device));
    g_Mt.Device->Flags |= DO_BUFFERED_IO;

    MT_WARN(IoCreateSymbolicLink(&g_LinkName, &g_DevName));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = MtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MtDeviceControl;
    DriverObject->DriverUnload = MtUnload;

    MT_LOG("loaded, %lu RAM ranges", g_Mt.RangeCount);
    return STATUS_SUCCESS;

cleanup:
    MtFreeRanges();
    ExFreePoolWithTag(g_Mt.Bounce, MT_TAG);
    g_Mt.Bounce = NULL;
    return status;
}
