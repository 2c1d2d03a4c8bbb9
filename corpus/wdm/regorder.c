/*
 * regorder.c - "keyaudit": records which processes create keys under the
 * services hive and keeps the last 128 records for a control device to read.
 * The record list and its lock are set up before the registry callback is
 * registered, since the callback may run as soon as CmRegisterCallbackEx
 * returns. Two globals are set after it on purpose: KaReady, which the
 * callback tests and ignores every operation until it is set, and
 * KaDevice, which only the unload routine reads.
 */

#include <ntddk.h>

#define KA_TAG 'tuAK'
#define KA_MAX 128

typedef struct _KA_RECORD {
    LIST_ENTRY Link;
    HANDLE     ProcessId;
} KA_RECORD, *PKA_RECORD;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KaUnload;
EX_CALLBACK_FUNCTION KaRegistryCallback;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH KaCreateClose;

static LIST_ENTRY KaRecords;
static KSPIN_LOCK KaLock;
static ULONG KaCount;
static volatile LONG KaReady;
static PDEVICE_OBJECT KaDevice;
static LARGE_INTEGER KaCookie;

NTSTATUS
KaRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    PKA_RECORD record;
    KIRQL irql;

    UNREFERENCED_PARAMETER(CallbackContext);
    UNREFERENCED_PARAMETER(Argument2);

    if (!KaReady) {
        return STATUS_SUCCESS;
    }
    if ((REG_NOTIFY_CLASS)(ULONG_PTR)Argument1 != RegNtPostCreateKeyEx) {
        return STATUS_SUCCESS;
    }
    record = (PKA_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(KA_RECORD), KA_TAG);
    if (record == NULL) {
        return STATUS_SUCCESS;
    }
    record->ProcessId = PsGetCurrentProcessId();
    KeAcquireSpinLock(&KaLock, &irql);
    InsertTailList(&KaRecords, &record->Link);
    if (++KaCount > KA_MAX) {
        record = CONTAINING_RECORD(RemoveHeadList(&KaRecords), KA_RECORD, Link);
        KaCount--;
    } else {
        record = NULL;
    }
    KeReleaseSpinLock(&KaLock, irql);
    if (record != NULL) {
        ExFreePoolWithTag(record, KA_TAG);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"380120");
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KeyAudit");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&KaRecords);
    KeInitializeSpinLock(&KaLock);
    KaCount = 0;

    status = CmRegisterCallbackEx(KaRegistryCallback, &altitude, DriverObject, NULL, &KaCookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        CmUnRegisterCallback(KaCookie);
        return status;
    }
    KaDevice = device;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = KaCreateClose;
    DriverObject->DriverUnload = KaUnload;
    KaReady = 1;
    return STATUS_SUCCESS;
}

VOID
KaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(KaCookie);
    IoDeleteDevice(KaDevice);
    while (!IsListEmpty(&KaRecords)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&KaRecords), KA_RECORD, Link), KA_TAG);
    }
}

NTSTATUS
KaCreateClose(
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
