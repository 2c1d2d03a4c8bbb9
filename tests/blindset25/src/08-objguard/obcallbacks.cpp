// obcallbacks.cpp - the handle stripping and the process exit hook
#include "objguard.h"

static ULONG CurrentProtectedPid(ACCESS_MASK* processStrip, ACCESS_MASK* threadStrip)
{
    LockGuard<SpinLock> lock(g_State->Lock);
    *processStrip = g_State->Config.ProcessStrip;
    *threadStrip = g_State->Config.ThreadStrip;
    return g_State->Config.ProtectedPid;
}

static void Publish()
{
    auto* view = g_State->Section.As<SharedView>();
    if (view != nullptr) {
        view->StrippedOpens = g_State->Stripped;
    }
}

static OB_PREOP_CALLBACK_STATUS PreOperation(PVOID context, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(context);

    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    ACCESS_MASK processStrip;
    ACCESS_MASK threadStrip;
    ULONG protectedPid = CurrentProtectedPid(&processStrip, &threadStrip);
    if (protectedPid == 0) {
        return OB_PREOP_SUCCESS;
    }

    ULONG targetPid;
    ACCESS_MASK strip;
    if (info->ObjectType == *PsProcessType) {
        targetPid = HandleToULong(PsGetProcessId(static_cast<PEPROCESS>(info->Object)));
        strip = processStrip;
    } else {
        targetPid = HandleToULong(PsGetThreadProcessId(static_cast<PETHREAD>(info->Object)));
        strip = threadStrip;
    }

    // the game may do whatever it wants to itself
    if (targetPid != protectedPid || HandleToULong(PsGetCurrentProcessId()) == protectedPid) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~strip;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~strip;
    }

    InterlockedIncrement(&g_State->Stripped);
    Publish();
    return OB_PREOP_SUCCESS;
}

NTSTATUS RegisterObCallbacks()
{
    OB_OPERATION_REGISTRATION ops[2] = {};
    ops[0].ObjectType = PsProcessType;
    ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreOperation;
    ops[1].ObjectType = PsThreadType;
    ops[1].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = PreOperation;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    RtlInitUnicodeString(&reg.Altitude, OBGUARD_ALTITUDE);
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = ops;

    return ObRegisterCallbacks(&reg, &g_State->ObHandle);
}

void ProcessNotify(PEPROCESS process, HANDLE processId, PPS_CREATE_NOTIFY_INFO createInfo)
{
    UNREFERENCED_PARAMETER(process);

    if (createInfo != nullptr) {
        return;     // only exits are interesting
    }

    bool wasProtected = false;
    {
        LockGuard<SpinLock> lock(g_State->Lock);
        if (g_State->Config.ProtectedPid == HandleToULong(processId)) {
            g_State->Config.ProtectedPid = 0;
            wasProtected = true;
        }
    }

    // the view is pageable, only touch it at PASSIVE_LEVEL (outside the lock)
    if (wasProtected) {
        auto* view = g_State->Section.As<SharedView>();
        if (view != nullptr) {
            view->ProtectedPid = 0;
        }
    }
}
