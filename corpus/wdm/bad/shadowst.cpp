/*
 * shadowst.cpp - the bad twin of ../shadowst.cpp: the symbolic link is made
 * in a block with a `status` of its own that shadows DriverEntry's. When it
 * fails, the goto leaves the block, and the outer status returned still
 * holds IoCreateDevice's success.
 *
 * Violates: DE010.
 */
#include <ntddk.h>

#define BEEP_TAG 'peeB'

static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\??\\BeepTone");

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeepUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH BeepCreateClose;

static NTSTATUS BeepCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static void BeepUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
}

/* Reads the optional tone from the service key; the default stays when it is missing. */
static NTSTATUS BeepReadTone(PUNICODE_STRING RegistryPath, PULONG Tone)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status))
        return status;
    *Tone = 440;
    ZwClose(key);
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\BeepTone");
    ULONG tone = 880;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);
    if (!NT_SUCCESS(status))
        return status;

    (void)BeepReadTone(RegistryPath, &tone);
    {
        NTSTATUS status = IoCreateSymbolicLink(&g_Link, &name);
        if (!NT_SUCCESS(status))
            goto fail_device;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BeepCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeepCreateClose;
    DriverObject->DriverUnload = BeepUnload;
    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(g_Device);
    return status; // expect: DE010
}
