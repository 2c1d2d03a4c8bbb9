#include "mousetrap.h"

namespace mt {

static
VOID
PowerStateCallback(
    _In_opt_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    UNREFERENCED_PARAMETER(CallbackContext);

    //
    // Argument1 == PO_CB_SYSTEM_STATE_LOCK, Argument2 == 0 means we are about
    // to leave S0.
    //
    if (Argument1 == (PVOID)PO_CB_SYSTEM_STATE_LOCK && Argument2 == (PVOID)0) {
        if (InterlockedExchange(&g.Locked, 0) != 0) {
            MTDBG("sleep: trap released");
        }
    }
}

NTSTATUS
RegisterPowerCallback()
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    status = ExCreateCallback(&g.PowerObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g.PowerRegistration = ExRegisterCallback(g.PowerObject, PowerStateCallback, nullptr);
    if (g.PowerRegistration == nullptr) {
        ObDereferenceObject(g.PowerObject);
        g.PowerObject = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

void
UnregisterPowerCallback()
{
    if (g.PowerRegistration != nullptr) {
        ExUnregisterCallback(g.PowerRegistration);
        g.PowerRegistration = nullptr;
    }
    if (g.PowerObject != nullptr) {
        ObDereferenceObject(g.PowerObject);
        g.PowerObject = nullptr;
    }
}

} // namespace mt
