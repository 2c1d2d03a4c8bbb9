/*
 * memscrub.c (bad) - the same memory-scrubber tuner, but it sets DriverUnload
 * only when its registry key asks for it ("test builds unload"): on the path
 * where the control device was made and the value is absent, a device object
 * exists that nothing can ever delete, and the driver can never be unloaded
 * (WDM003). The paths without a device stay clean, as in the conforming file.
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
MsReadFlag(_In_ PUNICODE_STRING RegistryPath, _In_ PCWSTR Name)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    BOOLEAN set = FALSE;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        return FALSE;
    }
    RtlInitUnicodeString(&valueName, Name);
    if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &length)) &&
        info->Type == REG_DWORD && *(PULONG)info->Data != 0) {
        set = TRUE;
    }
    ZwClose(key);
    return set;
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

    if (!MsReadFlag(RegistryPath, L"ServiceInstalled")) {
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

    g_MsDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    if (MsReadFlag(RegistryPath, L"AllowUnload")) {
        DriverObject->DriverUnload = MsUnload;
    }
    return STATUS_SUCCESS;                                              // expect: WDM003
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
