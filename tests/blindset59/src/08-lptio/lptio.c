/*
 * lptio.c - DriverEntry, unload, create/close, shutdown
 */
#include "lptio.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LptUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   LptCreateClose;
_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH   LptShutdown;

static ULONG
LptQueryBasePort(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE qt[2];
    ULONG base = LPT_DEFAULT_BASE;
    ULONG dflt = LPT_DEFAULT_BASE;
    NTSTATUS status;

    RtlZeroMemory(qt, sizeof(qt));
    qt[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name = L"BasePort";
    qt[0].EntryContext = &base;
    qt[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData = &dflt;
    qt[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer,
                                    qt, NULL, NULL);
    if (!NT_SUCCESS(status) || !LptIsKnownBase(base)) {
        LPTDBG(("lptio: BasePort unusable (0x%X, 0x%08X), using 0x%X\n",
                base, status, LPT_DEFAULT_BASE));
        base = LPT_DEFAULT_BASE;
    }
    return base;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;
    PLPT_EXTENSION ext;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;

    LPTDBG(("lptio: DriverEntry\n"));

    RtlInitUnicodeString(&devName, LPT_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, LPT_LINK_NAME);

    status = IoCreateDevice(DriverObject, sizeof(LPT_EXTENSION), &devName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            TRUE, &dev);
    if (NT_SUCCESS(status)) {
        ext = (PLPT_EXTENSION)dev->DeviceExtension;
        RtlZeroMemory(ext, sizeof(LPT_EXTENSION));
        ext->Self = dev;
        ext->BasePort = LptQueryBasePort(RegistryPath);
        KeInitializeSpinLock(&ext->PortLock);

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (NT_SUCCESS(status)) {
            status = IoRegisterShutdownNotification(dev);
            if (NT_SUCCESS(status)) {
                DriverObject->MajorFunction[IRP_MJ_CREATE]         = LptCreateClose;
                DriverObject->MajorFunction[IRP_MJ_CLOSE]          = LptCreateClose;
                DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LptDeviceControl;
                DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = LptShutdown;
                DriverObject->DriverUnload = LptUnload;

                dev->Flags |= DO_BUFFERED_IO;

                /* relays off until someone asks otherwise */
                LptWriteData(ext, 0);
                LPTDBG(("lptio: ready on port 0x%X\n", ext->BasePort));
            } else {
                LPTDBG(("lptio: IoRegisterShutdownNotification 0x%08X\n", status));
                IoDeleteSymbolicLink(&linkName);
                IoDeleteDevice(dev);
            }
        } else {
            LPTDBG(("lptio: IoCreateSymbolicLink 0x%08X\n", status));
        }
    } else {
        LPTDBG(("lptio: IoCreateDevice 0x%08X\n", status));
    }

    return status;
}

VOID
LptUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;

    LPTDBG(("lptio: unload\n"));

    if (dev != NULL) {
        LptWriteData((PLPT_EXTENSION)dev->DeviceExtension, 0);

        RtlInitUnicodeString(&linkName, LPT_LINK_NAME);
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(dev);
    }
}

NTSTATUS
LptCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/* make sure the relays drop when the box goes down */
NTSTATUS
LptShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLPT_EXTENSION ext = (PLPT_EXTENSION)DeviceObject->DeviceExtension;

    LptWriteData(ext, 0);
    ext->ShutdownSeen = TRUE;

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
