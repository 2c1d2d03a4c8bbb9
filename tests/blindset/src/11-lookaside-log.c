// LogBuf: keeps the last N messages written to \\.\LogBuf in a list,
// entries come from a nonpaged lookaside list

#include <ntddk.h>

#define LOG_TAG      'gLbL'
#define LOG_MSG_MAX  128
#define LOG_MAX_ENTRIES 64

typedef struct _LOG_ENTRY {
    LIST_ENTRY Link;
    ULONG      Length;
    CHAR       Text[LOG_MSG_MAX];
} LOG_ENTRY, *PLOG_ENTRY;

NPAGED_LOOKASIDE_LIST g_EntryPool;
LIST_ENTRY g_LogHead;
KSPIN_LOCK g_LogLock;
ULONG g_LogCount;
PDEVICE_OBJECT g_LogDevice;

NTSTATUS LogCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS LogWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Write.Length;
    PLOG_ENTRY entry;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (len > LOG_MSG_MAX) len = LOG_MSG_MAX;

    entry = (PLOG_ENTRY)ExAllocateFromNPagedLookasideList(&g_EntryPool);
    if (entry == NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(entry->Text, Irp->AssociatedIrp.SystemBuffer, len);
    entry->Length = len;

    KeAcquireSpinLock(&g_LogLock, &irql);
    InsertTailList(&g_LogHead, &entry->Link);
    if (++g_LogCount > LOG_MAX_ENTRIES) {
        PLIST_ENTRY old = RemoveHeadList(&g_LogHead);
        g_LogCount--;
        ExFreeToNPagedLookasideList(&g_EntryPool, CONTAINING_RECORD(old, LOG_ENTRY, Link));
    }
    KeReleaseSpinLock(&g_LogLock, irql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = len;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID LogUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\LogBuf");

    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_LogDevice);

    while (!IsListEmpty(&g_LogHead)) {
        PLIST_ENTRY e = RemoveHeadList(&g_LogHead);
        ExFreeToNPagedLookasideList(&g_EntryPool, CONTAINING_RECORD(e, LOG_ENTRY, Link));
    }
    g_LogCount = 0;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LogBuf");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\LogBuf");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_LogHead);
    KeInitializeSpinLock(&g_LogLock);
    g_LogCount = 0;
    ExInitializeNPagedLookasideList(&g_EntryPool, NULL, NULL, 0, sizeof(LOG_ENTRY), LOG_TAG, 0);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_LogDevice);
    if (status != STATUS_SUCCESS) {
        ExDeleteNPagedLookasideList(&g_EntryPool);
        return status;
    }
    g_LogDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &name);
    if (status != STATUS_SUCCESS) {
        IoDeleteDevice(g_LogDevice);
        ExDeleteNPagedLookasideList(&g_EntryPool);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = LogWrite;
    DriverObject->DriverUnload = LogUnload;

    g_LogDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
