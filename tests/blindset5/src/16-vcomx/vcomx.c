// vcomx.c - DriverEntry, per-port device creation, unload and dispatch.
#include "vcomx.h"

#define LOG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vcomx: " fmt "\n", __VA_ARGS__))

static ULONG VcxReadPortCount(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE qt[2];
    ULONG count = VCX_DEFAULT_PORTS;
    ULONG def = VCX_DEFAULT_PORTS;
    PWCHAR path;

    // RtlQueryRegistryValues wants a NUL-terminated path
    path = ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length + sizeof(WCHAR), VCX_TAG);
    if (path == NULL)
        return VCX_DEFAULT_PORTS;
    RtlCopyMemory(path, RegistryPath->Buffer, RegistryPath->Length);
    path[RegistryPath->Length / sizeof(WCHAR)] = L'\0';

    RtlZeroMemory(qt, sizeof(qt));
    qt[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name = L"PortCount";
    qt[0].EntryContext = &count;
    qt[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData = &def;
    qt[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, qt, NULL, NULL)))
        count = VCX_DEFAULT_PORTS;

    ExFreePoolWithTag(path, VCX_TAG);

    if (count == 0 || count > VCX_MAX_PORTS)
        count = VCX_DEFAULT_PORTS;
    return count;
}

static NTSTATUS VcxCreatePort(PDRIVER_OBJECT DriverObject, ULONG Index)
{
    WCHAR devBuf[32];
    WCHAR linkBuf[32];
    UNICODE_STRING devName;
    PDEVICE_OBJECT dev;
    PVCX_PORT port;
    NTSTATUS status;

    RtlStringCbPrintfW(devBuf, sizeof(devBuf), L"\\Device\\VComX%u", Index);
    RtlStringCbPrintfW(linkBuf, sizeof(linkBuf), L"\\DosDevices\\VCOMX%u", Index);
    RtlInitUnicodeString(&devName, devBuf);

    status = IoCreateDevice(DriverObject, sizeof(VCX_PORT), &devName, FILE_DEVICE_SERIAL_PORT,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;

    port = (PVCX_PORT)dev->DeviceExtension;
    RtlZeroMemory(port, sizeof(*port));
    port->Index = Index;
    port->Self = dev;
    KeInitializeSpinLock(&port->FifoLock);

    RtlInitUnicodeString(&port->LinkName, linkBuf);
    status = IoCreateSymbolicLink(&port->LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }
    port->LinkCreated = TRUE;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("created %wZ", &devName);
    return STATUS_SUCCESS;
}

// Deletes every port device (and its link) hanging off the driver object.
static VOID VcxDeleteAllPorts(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;

    while (dev != NULL) {
        PDEVICE_OBJECT next = dev->NextDevice;
        PVCX_PORT port = (PVCX_PORT)dev->DeviceExtension;

        if (port->LinkCreated) {
            IoDeleteSymbolicLink(&port->LinkName);
            port->LinkCreated = FALSE;
        }
        IoDeleteDevice(dev);
        dev = next;
    }
}

VOID VcxUnload(PDRIVER_OBJECT DriverObject)
{
    VcxDeleteAllPorts(DriverObject);
    LOG("unloaded%s", "");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG ports, i;
    NTSTATUS status = STATUS_SUCCESS;

    ports = VcxReadPortCount(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = VcxUnsupported;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = VcxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VcxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = VcxRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = VcxWrite;

    for (i = 0; i < ports; i++) {
        status = VcxCreatePort(DriverObject, i);
        if (!NT_SUCCESS(status)) {
            LOG("port %u failed: 0x%08X", i, status);
            VcxDeleteAllPorts(DriverObject);
            return status;
        }
    }

    DriverObject->DriverUnload = VcxUnload;
    LOG("%u ports ready", ports);
    return STATUS_SUCCESS;
}

NTSTATUS VcxUnsupported(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS VcxCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCX_PORT port = (PVCX_PORT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MajorFunction == IRP_MJ_CREATE)
        InterlockedIncrement(&port->OpenCount);
    else
        InterlockedDecrement(&port->OpenCount);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS VcxWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCX_PORT port = (PVCX_PORT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR src = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG len = sp->Parameters.Write.Length;
    ULONG done = 0;
    KIRQL irql;

    KeAcquireSpinLock(&port->FifoLock, &irql);
    while (done < len && ((port->FifoHead + 1) % VCX_FIFO_SIZE) != port->FifoTail) {
        port->Fifo[port->FifoHead] = src[done++];
        port->FifoHead = (port->FifoHead + 1) % VCX_FIFO_SIZE;
    }
    KeReleaseSpinLock(&port->FifoLock, irql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = done;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS VcxRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCX_PORT port = (PVCX_PORT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR dst = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG len = sp->Parameters.Read.Length;
    ULONG done = 0;
    KIRQL irql;

    KeAcquireSpinLock(&port->FifoLock, &irql);
    while (done < len && port->FifoTail != port->FifoHead) {
        dst[done++] = port->Fifo[port->FifoTail];
        port->FifoTail = (port->FifoTail + 1) % VCX_FIFO_SIZE;
    }
    KeReleaseSpinLock(&port->FifoLock, irql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = done;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
