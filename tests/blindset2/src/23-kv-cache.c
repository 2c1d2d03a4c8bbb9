/*
 * kvcache.sys - a toy key/value cache in the kernel, accessed with IOCTLs.
 * Entries come from a lookaside list, the table is protected by an ERESOURCE.
 * Error handling uses a goto ladder that unwinds in reverse order.
 */
#include <ntddk.h>

#define KV_TAG        'cvKK'
#define KV_BUCKETS    64
#define KV_DEVICE     L"\\Device\\KvCache"
#define KV_SYMLINK    L"\\DosDevices\\KvCache"

typedef struct _KV_ENTRY {
    LIST_ENTRY Link;
    ULONG      Key;
    ULONG64    Value;
} KV_ENTRY, *PKV_ENTRY;

typedef struct _KV_GLOBALS {
    ERESOURCE              TableLock;
    NPAGED_LOOKASIDE_LIST  EntryPool;
    PLIST_ENTRY            Buckets;
    PDEVICE_OBJECT         Device;
} KV_GLOBALS;

static KV_GLOBALS g_Kv;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KvUnload;
DRIVER_DISPATCH KvDispatch;

static VOID
KvFlushTable(VOID)
{
    ULONG i;
    for (i = 0; i < KV_BUCKETS; i++) {
        while (!IsListEmpty(&g_Kv.Buckets[i])) {
            PLIST_ENTRY e = RemoveHeadList(&g_Kv.Buckets[i]);
            ExFreeToNPagedLookasideList(&g_Kv.EntryPool, CONTAINING_RECORD(e, KV_ENTRY, Link));
        }
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(KV_DEVICE);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KV_SYMLINK);
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ExInitializeResourceLite(&g_Kv.TableLock);
    if (!NT_SUCCESS(status)) {
        goto err_none;
    }

    ExInitializeNPagedLookasideList(&g_Kv.EntryPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(KV_ENTRY), KV_TAG, 0);

    g_Kv.Buckets = (PLIST_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                KV_BUCKETS * sizeof(LIST_ENTRY), KV_TAG);
    if (g_Kv.Buckets == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto err_lookaside;
    }
    for (i = 0; i < KV_BUCKETS; i++) {
        InitializeListHead(&g_Kv.Buckets[i]);
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Kv.Device);
    if (!NT_SUCCESS(status)) {
        goto err_buckets;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        goto err_device;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KvDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KvDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KvDispatch;
    DriverObject->DriverUnload = KvUnload;
    g_Kv.Device->Flags |= DO_BUFFERED_IO;
    g_Kv.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

err_device:
    IoDeleteDevice(g_Kv.Device);
    g_Kv.Device = NULL;
err_buckets:
    ExFreePoolWithTag(g_Kv.Buckets, KV_TAG);
    g_Kv.Buckets = NULL;
err_lookaside:
    ExDeleteNPagedLookasideList(&g_Kv.EntryPool);
    ExDeleteResourceLite(&g_Kv.TableLock);
err_none:
    return status;
}

VOID
KvUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KV_SYMLINK);

    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Kv.Device);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Kv.TableLock, TRUE);
    KvFlushTable();
    ExReleaseResourceLite(&g_Kv.TableLock);
    KeLeaveCriticalRegion();

    ExFreePoolWithTag(g_Kv.Buckets, KV_TAG);
    ExDeleteNPagedLookasideList(&g_Kv.EntryPool);
    ExDeleteResourceLite(&g_Kv.TableLock);
}

NTSTATUS
KvDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        // get/put handlers are in the full project; this build only accepts opens
        status = STATUS_INVALID_DEVICE_REQUEST;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
