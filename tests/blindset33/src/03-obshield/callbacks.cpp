// callbacks.cpp - object manager pre-operation callback and image-load
// notification.
#include "shield.h"

namespace shield {

namespace {

bool IsProtected(PEPROCESS process)
{
    LONG pid = g.ProtectedPid;
    return pid != 0 && HandleToLong(PsGetProcessId(process)) == pid;
}

OB_PREOP_CALLBACK_STATUS
PreProcessHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto target = static_cast<PEPROCESS>(Info->Object);
    if (!IsProtected(target) || target == PsGetCurrentProcess()) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        auto& access = Info->Parameters->CreateHandleInformation.DesiredAccess;
        if (access & SHIELD_STRIP_MASK) {
            access &= ~SHIELD_STRIP_MASK;
            InterlockedIncrement(&g.StrippedHandles);
        }
    } else if (Info->Operation == OB_OPERATION_HANDLE_DUPLICATE) {
        auto& access = Info->Parameters->DuplicateHandleInformation.DesiredAccess;
        if (access & SHIELD_STRIP_MASK) {
            access &= ~SHIELD_STRIP_MASK;
            InterlockedIncrement(&g.StrippedHandles);
        }
    }
    return OB_PREOP_SUCCESS;
}

VOID
OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (ProcessId == nullptr || HandleToLong(ProcessId) != g.ProtectedPid) {
        return;
    }

    InterlockedIncrement(&g.ImagesSeen);

    if (FullImageName != nullptr) {
        LOG("image mapped into protected pid %ld: %wZ @ %p (%Iu bytes)",
            HandleToLong(ProcessId), FullImageName, ImageInfo->ImageBase, ImageInfo->ImageSize);
    }
}

OB_OPERATION_REGISTRATION s_ops[1];
OB_CALLBACK_REGISTRATION  s_reg;

} // anonymous namespace

namespace ob {

NTSTATUS Start()
{
    s_ops[0].ObjectType = PsProcessType;
    s_ops[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_ops[0].PreOperation = PreProcessHandle;
    s_ops[0].PostOperation = nullptr;

    s_reg.Version = OB_FLT_REGISTRATION_VERSION;
    s_reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&s_reg.Altitude, SHIELD_ALTITUDE);
    s_reg.RegistrationContext = nullptr;
    s_reg.OperationRegistration = s_ops;

    return ObRegisterCallbacks(&s_reg, &g.ObHandle);
}

void Stop()
{
    if (g.ObHandle != nullptr) {
        ObUnRegisterCallbacks(g.ObHandle);
        g.ObHandle = nullptr;
    }
}

} // namespace ob

namespace image {

NTSTATUS Start()
{
    NTSTATUS status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (NT_SUCCESS(status)) {
        g.ImageNotifyOn = true;
    }
    return status;
}

void Stop()
{
    if (g.ImageNotifyOn) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        g.ImageNotifyOn = false;
    }
}

} // namespace image

} // namespace shield
