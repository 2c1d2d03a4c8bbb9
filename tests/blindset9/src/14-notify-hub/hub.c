#include "hub.h"

NH_STATE g_Hub;

/* kept for the lifetime of the registration */
static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(NH_ALTITUDE);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NhUnload;

/* undoes exactly what the flags say is registered; used by unload and by a failed DriverEntry */
static VOID
NhTeardown(
    _Inout_ PNH_STATE Hub
    )
{
    if (Hub->Flags & NH_F_REGISTRY) {
        CmUnRegisterCallback(Hub->RegistryCookie);
        Hub->Flags &= ~NH_F_REGISTRY;
    }

    if (Hub->Flags & NH_F_IMAGE) {
        PsRemoveLoadImageNotifyRoutine(NhOnImage);
        Hub->Flags &= ~NH_F_IMAGE;
    }

    if (Hub->Flags & NH_F_THREAD) {
        PsRemoveCreateThreadNotifyRoutine(NhOnThread);
        Hub->Flags &= ~NH_F_THREAD;
    }

    if (Hub->Flags & NH_F_PROCESS_EX) {
        PsSetCreateProcessNotifyRoutineEx(NhOnProcessEx, TRUE);
        Hub->Flags &= ~NH_F_PROCESS_EX;
    }

    if (Hub->Flags & NH_F_PROCESS_LEGACY) {
        PsSetCreateProcessNotifyRoutine(NhOnProcessLegacy, TRUE);
        Hub->Flags &= ~NH_F_PROCESS_LEGACY;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Hub, sizeof(g_Hub));

    status = PsSetCreateProcessNotifyRoutineEx(NhOnProcessEx, FALSE);
    if (NT_SUCCESS(status)) {
        g_Hub.Flags |= NH_F_PROCESS_EX;
    } else if (status == STATUS_ACCESS_DENIED) {
        /* image not linked with /INTEGRITYCHECK, use the old style callback */
        NH_LOG("Ex process notify denied, falling back");
        status = PsSetCreateProcessNotifyRoutine(NhOnProcessLegacy, FALSE);
        if (NT_SUCCESS(status)) {
            g_Hub.Flags |= NH_F_PROCESS_LEGACY;
        }
    }
    if (!NT_SUCCESS(status)) {
        NH_LOG("process notify: 0x%08X", status);
        goto Fail;
    }

    status = PsSetCreateThreadNotifyRoutine(NhOnThread);
    if (!NT_SUCCESS(status)) {
        NH_LOG("thread notify: 0x%08X", status);
        goto Fail;
    }
    g_Hub.Flags |= NH_F_THREAD;

    /* the image notify table is small and shared; running without it is fine */
    if (NT_SUCCESS(PsSetLoadImageNotifyRoutine(NhOnImage))) {
        g_Hub.Flags |= NH_F_IMAGE;
    } else {
        NH_LOG("image notify not available, continuing");
    }

    status = CmRegisterCallbackEx(NhOnRegistry, &g_Altitude, DriverObject, &g_Hub,
                                  &g_Hub.RegistryCookie, NULL);
    if (!NT_SUCCESS(status)) {
        NH_LOG("registry callback: 0x%08X", status);
        goto Fail;
    }
    g_Hub.Flags |= NH_F_REGISTRY;

    DriverObject->DriverUnload = NhUnload;
    NH_LOG("up, flags 0x%lx", g_Hub.Flags);
    return STATUS_SUCCESS;

Fail:
    NhTeardown(&g_Hub);
    return status;
}

VOID
NhUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);

    NhTeardown(&g_Hub);

    for (i = 0; i < NhCounterMax; i++) {
        NH_LOG("counter %lu = %ld", i, g_Hub.Counters[i]);
    }
}
