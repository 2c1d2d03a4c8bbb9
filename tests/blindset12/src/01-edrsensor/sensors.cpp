#include "sensor.h"

namespace edr {

Counters Sensors::Stats = {};
HANDLE   Sensors::ProtectedPid = nullptr;

VOID Sensors::OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    InterlockedIncrement(&Stats.ProcessEvents);

    if (Info) {
        if (Info->ImageFileName) {
            EDR_LOG("proc+ %p parent %p %wZ", Pid, Info->ParentProcessId, Info->ImageFileName);
        }
    } else {
        EDR_LOG("proc- %p", Pid);
        if (Pid == ProtectedPid) {
            ProtectedPid = nullptr;
        }
    }
}

VOID Sensors::OnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create)
{
    InterlockedIncrement(&Stats.ThreadEvents);
    // remote thread heuristic: creator process differs from owner
    if (Create && PsGetCurrentProcessId() != Pid && PsGetCurrentProcessId() != (HANDLE)4) {
        EDR_LOG("remote thread %p in %p from %p", Tid, Pid, PsGetCurrentProcessId());
    }
}

VOID Sensors::OnImage(PUNICODE_STRING Name, HANDLE Pid, PIMAGE_INFO Info)
{
    InterlockedIncrement(&Stats.ImageEvents);
    if (Info->SystemModeImage) {
        EDR_LOG("kernel image %wZ", Name);
    } else if (Name) {
        EDR_LOG("image %wZ -> %p", Name, Pid);
    }
}

OB_PREOP_CALLBACK_STATUS Sensors::OnHandle(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Op)
{
    UNREFERENCED_PARAMETER(Ctx);
    constexpr ACCESS_MASK kDangerous = PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION;

    if (Op->KernelHandle || ProtectedPid == nullptr) {
        return OB_PREOP_SUCCESS;
    }
    auto target = PsGetProcessId(static_cast<PEPROCESS>(Op->Object));
    if (target != ProtectedPid) {
        return OB_PREOP_SUCCESS;
    }
    if (Op->Operation == OB_OPERATION_HANDLE_CREATE) {
        Op->Parameters->CreateHandleInformation.DesiredAccess &= ~kDangerous;
    } else {
        Op->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kDangerous;
    }
    InterlockedIncrement(&Stats.HandleStrips);
    return OB_PREOP_SUCCESS;
}

} // namespace edr
