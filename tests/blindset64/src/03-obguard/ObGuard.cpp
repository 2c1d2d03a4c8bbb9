//
// ObGuard.cpp - the Ob pre-operation callback and the protected PID table
//
#include "ObGuard.h"

namespace obg {

namespace {

bool IsProtected(ProtectContext* ctx, HANDLE pid)
{
    KIRQL irql;
    bool found = false;

    KeAcquireSpinLock(&ctx->Lock, &irql);
    for (ULONG i = 0; i < ctx->Count; ++i) {
        if (ctx->Pids[i] == pid) {
            found = true;
            break;
        }
    }
    KeReleaseSpinLock(&ctx->Lock, irql);
    return found;
}

OB_PREOP_CALLBACK_STATUS
PreOpProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    auto ctx = static_cast<ProtectContext*>(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    HANDLE target = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
    if (target == PsGetCurrentProcessId() || !IsProtected(ctx, target)) {
        return OB_PREOP_SUCCESS;
    }

    const ACCESS_MASK strip = g.StripMask;

    switch (Info->Operation) {
    case OB_OPERATION_HANDLE_CREATE:
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~strip;
        break;
    case OB_OPERATION_HANDLE_DUPLICATE:
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~strip;
        break;
    default:
        break;
    }

    InterlockedIncrement(&ctx->Stripped);
    return OB_PREOP_SUCCESS;
}

} // anonymous namespace

NTSTATUS CreateContext(ProtectContext** Ctx)
{
    auto ctx = static_cast<ProtectContext*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ProtectContext), kTag));
    if (!ctx) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeSpinLock(&ctx->Lock);
    ctx->Count = 0;
    ctx->Stripped = 0;

    *Ctx = ctx;
    return STATUS_SUCCESS;
}

NTSTATUS RegisterCallbacks(ProtectContext* Ctx, PVOID* Handle)
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType   = PsProcessType;
    op.Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreOpProcess;
    op.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.RegistrationContext        = Ctx;
    reg.OperationRegistration      = &op;
    RtlInitUnicodeString(&reg.Altitude, L"321410.77");

    NTSTATUS status = ObRegisterCallbacks(&reg, Handle);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("ObRegisterCallbacks failed 0x%08X", status);
    }
    return status;
}

NTSTATUS ProtectPid(ProtectContext* Ctx, HANDLE Pid)
{
    KIRQL irql;
    NTSTATUS status = STATUS_QUOTA_EXCEEDED;

    KeAcquireSpinLock(&Ctx->Lock, &irql);
    for (ULONG i = 0; i < Ctx->Count; ++i) {
        if (Ctx->Pids[i] == Pid) {
            status = STATUS_SUCCESS;
            goto out;
        }
    }
    if (Ctx->Count < kMaxProtected) {
        Ctx->Pids[Ctx->Count++] = Pid;
        status = STATUS_SUCCESS;
    }
out:
    KeReleaseSpinLock(&Ctx->Lock, irql);
    return status;
}

NTSTATUS UnprotectPid(ProtectContext* Ctx, HANDLE Pid)
{
    KIRQL irql;
    NTSTATUS status = STATUS_NOT_FOUND;

    KeAcquireSpinLock(&Ctx->Lock, &irql);
    for (ULONG i = 0; i < Ctx->Count; ++i) {
        if (Ctx->Pids[i] == Pid) {
            Ctx->Pids[i] = Ctx->Pids[--Ctx->Count];
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&Ctx->Lock, irql);
    return status;
}

} // namespace obg
