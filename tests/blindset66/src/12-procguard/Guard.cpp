#include "Guard.hpp"

namespace pg
{
    PVOID           Guard::s_ObHandle         = nullptr;
    bool            Guard::s_NotifyRegistered = false;
    UNICODE_STRING  Guard::s_Image            = {};
    HANDLE volatile Guard::s_ProtectedPid     = nullptr;

    void Guard::Initialize(_In_ const UNICODE_STRING& Image)
    {
        s_Image = Image;
        InterlockedExchangePointer(reinterpret_cast<PVOID volatile*>(&s_ProtectedPid), nullptr);
        PG_TRACE("protecting %wZ", &s_Image);
    }

    bool Guard::MatchesImage(_In_opt_ PCUNICODE_STRING Name)
    {
        if (!Name || !Name->Buffer || Name->Length < s_Image.Length) {
            return false;
        }
        UNICODE_STRING tail;
        tail.Buffer = reinterpret_cast<PWCH>(reinterpret_cast<PUCHAR>(Name->Buffer) +
                                             Name->Length - s_Image.Length);
        tail.Length = tail.MaximumLength = s_Image.Length;
        return RtlEqualUnicodeString(&tail, &s_Image, TRUE) != FALSE;
    }

    void Guard::OnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                          _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
    {
        UNREFERENCED_PARAMETER(Process);
        auto slot = reinterpret_cast<PVOID volatile*>(&s_ProtectedPid);

        if (CreateInfo) {
            if (MatchesImage(CreateInfo->ImageFileName) &&
                InterlockedCompareExchangePointer(slot, ProcessId, nullptr) == nullptr) {
                PG_TRACE("now protecting pid %p", ProcessId);
            }
        } else if (InterlockedCompareExchangePointer(slot, nullptr, ProcessId) == ProcessId) {
            PG_TRACE("protected pid %p exited", ProcessId);
        }
    }

    OB_PREOP_CALLBACK_STATUS Guard::PreProcessHandle(_In_ PVOID Context,
                                                     _Inout_ POB_PRE_OPERATION_INFORMATION Info)
    {
        UNREFERENCED_PARAMETER(Context);

        if (Info->KernelHandle || Info->ObjectType != *PsProcessType) {
            return OB_PREOP_SUCCESS;
        }

        auto target = static_cast<PEPROCESS>(Info->Object);
        auto pid = s_ProtectedPid;
        if (pid == nullptr || PsGetProcessId(target) != pid || target == PsGetCurrentProcess()) {
            return OB_PREOP_SUCCESS;
        }

        if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
            Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrippedAccess;
        } else if (Info->Operation == OB_OPERATION_HANDLE_DUPLICATE) {
            Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrippedAccess;
        }
        return OB_PREOP_SUCCESS;
    }

    NTSTATUS Guard::Register()
    {
        OB_OPERATION_REGISTRATION op = {};
        op.ObjectType   = PsProcessType;
        op.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
        op.PreOperation = PreProcessHandle;

        OB_CALLBACK_REGISTRATION reg = {};
        reg.Version                    = OB_FLT_REGISTRATION_VERSION;
        reg.OperationRegistrationCount = 1;
        reg.RegistrationContext        = nullptr;
        reg.OperationRegistration      = &op;
        RtlInitUnicodeString(&reg.Altitude, PG_ALTITUDE);

        auto status = ObRegisterCallbacks(&reg, &s_ObHandle);
        if (!NT_SUCCESS(status)) {
            PG_FAIL("ObRegisterCallbacks 0x%X", status);
            s_ObHandle = nullptr;
            return status;
        }

        status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
        if (!NT_SUCCESS(status)) {
            PG_FAIL("PsSetCreateProcessNotifyRoutineEx 0x%X", status);
            ObUnRegisterCallbacks(s_ObHandle);
            s_ObHandle = nullptr;
            return status;
        }
        s_NotifyRegistered = true;

        return STATUS_SUCCESS;
    }

    void Guard::Unregister()
    {
        // stop learning new pids first, then stop filtering handles
        if (s_NotifyRegistered) {
            PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
            s_NotifyRegistered = false;
        }
        if (s_ObHandle) {
            ObUnRegisterCallbacks(s_ObHandle);
            s_ObHandle = nullptr;
        }
    }

    void Guard::Cleanup()
    {
        FreeString(&s_Image);
        s_ProtectedPid = nullptr;
    }
}
