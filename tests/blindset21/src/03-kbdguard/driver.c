/*++
Module Name:
    driver.c

Abstract:
    Driver entry, unload and generic pass-through for kbguard.
--*/
#include "kbguard.h"

KG_GLOBALS g_Kg;

static
NTSTATUS
KgDuplicateString(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Destination
    );

static
VOID
KgFreeGlobals(
    _Inout_ PKG_GLOBALS Globals
    );

static
VOID
KgSetupDispatch(
    _Inout_ PDRIVER_OBJECT DriverObject
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, KgSetupDispatch)
#pragma alloc_text(INIT, KgDuplicateString)
#pragma alloc_text(PAGE, KgUnload)
#pragma alloc_text(PAGE, KgFreeGlobals)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory(&g_Kg, sizeof(g_Kg));
    InitializeListHead(&g_Kg.DeviceList);
    ExInitializeFastMutex(&g_Kg.DeviceListLock);

    KgSetupDispatch(DriverObject);

    status = KgDuplicateString(RegistryPath, &g_Kg.RegistryPath);
    if (!NT_SUCCESS(status)) {
        KgError("registry path copy failed 0x%08X", status);
        return status;
    }

    //
    // A missing or malformed policy is not fatal: the filter then passes
    // all input through untouched until the next boot.
    //
    if (!KgLoadRemapTable(&g_Kg.RegistryPath, &g_Kg.RemapTable)) {
        KgTrace("no remap policy");
    }

    KgTrace("loaded, %lu remap entries",
            g_Kg.RemapTable != NULL ? g_Kg.RemapTable->Count : 0);

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
KgSetupDispatch(
    PDRIVER_OBJECT DriverObject
    )
{
    ULONG i;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KgDispatchPassThrough;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]  = KgDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = KgDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KgDispatchPower;

    DriverObject->DriverExtension->AddDevice = KgAddDevice;
    DriverObject->DriverUnload = KgUnload;
}

static
_Use_decl_annotations_
NTSTATUS
KgDuplicateString(
    PCUNICODE_STRING Source,
    PUNICODE_STRING  Destination
    )
{
    USHORT size = Source->Length + sizeof(WCHAR);

    Destination->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, size, KG_POOL_TAG);
    if (Destination->Buffer == NULL) {
        Destination->Length = 0;
        Destination->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Destination->Length = 0;
    Destination->MaximumLength = size;
    RtlCopyUnicodeString(Destination, Source);
    Destination->Buffer[Destination->Length / sizeof(WCHAR)] = UNICODE_NULL;

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
KgFreeGlobals(
    PKG_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->RemapTable != NULL) {
        KgFreeRemapTable(Globals->RemapTable);
        Globals->RemapTable = NULL;
    }

    if (Globals->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(Globals->RegistryPath.Buffer, KG_POOL_TAG);
        RtlZeroMemory(&Globals->RegistryPath, sizeof(UNICODE_STRING));
    }
}

_Use_decl_annotations_
VOID
KgUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    //
    // PnP removes every filter device before unloading a WDM filter.
    //
    NT_ASSERT(DriverObject->DeviceObject == NULL);
    NT_ASSERT(IsListEmpty(&g_Kg.DeviceList));
    UNREFERENCED_PARAMETER(DriverObject);

    KgFreeGlobals(&g_Kg);
    KgTrace("unloaded");
}

_Use_decl_annotations_
NTSTATUS
KgDispatchPassThrough(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PKG_DEVICE_EXTENSION ext = (PKG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS             status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
