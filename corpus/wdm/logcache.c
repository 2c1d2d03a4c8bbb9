/*
 * logcache.c - a driver whose log lines are kept in a memory cache only once
 * a service turns the cache on with an IOCTL; the flag starts FALSE, so no
 * entry is allocated while DriverEntry runs, and its failure returns free
 * nothing of the cache.
 */

#include <ntddk.h>

#define LC_TAG 'ehcL'

typedef struct _LC_ENTRY {
    LIST_ENTRY Link;
    CHAR Text[64];
} LC_ENTRY, *PLC_ENTRY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LcCreateClose;

BOOLEAN LcCacheEnabled = FALSE;
static LIST_ENTRY LcEntries;
static PDEVICE_OBJECT LcDevice;

static BOOLEAN
LcCacheOn(
    _In_opt_ PVOID Request
    )
{
    return Request == NULL && LcCacheEnabled;
}

static VOID
LcPush(
    _In_z_ PCSTR Text
    )
{
    PLC_ENTRY entry = (PLC_ENTRY)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(LC_ENTRY), LC_TAG);

    if (entry != NULL) {
        RtlCopyMemory(entry->Text, Text, sizeof(entry->Text) - 1);
        entry->Text[sizeof(entry->Text) - 1] = '\0';
        InsertTailList(&LcEntries, &entry->Link);
    }
}

/* Entries are pushed only where pool may be allocated and the cache is on:
 * the whole test is in the macro's body. */
#define LC_LOG(Text)                                          \
    do {                                                      \
        KIRQL irql = KeGetCurrentIrql();                      \
        if (irql == PASSIVE_LEVEL && LcCacheOn(NULL)) {       \
            LcPush(Text);                                     \
        }                                                     \
    } while (0)

VOID
LcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    while (!IsListEmpty(&LcEntries)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&LcEntries), LC_ENTRY, Link), LC_TAG);
    }
    IoDeleteDevice(LcDevice);
}

NTSTATUS
LcCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LogCache");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    InitializeListHead(&LcEntries);
    LC_LOG("loading");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &LcDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = LcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LcCreateClose;
    DriverObject->DriverUnload = LcUnload;
    return STATUS_SUCCESS;
}
