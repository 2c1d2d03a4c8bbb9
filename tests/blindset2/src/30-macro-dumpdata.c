/*
 * dumpdata.sys - adds a secondary-data block to crash dumps
 * (KeRegisterBugCheckReasonCallback, KbCallbackSecondaryDumpData) holding the
 * last configuration a user-mode agent pushed through \\.\DumpData.
 * Error paths use the IF_FAIL_GOTO / CHECK_ALLOC macros from our team header.
 */
#include <ntddk.h>

#define DD_TAG 'aDdD'

#define IF_FAIL_GOTO(_status, _label)                                      \
    do {                                                                   \
        if (!NT_SUCCESS(_status)) {                                        \
            KdPrint(("dumpdata: %s:%d failed 0x%08X\n",                    \
                     __FUNCTION__, __LINE__, (_status)));                  \
            goto _label;                                                   \
        }                                                                  \
    } while (0)

#define CHECK_ALLOC(_ptr, _status, _label)                                 \
    do {                                                                   \
        if ((_ptr) == NULL) {                                              \
            (_status) = STATUS_INSUFFICIENT_RESOURCES;                     \
            goto _label;                                                   \
        }                                                                  \
    } while (0)

// {5E2D8A41-7C3B-4D9E-B1F0-6A7B8C9D0E12}
static const GUID DdDumpGuid =
    { 0x5e2d8a41, 0x7c3b, 0x4d9e, { 0xb1, 0xf0, 0x6a, 0x7b, 0x8c, 0x9d, 0x0e, 0x12 } };

typedef struct _DD_STATE {
    KBUGCHECK_REASON_CALLBACK_RECORD Record;     // must stay resident: global
    BOOLEAN        Registered;
    PUCHAR         Blob;
    ULONG          BlobBytes;
    PDEVICE_OBJECT Device;
    BOOLEAN        LinkCreated;
} DD_STATE;

static DD_STATE g_Dd;
static UNICODE_STRING g_DdDevName = RTL_CONSTANT_STRING(L"\\Device\\DumpData");
static UNICODE_STRING g_DdLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\DumpData");

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DdUnload;
DRIVER_DISPATCH DdDispatch;
KBUGCHECK_REASON_CALLBACK_ROUTINE DdSecondaryData;

VOID
DdSecondaryData(
    _In_ KBUGCHECK_CALLBACK_REASON Reason,
    _In_ struct _KBUGCHECK_REASON_CALLBACK_RECORD *Record,
    _Inout_ PVOID ReasonSpecificData,
    _In_ ULONG ReasonSpecificDataLength
    )
{
    PKBUGCHECK_SECONDARY_DUMP_DATA sd = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;

    UNREFERENCED_PARAMETER(Record);
    if (Reason != KbCallbackSecondaryDumpData || ReasonSpecificDataLength < sizeof(*sd)) {
        return;
    }
    if (sd->MaximumAllowed < g_Dd.BlobBytes) {
        return;
    }
    sd->Guid = DdDumpGuid;
    sd->OutBuffer = g_Dd.Blob;
    sd->OutBufferLength = g_Dd.BlobBytes;
}

static VOID
DdTeardown(VOID)
{
    if (g_Dd.Registered) {
        KeDeregisterBugCheckReasonCallback(&g_Dd.Record);
        g_Dd.Registered = FALSE;
    }
    if (g_Dd.LinkCreated) {
        IoDeleteSymbolicLink(&g_DdLinkName);
        g_Dd.LinkCreated = FALSE;
    }
    if (g_Dd.Device != NULL) {
        IoDeleteDevice(g_Dd.Device);
        g_Dd.Device = NULL;
    }
    if (g_Dd.Blob != NULL) {
        ExFreePoolWithTag(g_Dd.Blob, DD_TAG);
        g_Dd.Blob = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&g_Dd, sizeof(g_Dd));

    g_Dd.BlobBytes = PAGE_SIZE;
    g_Dd.Blob = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, g_Dd.BlobBytes, DD_TAG);
    CHECK_ALLOC(g_Dd.Blob, status, Fail);

    status = IoCreateDevice(DriverObject, 0, &g_DdDevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Dd.Device);
    IF_FAIL_GOTO(status, Fail);

    status = IoCreateSymbolicLink(&g_DdLinkName, &g_DdDevName);
    IF_FAIL_GOTO(status, Fail);
    g_Dd.LinkCreated = TRUE;

    KeInitializeCallbackRecord((&g_Dd.Record));
    if (!KeRegisterBugCheckReasonCallback(&g_Dd.Record, DdSecondaryData,
                                          KbCallbackSecondaryDumpData, (PUCHAR)"dumpdata")) {
        status = STATUS_UNSUCCESSFUL;
    }
    IF_FAIL_GOTO(status, Fail);
    g_Dd.Registered = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DdDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DdDispatch;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DdDispatch;
    DriverObject->DriverUnload = DdUnload;
    g_Dd.Device->Flags |= DO_BUFFERED_IO;
    g_Dd.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Fail:
    DdTeardown();
    return status;
}

VOID
DdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    DdTeardown();
}

NTSTATUS
DdDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (sp->MajorFunction == IRP_MJ_WRITE) {
        ULONG n = min(sp->Parameters.Write.Length, g_Dd.BlobBytes);
        RtlCopyMemory(g_Dd.Blob, Irp->AssociatedIrp.SystemBuffer, n);
        info = n;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
