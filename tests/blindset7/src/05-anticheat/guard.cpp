// guard.cpp - ObRegisterCallbacks + thread notify for the protected game process
//
// Idea (from a forum thread about how commercial anti-cheats start out):
// strip VM read/write and terminate rights from handles other processes open
// to the game, and count threads that get created in the game by someone else.

#include "guard.hpp"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE     (0x0001)
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE      (0x0001)
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION  (0x0008)
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ       (0x0010)
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE      (0x0020)
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME (0x0002)
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT    (0x0010)
#endif

namespace ac {

State* g_State = nullptr;

namespace {

constexpr ACCESS_MASK kProcessDenied =
    PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE;
constexpr ACCESS_MASK kThreadDenied =
    THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;

// Registration blocks live for the whole life of the driver.
OB_OPERATION_REGISTRATION g_Operations[2];
OB_CALLBACK_REGISTRATION  g_Registration;
UNICODE_STRING            g_Altitude = RTL_CONSTANT_STRING(L"321400.5");

OB_PREOP_CALLBACK_STATUS PreOpenHandle(PVOID RegistrationContext,
                                       POB_PRE_OPERATION_INFORMATION Info)
{
    auto state = static_cast<State*>(RegistrationContext);
    const auto protectedPid = state->ProtectedPid;

    if (protectedPid == 0 || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE targetPid;
    ACCESS_MASK denied;
    if (Info->ObjectType == *PsProcessType) {
        targetPid = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
        denied = kProcessDenied;
    } else {
        targetPid = PsGetThreadProcessId(static_cast<PETHREAD>(Info->Object));
        denied = kThreadDenied;
    }

    if (HandleToLong(targetPid) != protectedPid ||
        PsGetCurrentProcessId() == targetPid) {
        return OB_PREOP_SUCCESS;
    }

    auto& access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                       ? Info->Parameters->CreateHandleInformation.DesiredAccess
                       : Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    if (access & denied) {
        access &= ~denied;
        InterlockedIncrement(&state->StrippedHandles);
    }
    return OB_PREOP_SUCCESS;
}

} // anonymous namespace

NTSTATUS RegisterObjectCallbacks(State* state)
{
    RtlZeroMemory(g_Operations, sizeof(g_Operations));

    g_Operations[0].ObjectType = PsProcessType;
    g_Operations[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    g_Operations[0].PreOperation = PreOpenHandle;

    g_Operations[1].ObjectType = PsThreadType;
    g_Operations[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    g_Operations[1].PreOperation = PreOpenHandle;

    g_Registration.Version = OB_FLT_REGISTRATION_VERSION;
    g_Registration.OperationRegistrationCount = ARRAYSIZE(g_Operations);
    g_Registration.Altitude = g_Altitude;
    g_Registration.RegistrationContext = state;
    g_Registration.OperationRegistration = g_Operations;

    return ObRegisterCallbacks(&g_Registration, &state->ObRegistration);
}

void UnregisterObjectCallbacks(State* state)
{
    if (state->ObRegistration != nullptr) {
        ObUnRegisterCallbacks(state->ObRegistration);
        state->ObRegistration = nullptr;
    }
}

void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ThreadId);

    auto state = g_State;
    if (!Create || state == nullptr || state->ProtectedPid == 0) {
        return;
    }
    // Runs in the context of the creating thread.
    if (HandleToLong(ProcessId) == state->ProtectedPid &&
        PsGetCurrentProcessId() != ProcessId) {
        InterlockedIncrement(&state->RemoteThreads);
        KdPrint(("AcGuard: remote thread into %u from %u\n",
                 HandleToULong(ProcessId), HandleToULong(PsGetCurrentProcessId())));
    }
}

} // namespace ac
