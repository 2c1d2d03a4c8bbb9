/*
 * driver.c - load / unload for wfpredir.sys
 *
 * Load order:
 *   1. configuration from the Parameters key (values are copied)
 *   2. unnamed device object (required by FwpsCalloutRegister)
 *   3. redirect handle
 *   4. run-time callouts (v4, optionally v6)
 *   5. dynamic BFE session
 *   6. provider / sublayer / callouts / filters in one transaction
 *
 * Everything that succeeded is recorded in Ctx->State; WrTeardown undoes
 * the recorded steps in reverse order and is shared by the failure path
 * of DriverEntry and by WrUnload.
 */

#include <initguid.h>
#include "wfpredir.h"

WR_CONTEXT g_WrContext;

static NTSTATUS WrReadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PWR_CONFIG Config);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, WrReadConfig)
#pragma alloc_text(PAGE, WrUnload)
#pragma alloc_text(PAGE, WrTeardown)
#endif

static
NTSTATUS
WrReadConfig(
    _In_ PCUNICODE_STRING RegistryPath,
    _Out_ PWR_CONFIG Config
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    UNICODE_STRING name;
    ULONG i;
    NTSTATUS status;

    struct {
        PCWSTR  Name;
        PULONG  Target;
        ULONG   Default;
    } values[4];

    ULONG matchPort, proxyPort;

    PAGED_CODE();

    values[0].Name = L"MatchRemotePort"; values[0].Target = &matchPort;              values[0].Default = 80;
    values[1].Name = L"ProxyPort";       values[1].Target = &proxyPort;              values[1].Default = 34010;
    values[2].Name = L"ProxyProcessId";  values[2].Target = &Config->ProxyProcessId; values[2].Default = 0;
    values[3].Name = L"EnableIpv6";      values[3].Target = &Config->EnableIpv6;     values[3].Default = 1;

    for (i = 0; i < RTL_NUMBER_OF(values); i++) {
        *values[i].Target = values[i].Default;
    }

    do {
        InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
        status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            break;
        }

        RtlInitUnicodeString(&name, L"Parameters");
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
        status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            break;
        }

        for (i = 0; i < RTL_NUMBER_OF(values); i++) {
            UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
            PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
            ULONG resultLength;

            RtlInitUnicodeString(&name, values[i].Name);
            if (NT_SUCCESS(ZwQueryValueKey(paramsKey, &name, KeyValuePartialInformation,
                                           info, sizeof(buffer), &resultLength)) &&
                info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
                *values[i].Target = *(UNALIGNED ULONG *)info->Data;
            }
        }
    } while (0);

    if (paramsKey != NULL) {
        ZwClose(paramsKey);
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);
    }

    if (matchPort == 0 || matchPort > 0xFFFF || proxyPort == 0 || proxyPort > 0xFFFF) {
        return STATUS_INVALID_PARAMETER;
    }

    Config->MatchRemotePort = (USHORT)matchPort;
    Config->ProxyPort = (USHORT)proxyPort;

    // a missing Parameters key just means "use defaults"
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
WrTeardown(
    PWR_CONTEXT Ctx
    )
{
    PAGED_CODE();

    //
    // Closing the dynamic session deletes the filters and callout
    // objects we added, so no new classifications reach our callouts.
    //
    if (Ctx->State & (WR_STATE_ENGINE | WR_STATE_OBJECTS)) {
        WrCloseEngine(Ctx);
        Ctx->State &= ~(WR_STATE_ENGINE | WR_STATE_OBJECTS);
    }

    if (Ctx->State & (WR_STATE_CALLOUT_V4 | WR_STATE_CALLOUT_V6)) {
        WrUnregisterCallouts(Ctx);      // clears the two callout bits
    }

    if (Ctx->State & WR_STATE_REDIRECT_HANDLE) {
        FwpsRedirectHandleDestroy(Ctx->RedirectHandle);
        Ctx->RedirectHandle = NULL;
        Ctx->State &= ~WR_STATE_REDIRECT_HANDLE;
    }

    if (Ctx->State & WR_STATE_DEVICE) {
        IoDeleteDevice(Ctx->DeviceObject);
        Ctx->DeviceObject = NULL;
        Ctx->State &= ~WR_STATE_DEVICE;
    }

    NT_ASSERT(Ctx->State == 0);
}

_Use_decl_annotations_
VOID
WrUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    WR_TRACE("unloading, %lld connections redirected", g_WrContext.Redirected);
    WrTeardown(&g_WrContext);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    PWR_CONTEXT ctx = &g_WrContext;
    NTSTATUS status;

    RtlZeroMemory(ctx, sizeof(*ctx));

    do {
        status = WrReadConfig(RegistryPath, &ctx->Config);
        WR_BREAK_ON_FAIL(status, "WrReadConfig");

        status = IoCreateDevice(DriverObject,
                                0,
                                NULL,
                                FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN,
                                FALSE,
                                &ctx->DeviceObject);
        WR_BREAK_ON_FAIL(status, "IoCreateDevice");
        ctx->State |= WR_STATE_DEVICE;

        status = FwpsRedirectHandleCreate(&WFPREDIR_PROVIDER_KEY, 0, &ctx->RedirectHandle);
        WR_BREAK_ON_FAIL(status, "FwpsRedirectHandleCreate");
        ctx->State |= WR_STATE_REDIRECT_HANDLE;

        status = WrRegisterCallouts(ctx);           // sets the callout bits itself
        WR_BREAK_ON_FAIL(status, "WrRegisterCallouts");

        status = WrOpenEngine(ctx);
        WR_BREAK_ON_FAIL(status, "WrOpenEngine");
        ctx->State |= WR_STATE_ENGINE;

        status = WrAddFilterObjects(ctx);
        WR_BREAK_ON_FAIL(status, "WrAddFilterObjects");
        ctx->State |= WR_STATE_OBJECTS;

    } while (0);

    if (!NT_SUCCESS(status)) {
        WrTeardown(ctx);
        return status;
    }

    DriverObject->DriverUnload = WrUnload;

    WR_TRACE("redirecting remote port %u to local port %u (pid %lu)",
             ctx->Config.MatchRemotePort, ctx->Config.ProxyPort, ctx->Config.ProxyProcessId);

    return STATUS_SUCCESS;
}
