/*
 * shadowst.cpp - a beep device whose DriverEntry reads an optional tone in a
 * block of its own, with a `status` of its own that shadows DriverEntry's:
 * the symbolic link's status, kept in the outer one, is tested after the
 * block. The inner status is tested and dropped, as is a lambda's own that
 * checks the tone; the outer one is what the link's test reads.
 *
 * Conforming: no DE005 (the outer status is not overwritten), no DE006.
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

    status = IoCreateSymbolicLink(&g_Link, &name);
    {
        /* The tone is optional: its own status, tested here and dropped. */
        NTSTATUS status = BeepReadTone(RegistryPath, &tone);
        if (!NT_SUCCESS(status))
            KdPrint(("beep: default tone %lu (0x%08X)\n", tone, status));
    }
    auto audible = [&]() -> bool {
        /* A lambda's own status, which shadows DriverEntry's too. */
        NTSTATUS status = tone >= 100 && tone <= 4000 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
        return NT_SUCCESS(status);
    };
    if (!audible())
        tone = 880;
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BeepCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BeepCreateClose;
    DriverObject->DriverUnload = BeepUnload;
    return STATUS_SUCCESS;
}
