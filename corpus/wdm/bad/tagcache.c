/*
 * tagcache.c - tag cache for the asset reader. DriverEntry reads the cache
 * depth from the service key, sets up a non-paged lookaside list for cache
 * entries and creates the control device.
 * Mistakes: a depth of zero in the registry returns before the service key is
 * closed, and the IoCreateDevice failure leaves the lookaside list on the
 * system's list of lookaside lists while the driver image goes away (DE006 x2).
 */

#include <ntddk.h>

#define TGC_POOLTAG     'cGaT'
#define TGC_DEFAULT_DEPTH 32

typedef struct _TGC_ENTRY {
    LIST_ENTRY Link;
    ULONG Tag;
    UCHAR Payload[64];
} TGC_ENTRY, *PTGC_ENTRY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TgcUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH TgcCreateClose;

static NPAGED_LOOKASIDE_LIST g_TgcEntries;
static PDEVICE_OBJECT g_TgcDevice;
static ULONG g_TgcDepth = TGC_DEFAULT_DEPTH;

static NTSTATUS
TgcReadDepth(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"CacheDepth");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof(buffer), &length);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        g_TgcDepth = *(PULONG)info->Data;
        if (g_TgcDepth == 0) {
            return STATUS_INVALID_PARAMETER;
        }
    }
    ZwClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\TagCache");
    NTSTATUS status;

    status = TgcReadDepth(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;                                          // expect: DE006
    }

    ExInitializeNPagedLookasideList(&g_TgcEntries, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(TGC_ENTRY), TGC_POOLTAG, (USHORT)g_TgcDepth);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_TgcDevice);
    if (!NT_SUCCESS(status)) {
        return status;                                          // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TgcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TgcCreateClose;
    DriverObject->DriverUnload = TgcUnload;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
TgcCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TgcUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_TgcDevice);
    ExDeleteNPagedLookasideList(&g_TgcEntries);
}
