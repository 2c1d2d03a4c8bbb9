/*
 * memscrub.c - boot-start memory-scrubber tuner (legacy, no PnP). The scrub
 * rate is written once, by a boot-driver reinitialization routine that runs
 * after the platform drivers. DriverEntry fills its dispatch table first, in
 * the order of the driver's old sources, and then makes the optional control
 * device \\.\MemScrub through which a service reads the rate. When the
 * registry says the service is not installed, or the device cannot be made,
 * DriverEntry returns STATUS_SUCCESS with no device: the dispatch entries
 * alone hold nothing an unload would undo, and a driver with no AddDevice
 * (not a WDM driver) need not be unloadable, so no WDM003 (a false WDM003 on
 * both paths before). The reinitialization routine is left to run (no DE013).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MsUnload;
DRIVER_REINITIALIZE MsReinitialize;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH MsOpenClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH MsControl;

#define MS_TAG 'rcSM'
#define IOCTL_MEMSCRUB_RATE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

static PDEVICE_OBJECT g_MsDevice;
static volatile LONG g_MsRate;

static BOOLEAN
MsServiceInstalled(_In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    BOOLEAN installed = FALSE;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        return FALSE;
    }
    RtlInitUnicodeString(&valueName, L"ServiceInstalled");
    if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &length)) &&
        info->Type == REG_DWORD && *(PULONG)info->Data != 0) {
        installed = TRUE;
    }
    ZwClose(key);
    return installed;
}

VOID
MsReinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Count);
    /* The memory controller is reachable once the platform drivers run. */
    InterlockedExchange(&g_MsRate, 24);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING devName;
    NTSTATUS status;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = MsOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = MsOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MsControl;

    IoRegisterBootDriverReinitialization(DriverObject, MsReinitialize, NULL);

    if (!MsServiceInstalled(RegistryPath)) {
        return STATUS_SUCCESS;
    }

    RtlInitUnicodeString(&devName, L"\\Device\\MemScrub");
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_MsDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("memscrub: no control device (%08x)\n", status);
        g_MsDevice = NULL;
        return STATUS_SUCCESS;
    }

    DriverObject->DriverUnload = MsUnload;
    g_MsDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
MsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_MsDevice);
}

NTSTATUS
MsOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
MsControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_MEMSCRUB_RATE &&
        sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(LONG)) {
        *(PLONG)Irp->AssociatedIrp.SystemBuffer = g_MsRate;
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
