/*
 * driver.c - DriverEntry, unload and the shared teardown
 *
 * Copyright (c) WfpInspect developers. MIT licensed.
 */
#include <initguid.h>
#include "wfpinspect.h"

WI_GLOBALS g_Wi;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WiUnload;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WiUnload)

/* InspectPort (REG_DWORD) directly under the service key, optional */
static USHORT WiReadInspectPort(_In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"InspectPort");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG length;
    ULONG port = WI_DEFAULT_PORT;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &length)) &&
            info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            RtlCopyMemory(&port, info->Data, sizeof(ULONG));
            if (port == 0 || port > 0xFFFF) {
                port = WI_DEFAULT_PORT;
            }
        }
        ZwClose(key);
    }
    return (USHORT)port;
}

/*
 * Reverse of DriverEntry, driven by g_Wi.Stage. Order matters:
 *   1. close the dynamic session  -> filters/callouts/sublayer leave the BFE
 *   2. wait for in-flight injections (their completions still use the handle)
 *   3. unregister the run-time callouts
 *   4. destroy the injection handle
 *   5. delete the device object the callouts were registered with
 */
static VOID WiTeardown(VOID)
{
    NTSTATUS status;

    if (g_Wi.Stage & WI_STAGE_ENGINE) {
        FwpmEngineClose(g_Wi.EngineHandle);
        g_Wi.EngineHandle = NULL;
        g_Wi.Stage &= ~WI_STAGE_ENGINE;
    }

    ExWaitForRundownProtectionRelease(&g_Wi.InjectionRundown);

    if (g_Wi.Stage & WI_STAGE_CALLOUT_V6) {
        status = FwpsCalloutUnregisterById(g_Wi.CalloutIdV6);
        if (!NT_SUCCESS(status)) {
            WI_ERROR("FwpsCalloutUnregisterById(v6) failed 0x%08X", status);
        }
        g_Wi.Stage &= ~WI_STAGE_CALLOUT_V6;
    }
    if (g_Wi.Stage & WI_STAGE_CALLOUT_V4) {
        status = FwpsCalloutUnregisterById(g_Wi.CalloutIdV4);
        if (!NT_SUCCESS(status)) {
            WI_ERROR("FwpsCalloutUnregisterById(v4) failed 0x%08X", status);
        }
        g_Wi.Stage &= ~WI_STAGE_CALLOUT_V4;
    }

    if (g_Wi.Stage & WI_STAGE_INJECTION) {
        FwpsInjectionHandleDestroy(g_Wi.InjectionHandle);
        g_Wi.InjectionHandle = NULL;
        g_Wi.Stage &= ~WI_STAGE_INJECTION;
    }

    if (g_Wi.Stage & WI_STAGE_DEVICE) {
        IoDeleteDevice(g_Wi.DeviceObject);
        g_Wi.DeviceObject = NULL;
        g_Wi.Stage &= ~WI_STAGE_DEVICE;
    }
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Wi, sizeof(g_Wi));
    ExInitializeRundownProtection(&g_Wi.InjectionRundown);
    g_Wi.InspectPort = WiReadInspectPort(RegistryPath);

    /* unnamed: it only exists because FwpsCalloutRegister needs one */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_Wi.DeviceObject);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("IoCreateDevice failed 0x%08X", status);
        goto Exit;
    }
    g_Wi.Stage |= WI_STAGE_DEVICE;

    status = FwpsInjectionHandleCreate(AF_UNSPEC, FWPS_INJECTION_TYPE_TRANSPORT, &g_Wi.InjectionHandle);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpsInjectionHandleCreate failed 0x%08X", status);
        goto Exit;
    }
    g_Wi.Stage |= WI_STAGE_INJECTION;

    /* sets WI_STAGE_CALLOUT_V4 / _V6 itself as each registration succeeds */
    status = WiRegisterCallouts(g_Wi.DeviceObject);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    /* sets WI_STAGE_ENGINE on success, leaves nothing behind on failure */
    status = WiAddEngineObjects();
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    DriverObject->DriverUnload = WiUnload;
    WI_INFO("inspecting outbound traffic to port %u", g_Wi.InspectPort);

Exit:
    if (!NT_SUCCESS(status)) {
        WiTeardown();
    }
    return status;
}

_Use_decl_annotations_
VOID WiUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    WiTeardown();

    WI_INFO("unloaded: %I64d re-injected, %I64d passed through, %I64d payload bytes seen",
            g_Wi.Reinjected, g_Wi.PassedThrough, g_Wi.PayloadBytes);
}
