// power.c - \Callback\PowerState registration; lets the driver refuse new
// sample requests while the system is on its way into a sleep state.

#include "vsensor.h"

static CALLBACK_FUNCTION VsPowerStateCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VsRegisterPowerStateCallback)
#pragma alloc_text(PAGE, VsUnregisterPowerStateCallback)
#endif

static
VOID
VsPowerStateCallback(
    _In_opt_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    PVS_DRIVER_CONTEXT ctx = (PVS_DRIVER_CONTEXT)CallbackContext;

    if (ctx == NULL || (ULONG_PTR)Argument1 != PO_CB_SYSTEM_STATE_LOCK) {
        return;
    }

    //
    // Argument2 == 0: system is about to leave S0; 1: back in S0.
    //
    InterlockedExchange(&ctx->SystemSleeping, (Argument2 == (PVOID)0) ? 1 : 0);
}

NTSTATUS
VsRegisterPowerStateCallback(
    _Inout_ PVS_DRIVER_CONTEXT Ctx
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");

    PAGED_CODE();

    NT_ASSERT((Ctx->InitFlags & (VS_INIT_POWER_CB_OBJECT | VS_INIT_POWER_CB_REGISTERED)) == 0);

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ExCreateCallback(&Ctx->PowerCallbackObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        Ctx->PowerCallbackObject = NULL;
        return status;
    }
    SetFlag(Ctx->InitFlags, VS_INIT_POWER_CB_OBJECT);

    Ctx->PowerCallbackHandle = ExRegisterCallback(Ctx->PowerCallbackObject,
                                                  VsPowerStateCallback,
                                                  Ctx);
    if (Ctx->PowerCallbackHandle == NULL) {
        VsUnregisterPowerStateCallback(Ctx);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    SetFlag(Ctx->InitFlags, VS_INIT_POWER_CB_REGISTERED);

    return STATUS_SUCCESS;
}

VOID
VsUnregisterPowerStateCallback(
    _Inout_ PVS_DRIVER_CONTEXT Ctx
    )
{
    PAGED_CODE();

    if (FlagOn(Ctx->InitFlags, VS_INIT_POWER_CB_REGISTERED)) {
        ExUnregisterCallback(Ctx->PowerCallbackHandle);
        Ctx->PowerCallbackHandle = NULL;
        ClearFlag(Ctx->InitFlags, VS_INIT_POWER_CB_REGISTERED);
    }

    if (FlagOn(Ctx->InitFlags, VS_INIT_POWER_CB_OBJECT)) {
        ObDereferenceObject(Ctx->PowerCallbackObject);
        Ctx->PowerCallbackObject = NULL;
        ClearFlag(Ctx->InitFlags, VS_INIT_POWER_CB_OBJECT);
    }
}
