#include "obguard.h"

volatile LONG g_ProtectedPid = 0;
AG_STATS      g_Stats;

static BOOLEAN AgIsProtected(HANDLE Pid)
{
    LONG protectedPid = InterlockedCompareExchange(&g_ProtectedPid, 0, 0);

    return (protectedPid != 0) && (HandleToULong(Pid) == (ULONG)protectedPid);
}

static VOID AgStrip(POB_PRE_OPERATION_INFORMATION Info, ACCESS_MASK Mask)
{
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~Mask;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~Mask;
    }
}

OB_PREOP_CALLBACK_STATUS
AgProcessPreOp(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE target;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (!AgIsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    // the game may open itself with whatever access it wants
    if (PsGetCurrentProcessId() == target) {
        return OB_PREOP_SUCCESS;
    }

    AgStrip(Info, AG_STRIP_PROCESS);
    InterlockedIncrement(&g_Stats.ProcessHandlesStripped);
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS
AgThreadPreOp(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE owner;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    owner = PsGetThreadProcessId((PETHREAD)Info->Object);
    if (!AgIsProtected(owner) || PsGetCurrentProcessId() == owner) {
        return OB_PREOP_SUCCESS;
    }

    AgStrip(Info, AG_STRIP_THREAD);
    InterlockedIncrement(&g_Stats.ThreadHandlesStripped);
    return OB_PREOP_SUCCESS;
}

VOID
AgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    // game exited: forget the pid so a recycled pid is not protected
    if (CreateInfo == NULL && AgIsProtected(ProcessId)) {
        InterlockedExchange(&g_ProtectedPid, 0);
        KdPrint(("ObGuard: protected process %lu exited\n", HandleToULong(ProcessId)));
    }
}
