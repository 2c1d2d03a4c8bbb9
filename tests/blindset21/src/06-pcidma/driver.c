/*++
Module Name:
    driver.c

Abstract:
    DriverEntry, driver-wide state and unload for the PX-200 driver.
--*/
#include "pcidma.h"

PD_GLOBALS g_Pd;

static UCHAR s_BugCheckComponent[] = "px200";

typedef struct _PD_DISPATCH_ENTRY {
    UCHAR            MajorFunction;
    PDRIVER_DISPATCH Routine;
} PD_DISPATCH_ENTRY;

static const PD_DISPATCH_ENTRY s_DispatchTable[] = {
    { IRP_MJ_CREATE,          PdDispatchCreateClose   },
    { IRP_MJ_CLOSE,           PdDispatchCreateClose   },
    { IRP_MJ_READ,            PdDispatchReadWrite     },
    { IRP_MJ_WRITE,           PdDispatchReadWrite     },
    { IRP_MJ_PNP,             PdDispatchPnp           },
    { IRP_MJ_POWER,           PdDispatchPower         },
    { IRP_MJ_SYSTEM_CONTROL,  PdDispatchSystemControl },
};

static KBUGCHECK_REASON_CALLBACK_ROUTINE PdBugCheckSecondaryData;

static
NTSTATUS
PdInitializeGlobals(
    _Inout_ PPD_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    );

static
VOID
PdTeardownGlobals(
    _Inout_ PPD_GLOBALS Globals
    );

static
ULONG
PdReadMaxTransfer(
    _In_ PUNICODE_STRING RegistryPath
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, PdInitializeGlobals)
#pragma alloc_text(INIT, PdReadMaxTransfer)
#pragma alloc_text(PAGE, PdUnload)
#pragma alloc_text(PAGE, PdTeardownGlobals)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG    i;

    PD_INFO("DriverEntry");

    status = PdInitializeGlobals(&g_Pd, RegistryPath);
    IF_FAILED_GOTO(status, Fail);

    for (i = 0; i < RTL_NUMBER_OF(s_DispatchTable); i++) {
        DriverObject->MajorFunction[s_DispatchTable[i].MajorFunction] =
            s_DispatchTable[i].Routine;
    }

    DriverObject->DriverStartIo = PdStartIo;
    DriverObject->DriverExtension->AddDevice = PdAddDevice;
    DriverObject->DriverUnload = PdUnload;

    return STATUS_SUCCESS;

Fail:
    PdTeardownGlobals(&g_Pd);
    return status;
}

static
_Use_decl_annotations_
NTSTATUS
PdInitializeGlobals(
    PPD_GLOBALS     Globals,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory(Globals, sizeof(*Globals));
    InitializeListHead(&Globals->AdapterList);

    Globals->MaxTransferSize = PdReadMaxTransfer(RegistryPath);

    ExInitializeNPagedLookasideList(&Globals->TransferLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PD_TRANSFER),
                                    PD_POOL_TAG,
                                    0);
    Globals->InitStage = PdStageLookaside;

    status = ExInitializeResourceLite(&Globals->AdapterListLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Globals->InitStage = PdStageLock;

    Globals->Snapshot.Signature = 'X002';

    KeInitializeCallbackRecord(&Globals->BugCheckRecord);
    if (!KeRegisterBugCheckReasonCallback(&Globals->BugCheckRecord,
                                          PdBugCheckSecondaryData,
                                          KbCallbackSecondaryDumpData,
                                          s_BugCheckComponent)) {
        return STATUS_UNSUCCESSFUL;
    }
    Globals->InitStage = PdStageBugCheck;

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
PdTeardownGlobals(
    PPD_GLOBALS Globals
    )
{
    PAGED_CODE();

    switch (Globals->InitStage) {
    case PdStageBugCheck:
        (VOID)KeDeregisterBugCheckReasonCallback(&Globals->BugCheckRecord);
        __fallthrough;

    case PdStageLock:
        ExDeleteResourceLite(&Globals->AdapterListLock);
        __fallthrough;

    case PdStageLookaside:
        ExDeleteNPagedLookasideList(&Globals->TransferLookaside);
        __fallthrough;

    case PdStageNone:
    default:
        break;
    }

    Globals->InitStage = PdStageNone;
}

static
_Use_decl_annotations_
ULONG
PdReadMaxTransfer(
    PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE            key;
    UNICODE_STRING    name = RTL_CONSTANT_STRING(L"MaxTransferSize");
    UCHAR             buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG             length;
    ULONG             value = PD_MAX_TRANSFER_DEFAULT;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    if (NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                       info, sizeof(buffer), &length)) &&
            info->Type == REG_DWORD &&
            info->DataLength == sizeof(ULONG)) {
            ULONG v = *(ULONG UNALIGNED *)info->Data;
            if (v >= PAGE_SIZE && v <= 16 * 1024 * 1024) {
                value = v;
            }
        }
        ZwClose(key);
    }

    return value;
}

static
_Use_decl_annotations_
VOID
PdBugCheckSecondaryData(
    KBUGCHECK_CALLBACK_REASON          Reason,
    PKBUGCHECK_REASON_CALLBACK_RECORD  Record,
    PVOID                              ReasonSpecificData,
    ULONG                              ReasonSpecificDataLength
    )
{
    // {C5A0B21D-3E54-4F77-A2D4-1B98E3C0F6A2}
    static const GUID snapshotGuid =
        { 0xc5a0b21d, 0x3e54, 0x4f77, { 0xa2, 0xd4, 0x1b, 0x98, 0xe3, 0xc0, 0xf6, 0xa2 } };
    PKBUGCHECK_SECONDARY_DUMP_DATA dump = (PKBUGCHECK_SECONDARY_DUMP_DATA)ReasonSpecificData;

    UNREFERENCED_PARAMETER(Record);

    if (Reason != KbCallbackSecondaryDumpData ||
        ReasonSpecificDataLength < sizeof(KBUGCHECK_SECONDARY_DUMP_DATA) ||
        dump->MaximumAllowed < sizeof(PD_DUMP_SNAPSHOT)) {
        return;
    }

    g_Pd.Snapshot.AdapterCount = g_Pd.AdapterCount;

    dump->OutBuffer = &g_Pd.Snapshot;
    dump->OutBufferLength = sizeof(PD_DUMP_SNAPSHOT);
    dump->Guid = snapshotGuid;
}

_Use_decl_annotations_
VOID
PdUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NT_ASSERT(IsListEmpty(&g_Pd.AdapterList));

    PdTeardownGlobals(&g_Pd);
    PD_INFO("unloaded");
}

_Use_decl_annotations_
NTSTATUS
PdDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS             status = STATUS_SUCCESS;

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE &&
        !ext->Started) {
        status = STATUS_DEVICE_NOT_READY;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
NTSTATUS
PdDispatchSystemControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}
