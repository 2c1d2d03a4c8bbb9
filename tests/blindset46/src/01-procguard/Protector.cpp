#include "Protector.h"

Globals g_Globals;

//
// strip PROCESS_TERMINATE from handles opened to a protected process
//
OB_PREOP_CALLBACK_STATUS OnPreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto process = (PEPROCESS)Info->Object;
    auto pid = HandleToULong(PsGetProcessId(process));

    // allow the process to open itself
    if (pid == HandleToULong(PsGetCurrentProcessId()))
        return OB_PREOP_SUCCESS;

    AutoLock<FastMutex> lock(g_Globals.Lock);
    if (!g_Globals.Pids.Contains(pid))
        return OB_PREOP_SUCCESS;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        if (Info->Parameters->CreateHandleInformation.OriginalDesiredAccess & PROCESS_TERMINATE) {
            Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
            InterlockedIncrement(&g_Globals.DeniedOpens);
        }
    }
    else {
        if (Info->Parameters->DuplicateHandleInformation.OriginalDesiredAccess & PROCESS_TERMINATE) {
            Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE;
            InterlockedIncrement(&g_Globals.DeniedOpens);
        }
    }

    return OB_PREOP_SUCCESS;
}

//
// when a protected process goes away, drop its PID so a new process
// that gets the same PID is not protected by accident
//
void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr)
        return;     // only exits are interesting

    AutoLock<FastMutex> lock(g_Globals.Lock);
    if (g_Globals.Pids.Remove(HandleToULong(ProcessId)))
        KdPrint((DRIVER_PREFIX "protected process %u exited\n", HandleToULong(ProcessId)));
}

bool ProtectPid(ULONG pid)
{
    AutoLock<FastMutex> lock(g_Globals.Lock);
    return g_Globals.Pids.Add(pid);
}

bool UnprotectPid(ULONG pid)
{
    AutoLock<FastMutex> lock(g_Globals.Lock);
    return g_Globals.Pids.Remove(pid);
}

void ClearProtected()
{
    AutoLock<FastMutex> lock(g_Globals.Lock);
    g_Globals.Pids.Clear();
}

ULONG ProtectedCount()
{
    AutoLock<FastMutex> lock(g_Globals.Lock);
    return g_Globals.Pids.Count();
}
