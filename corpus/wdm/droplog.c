/*
 * droplog.c - "pktlog": a logging driver that keeps a table of counters in
 * pool and a scratch buffer in its device extension. On the failure paths
 * it logs what it drops before it gives the memory back, and forgets the
 * pointer after (no DE017).
 */

#include <ntddk.h>

#define PL_TAG 'gLkP'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PlCreateClose;

typedef struct _PL_TABLE {
    ULONG Count;
    ULONG Slots[64];
} PL_TABLE, *PPL_TABLE;

typedef struct _PL_EXT {
    PUCHAR Scratch;
    ULONG ScratchSize;
} PL_EXT, *PPL_EXT;

static PPL_TABLE g_Table;
static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_Name = RTL_CONSTANT_STRING(L"\\Device\\PktLog");
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\DosDevices\\PktLog");

NTSTATUS PlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID PlUnload(PDRIVER_OBJECT DriverObject)
{
    PPL_EXT ext = (PPL_EXT)g_Device->DeviceExtension;

    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_Link);
    ExFreePoolWithTag(ext->Scratch, PL_TAG);
    IoDeleteDevice(g_Device);
    ExFreePoolWithTag(g_Table, PL_TAG);
    g_Table = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    PPL_EXT ext;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Table = (PPL_TABLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PL_TABLE), PL_TAG);
    if (g_Table == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    status = IoCreateDevice(DriverObject, sizeof(PL_EXT), &g_Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pktlog: no device (%08x), %lu slots dropped\n",
                   status, g_Table->Count);
        ExFreePoolWithTag(g_Table, PL_TAG);
        g_Table = NULL;
        return status;
    }

    ext = (PPL_EXT)g_Device->DeviceExtension;
    ext->ScratchSize = PAGE_SIZE;
    ext->Scratch = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, ext->ScratchSize, PL_TAG);
    if (ext->Scratch == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto delete_device;
    }

    status = IoCreateSymbolicLink(&g_Link, &g_Name);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ext->Scratch, PL_TAG);
        goto delete_device;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlCreateClose;
    DriverObject->DriverUnload = PlUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

delete_device:
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pktlog: %lu bytes of scratch given back\n",
               ext->ScratchSize);
    IoDeleteDevice(g_Device);
    g_Device = NULL;
    ExFreePoolWithTag(g_Table, PL_TAG);
    g_Table = NULL;
    return status;
}
