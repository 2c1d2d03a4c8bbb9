/**************************************************************************
 *
 *  entry.c - DriverEntry, driver-wide globals, and the unload chain.
 *
 *  Copyright (c) vstor authors. Distributed under the MIT license.
 *
 **************************************************************************/

#include "vstor.h"

PVS_DRIVER_GLOBALS g_VsGlobals;

static DRIVER_UNLOAD VsDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VsDriverUnload)
#endif

static NTSTATUS
VsReadUlong(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Inout_ PULONG Value
    )
{
    UNICODE_STRING name;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&name, Name);
    status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, info, sizeof(buffer), &length);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;          /* keep default */
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

static NTSTATUS
VsReadParameters(
    _In_ PCUNICODE_STRING RegistryPath,
    _Out_ PVS_PARAMETERS Params
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS status;
    ULONG readOnly = 0, zero = 1;

    Params->LunCount = 1;
    Params->DiskSizeMB = VS_DEFAULT_SIZE_MB;
    Params->ReadOnly = FALSE;
    Params->ZeroOnAttach = TRUE;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    VS_CHECK(ZwOpenKey(&key, KEY_READ, &oa));

    status = VsReadUlong(key, L"LunCount", &Params->LunCount);
    if (NT_SUCCESS(status)) {
        status = VsReadUlong(key, L"DiskSizeMB", &Params->DiskSizeMB);
    }
    if (NT_SUCCESS(status)) {
        status = VsReadUlong(key, L"ReadOnly", &readOnly);
    }
    if (NT_SUCCESS(status)) {
        status = VsReadUlong(key, L"ZeroOnAttach", &zero);
    }
    ZwClose(key);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (Params->LunCount == 0 || Params->LunCount > VS_MAX_LUNS) {
        Params->LunCount = 1;
    }
    if (Params->DiskSizeMB == 0 || Params->DiskSizeMB > VS_MAX_SIZE_MB) {
        Params->DiskSizeMB = VS_DEFAULT_SIZE_MB;
    }
    Params->ReadOnly = (BOOLEAN)(readOnly != 0);
    Params->ZeroOnAttach = (BOOLEAN)(zero != 0);
    return STATUS_SUCCESS;
}

static VOID
VsGlobalsDestroy(
    _In_opt_ _Post_invalid_ PVS_DRIVER_GLOBALS Globals
    )
{
    if (Globals == NULL) {
        return;
    }

    NT_ASSERT(IsListEmpty(&Globals->AdapterList));

    if (Globals->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(Globals->RegistryPath.Buffer, VS_TAG_REGPATH);
    }
    ExFreePoolWithTag(Globals, VS_TAG_GLOBALS);
}

static NTSTATUS
VsGlobalsCreate(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath,
    _Outptr_ PVS_DRIVER_GLOBALS *Globals
    )
{
    PVS_DRIVER_GLOBALS g;
    NTSTATUS status;

    *Globals = NULL;

    g = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*g), VS_TAG_GLOBALS);
    if (g == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g->DriverObject = DriverObject;
    KeInitializeSpinLock(&g->AdapterListLock);
    InitializeListHead(&g->AdapterList);

    g->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    g->RegistryPath.Buffer = ExAllocatePoolZero(PagedPool, g->RegistryPath.MaximumLength, VS_TAG_REGPATH);
    if (g->RegistryPath.Buffer == NULL) {
        VsGlobalsDestroy(g);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g->RegistryPath, RegistryPath);

    status = VsReadParameters(&g->RegistryPath, &g->Params);
    if (!NT_SUCCESS(status)) {
        VsGlobalsDestroy(g);
        return status;
    }

    *Globals = g;
    return STATUS_SUCCESS;
}

static VOID
VsFillInitData(
    _Out_ PVIRTUAL_HW_INITIALIZATION_DATA HwInitData
    )
{
    RtlZeroMemory(HwInitData, sizeof(*HwInitData));

    HwInitData->HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);

    HwInitData->HwInitialize            = VsHwInitialize;
    HwInitData->HwStartIo               = VsHwStartIo;
    HwInitData->HwFindAdapter           = VsHwFindAdapter;
    HwInitData->HwResetBus              = VsHwResetBus;
    HwInitData->HwAdapterControl        = VsHwAdapterControl;
    HwInitData->HwFreeAdapterResources  = VsHwFreeAdapterResources;
    HwInitData->HwProcessServiceRequest = VsHwProcessServiceRequest;
    HwInitData->HwCompleteServiceIrp    = VsHwCompleteServiceIrp;

    HwInitData->AdapterInterfaceType    = Internal;
    HwInitData->DeviceExtensionSize     = sizeof(VS_ADAPTER);
    HwInitData->SpecificLuExtensionSize = sizeof(VS_LU_EXTENSION);
    HwInitData->SrbExtensionSize        = 0;

    HwInitData->TaggedQueuing           = TRUE;
    HwInitData->AutoRequestSense        = TRUE;
    HwInitData->MultipleRequestPerLu    = TRUE;
    HwInitData->PortVersionFlags        = 0;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    VIRTUAL_HW_INITIALIZATION_DATA hwInitData;

    VsDbg(DPFLTR_INFO_LEVEL, "built %s %s", __DATE__, __TIME__);

    status = VsGlobalsCreate(DriverObject, RegistryPath, &g_VsGlobals);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    VsFillInitData(&hwInitData);

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInitData,
                                g_VsGlobals);
    if (!NT_SUCCESS(status)) {
        VsDbg(DPFLTR_ERROR_LEVEL, "StorPortInitialize 0x%08x", status);
        VsGlobalsDestroy(g_VsGlobals);
        g_VsGlobals = NULL;
        return status;
    }

    /*
     * Storport installs its own DriverUnload; chain ours in front so the
     * globals outlive every adapter.
     */
    g_VsGlobals->StorPortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VsDriverUnload;

    return status;
}

_Use_decl_annotations_
static VOID
VsDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PVS_DRIVER_GLOBALS g = g_VsGlobals;

    PAGED_CODE();

    if (g->StorPortUnload != NULL) {
        g->StorPortUnload(DriverObject);
    }

    g_VsGlobals = NULL;
    VsGlobalsDestroy(g);
}
