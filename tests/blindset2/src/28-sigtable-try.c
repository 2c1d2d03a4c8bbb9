// sigtable.sys - loads a small table of byte signatures from the registry
// (REG_BINARY "Signatures") and exposes a match IOCTL. Everything that touches
// the registry blob is wrapped in __try because the blob is user-controlled.
#include <ntddk.h>

#define SIG_TAG      'giSS'
#define SIG_MAX      64
#define SIG_LEN      16

typedef struct _SIG_TABLE {
    ULONG Count;
    UCHAR Sig[SIG_MAX][SIG_LEN];
} SIG_TABLE, *PSIG_TABLE;

PSIG_TABLE     g_Table = NULL;
PDEVICE_OBJECT g_SigDevice = NULL;

NTSTATUS SigDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID SigUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_SigDevice);
    ExFreePoolWithTag(g_Table, SIG_TAG);
    g_Table = NULL;
}

static NTSTATUS SigLoadFromRegistry(PUNICODE_STRING RegistryPath, PSIG_TABLE Table)
{
    RTL_QUERY_REGISTRY_TABLE q[2];
    UCHAR blob[1 + SIG_MAX * SIG_LEN + sizeof(ULONG)];
    ULONG blobLen;
    NTSTATUS status;

    // RTL_QUERY_REGISTRY_DIRECT with REG_BINARY: first ULONG holds -(buffer size)
    RtlZeroMemory(blob, sizeof(blob));
    *(PLONG)blob = -(LONG)sizeof(blob);

    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED | RTL_QUERY_REGISTRY_TYPECHECK;
    q[0].DefaultType = (REG_BINARY << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
    q[0].Name = L"Signatures";
    q[0].EntryContext = blob;
    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, q, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    // blob layout: one count byte, then count * SIG_LEN bytes
    blobLen = blob[0];
    if (blobLen > SIG_MAX) {
        ExRaiseStatus(STATUS_INVALID_PARAMETER);
    }
    Table->Count = blobLen;
    RtlCopyMemory(Table->Sig, blob + 1, Table->Count * SIG_LEN);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\SigTable");

    g_Table = (PSIG_TABLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SIG_TABLE), SIG_TAG);
    if (g_Table == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    __try {
        status = SigLoadFromRegistry(RegistryPath, g_Table);
        if (!NT_SUCCESS(status)) {
            DbgPrint("sigtable: no signatures (0x%x)\n", status);
            return status;
        }
        DbgPrint("sigtable: %lu signatures\n", g_Table->Count);

        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_SigDevice);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        DbgPrint("sigtable: exception 0x%x while loading\n", status);
    }

    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_Table, SIG_TAG);
        g_Table = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SigDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SigDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SigDispatch;
    DriverObject->DriverUnload = SigUnload;
    g_SigDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
