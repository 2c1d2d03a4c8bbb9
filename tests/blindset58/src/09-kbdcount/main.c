/*
 * main.c - DriverEntry / unload / top-level dispatch
 */
#include "kbdcount.h"

KC_GLOBALS g_Kc;

static NTSTATUS KcReadParameters(PUNICODE_STRING RegistryPath);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, KcReadParameters)
#pragma alloc_text(PAGE, KcUnload)
#endif

static NTSTATUS
KcReadParameters(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES        oa;
    HANDLE                   svc = NULL, parms = NULL;
    UNICODE_STRING           sub = RTL_CONSTANT_STRING(L"Parameters");
    RTL_QUERY_REGISTRY_TABLE qt[2];
    ULONG                    index = 0, defIndex = 0;
    NTSTATUS                 status;

    g_Kc.KeyboardIndex = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&svc, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, svc, NULL);
    status = ZwOpenKey(&parms, KEY_READ, &oa);
    ZwClose(svc);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;          /* optional key */
    }

    RtlZeroMemory(qt, sizeof(qt));
    qt[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name          = L"KeyboardIndex";
    qt[0].EntryContext  = &index;
    qt[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData   = &defIndex;
    qt[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)parms, qt, NULL, NULL);
    ZwClose(parms);

    if (NT_SUCCESS(status) && index <= KC_MAX_INDEX) {
        g_Kc.KeyboardIndex = index;
    }
    return status;
}

NTSTATUS
KcDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->Kind == KcKindFilter) {
        return KcFilterDispatch(DeviceObject, Irp);
    }
    return KcControlDispatch(DeviceObject, Irp);
}

VOID
KcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    KC_PRINT("unload, %ld keys counted\n", g_Kc.Keys);

    KcDeleteControl();
    KcDetachFilter();
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    WCHAR          nameBuf[48];
    UNICODE_STRING target;
    ULONG          i;

    RtlZeroMemory(&g_Kc, sizeof(g_Kc));

    status = KcReadParameters(RegistryPath);
    if (!NT_SUCCESS(status)) {
        KC_ERROR("parameters 0x%08X, using KeyboardClass0\n", status);
    }

    RtlInitEmptyUnicodeString(&target, nameBuf, sizeof(nameBuf));
    status = RtlUnicodeStringPrintf(&target, KC_CLASS_FMT, g_Kc.KeyboardIndex);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KcDispatch;
    }

    status = KcCreateControl(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = KcAttachFilter(DriverObject, &target);
    if (!NT_SUCCESS(status)) {
        KcDeleteControl();
        return status;
    }

    DriverObject->DriverUnload = KcUnload;
    KC_PRINT("loaded, watching %wZ\n", &target);
    return STATUS_SUCCESS;
}
