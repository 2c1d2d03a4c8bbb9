#include "Callbacks.h"

#define AC_STRIP_PROCESS_ACCESS (0x0001 /*TERMINATE*/ | 0x0002 /*CREATE_THREAD*/ | 0x0008 /*VM_OPERATION*/ | \
                                 0x0010 /*VM_READ*/   | 0x0020 /*VM_WRITE*/)

const Callbacks::Registration Callbacks::s_Table[] = {
    { "object",   &Callbacks::RegisterObject,   &Callbacks::UnregisterObject   },
    { "registry", &Callbacks::RegisterRegistry, &Callbacks::UnregisterRegistry },
    { "process",  &Callbacks::RegisterProcess,  &Callbacks::UnregisterProcess  },
    { "thread",   &Callbacks::RegisterThread,   &Callbacks::UnregisterThread   },
    { "image",    &Callbacks::RegisterImage,    &Callbacks::UnregisterImage    },
};

ULONG           Callbacks::s_Registered;
PVOID           Callbacks::s_ObHandle;
LARGE_INTEGER   Callbacks::s_CmCookie;
HANDLE volatile Callbacks::s_ProtectedPid;

NTSTATUS Callbacks::RegisterAll(_In_ PDRIVER_OBJECT DriverObject)
{
    NT_ASSERT(s_Registered == 0);

    for (const auto& entry : s_Table) {
        NTSTATUS status = entry.Register(DriverObject);
        if (!NT_SUCCESS(status)) {
            AC_ERR("%s registration failed 0x%08X, rolling back %lu", entry.Name, status, s_Registered);
            UnregisterAll();
            return status;
        }
        s_Registered++;
    }
    return STATUS_SUCCESS;
}

void Callbacks::UnregisterAll()
{
    while (s_Registered > 0) {
        s_Registered--;
        s_Table[s_Registered].Unregister();
    }
}

void Callbacks::SetProtectedProcess(_In_opt_ HANDLE Pid)
{ InterlockedExchangePointer(reinterpret_cast<PVOID volatile*>(&s_ProtectedPid), Pid); }

// ---------------------------------------------------------------- object

NTSTATUS Callbacks::RegisterObject(_In_ PDRIVER_OBJECT)
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = &Callbacks::OnPreProcessHandle;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"328510.7");
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &s_ObHandle);
}

void Callbacks::UnregisterObject()   { ObUnRegisterCallbacks(s_ObHandle); s_ObHandle = nullptr; }

OB_PREOP_CALLBACK_STATUS Callbacks::OnPreProcessHandle(_In_ PVOID, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE protectedPid = s_ProtectedPid;
    if (Info->KernelHandle || protectedPid == nullptr) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE target = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
    HANDLE caller = PsGetCurrentProcessId();
    if (target != protectedPid || caller == protectedPid) {
        return OB_PREOP_SUCCESS;
    }

    PACCESS_MASK access = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
        ? &Info->Parameters->CreateHandleInformation.DesiredAccess
        : &Info->Parameters->DuplicateHandleInformation.DesiredAccess;

    if (*access & AC_STRIP_PROCESS_ACCESS) {
        *access &= ~AC_STRIP_PROCESS_ACCESS;
        g_Events.Push(AcEventKind::HandleStripped, caller, target, nullptr);
    }
    return OB_PREOP_SUCCESS;
}

// -------------------------------------------------------------- registry

NTSTATUS Callbacks::RegisterRegistry(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"328510.8");
    return CmRegisterCallbackEx(&Callbacks::OnRegistry, &altitude, DriverObject, nullptr, &s_CmCookie, nullptr);
}

void Callbacks::UnregisterRegistry() { CmUnRegisterCallback(s_CmCookie); }

NTSTATUS Callbacks::OnRegistry(_In_ PVOID, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    auto kind = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));
    HANDLE protectedPid = s_ProtectedPid;

    if (kind != RegNtPreSetValueKey || Argument2 == nullptr || protectedPid == nullptr) {
        return STATUS_SUCCESS;
    }
    if (PsGetCurrentProcessId() != protectedPid) {
        return STATUS_SUCCESS;
    }

    auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);
    g_Events.Push(AcEventKind::RegistryWrite, protectedPid, nullptr, info->ValueName);
    return STATUS_SUCCESS;
}

// --------------------------------------------------------------- process

NTSTATUS Callbacks::RegisterProcess(_In_ PDRIVER_OBJECT) { return PsSetCreateProcessNotifyRoutineEx(&Callbacks::OnProcess, FALSE); }
void     Callbacks::UnregisterProcess()                { PsSetCreateProcessNotifyRoutineEx(&Callbacks::OnProcess, TRUE); }

void Callbacks::OnProcess(_Inout_ PEPROCESS, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    if (CreateInfo != nullptr) {
        g_Events.Push(AcEventKind::ProcessCreate, CreateInfo->ParentProcessId, ProcessId,
                      CreateInfo->ImageFileName);
        return;
    }

    // protected game exited: stop protecting a pid that may be reused
    InterlockedCompareExchangePointer(reinterpret_cast<PVOID volatile*>(&s_ProtectedPid), nullptr, ProcessId);
    g_Events.Push(AcEventKind::ProcessExit, ProcessId, nullptr, nullptr);
}

// ---------------------------------------------------------------- thread

NTSTATUS Callbacks::RegisterThread(_In_ PDRIVER_OBJECT)
{ return PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifyNonSystem, reinterpret_cast<PVOID>(&Callbacks::OnThread)); }

void Callbacks::UnregisterThread() { PsRemoveCreateThreadNotifyRoutine(&Callbacks::OnThread); }

void Callbacks::OnThread(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create)
{
    HANDLE protectedPid = s_ProtectedPid;
    if (!Create || protectedPid == nullptr || ProcessId != protectedPid) {
        return;
    }
    HANDLE creator = PsGetCurrentProcessId();
    if (creator != ProcessId) {
        g_Events.Push(AcEventKind::RemoteThread, creator, ThreadId, nullptr);
    }
}

// ----------------------------------------------------------------- image

NTSTATUS Callbacks::RegisterImage(_In_ PDRIVER_OBJECT)
{ return PsSetLoadImageNotifyRoutineEx(&Callbacks::OnImage, PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE); }

void Callbacks::UnregisterImage() { PsRemoveLoadImageNotifyRoutine(&Callbacks::OnImage); }

void Callbacks::OnImage(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    HANDLE protectedPid = s_ProtectedPid;
    if (protectedPid == nullptr || ProcessId != protectedPid || ImageInfo->SystemModeImage) {
        return;
    }
    g_Events.Push(AcEventKind::ImageLoad, ProcessId, nullptr, FullImageName);
}
