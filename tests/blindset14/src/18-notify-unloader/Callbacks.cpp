// Callbacks.cpp
#include "Notify.h"

namespace nu {

Slot g_Slots[kCount];
volatile LONG64 g_Hits[kCount];
ULONG g_Active;

// both strings must outlive the registrations: keep them static
static UNICODE_STRING g_RegistryAltitude = RTL_CONSTANT_STRING(L"385100");
static UNICODE_STRING g_ObjectAltitude = RTL_CONSTANT_STRING(L"385100.2");

// ---------------------------------------------------------------------------
// callbacks
// ---------------------------------------------------------------------------
void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    UNREFERENCED_PARAMETER(process);
    UNREFERENCED_PARAMETER(pid);
    UNREFERENCED_PARAMETER(info);
    InterlockedIncrement64(&g_Hits[Index(Reg::Process)]);
}

void OnThread(HANDLE pid, HANDLE tid, BOOLEAN create)
{
    UNREFERENCED_PARAMETER(pid);
    UNREFERENCED_PARAMETER(tid);
    UNREFERENCED_PARAMETER(create);
    InterlockedIncrement64(&g_Hits[Index(Reg::Thread)]);
}

void OnImage(PUNICODE_STRING name, HANDLE pid, PIMAGE_INFO info)
{
    UNREFERENCED_PARAMETER(name);
    UNREFERENCED_PARAMETER(pid);
    UNREFERENCED_PARAMETER(info);
    InterlockedIncrement64(&g_Hits[Index(Reg::Image)]);
}

NTSTATUS OnRegistry(PVOID context, PVOID arg1, PVOID arg2)
{
    UNREFERENCED_PARAMETER(arg1);
    UNREFERENCED_PARAMETER(arg2);
    InterlockedIncrement64(static_cast<volatile LONG64*>(context));
    return STATUS_SUCCESS;
}

static OB_PREOP_CALLBACK_STATUS OnObjectPre(PVOID context, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(info);
    InterlockedIncrement64(static_cast<volatile LONG64*>(context));
    return OB_PREOP_SUCCESS;
}

NTSTATUS RegisterObjectCallbacks()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = &OnObjectPre;

    // the structures are copied by ObRegisterCallbacks; the context is global
    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.Altitude = g_ObjectAltitude;
    reg.RegistrationContext = const_cast<LONG64*>(&g_Hits[Index(Reg::Object)]);
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &g_Slots[Index(Reg::Object)].Handle);
}

PCUNICODE_STRING RegistryAltitude()
{
    return &g_RegistryAltitude;
}

// ---------------------------------------------------------------------------
// deleters
// ---------------------------------------------------------------------------
void Unregister<Reg::Process>::Undo()  { PsSetCreateProcessNotifyRoutineEx(&OnProcess, TRUE); }
void Unregister<Reg::Thread>::Undo()   { PsRemoveCreateThreadNotifyRoutine(&OnThread); }
void Unregister<Reg::Image>::Undo()    { PsRemoveLoadImageNotifyRoutine(&OnImage); }
void Unregister<Reg::Registry>::Undo() { CmUnRegisterCallback(g_Slots[Index(Reg::Registry)].Cookie); }

void Unregister<Reg::Object>::Undo()
{
    ObUnRegisterCallbacks(g_Slots[Index(Reg::Object)].Handle);
    g_Slots[Index(Reg::Object)].Handle = nullptr;
}

using UndoFn = void (*)();

// same order as enum Reg
static const UndoFn kUndo[kCount] = {
    &Unregister<Reg::Process>::Undo,
    &Unregister<Reg::Thread>::Undo,
    &Unregister<Reg::Image>::Undo,
    &Unregister<Reg::Registry>::Undo,
    &Unregister<Reg::Object>::Undo,
};

void Cleanup(ULONG mask)
{
    for (ULONG i = kCount; i-- > 0;) {
        if (mask & (1u << i)) {
            kUndo[i]();
        }
    }
}

} // namespace nu
