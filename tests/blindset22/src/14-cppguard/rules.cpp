// rules.cpp - ExecGuard rule table, process-creation callback and IOCTLs.

#include "guard.h"

namespace execguard {

//
// PrefixRule
//

_Use_decl_annotations_
NTSTATUS PrefixRule::Assign(PCWCH Text, USHORT Bytes) noexcept
{
    if (Bytes == 0 || Bytes > MaxPrefixBytes || (Bytes % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    // Callback reads rules at PASSIVE_LEVEL only, so paged pool is fine.
    kstd::pool_buffer<WCHAR, RuleTag> buffer;
    if (!buffer.allocate(Bytes / sizeof(WCHAR), POOL_FLAG_PAGED)) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buffer.get(), Text, Bytes);

    m_buffer = kstd::move(buffer);
    m_string.Buffer = m_buffer.get();
    m_string.Length = Bytes;
    m_string.MaximumLength = Bytes;
    return STATUS_SUCCESS;
}

//
// DriverState
//

_Use_decl_annotations_
NTSTATUS DriverState::AddRule(PCWCH Text, USHORT Bytes) noexcept
{
    PrefixRule rule;
    NTSTATUS status = rule.Assign(Text, Bytes);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    kstd::ExclusiveLock<kstd::EResource> lock(RulesLock);
    if (!Rules.push_back(kstd::move(rule))) {
        return STATUS_QUOTA_EXCEEDED;               // rule freed by its destructor
    }
    return STATUS_SUCCESS;
}

void DriverState::ClearRules() noexcept
{
    kstd::ExclusiveLock<kstd::EResource> lock(RulesLock);
    Rules.clear();
}

_Use_decl_annotations_
bool DriverState::IsDenied(PCUNICODE_STRING ImagePath) noexcept
{
    kstd::SharedLock<kstd::EResource> lock(RulesLock);
    for (const PrefixRule& rule : Rules) {
        if (rule.Matches(ImagePath)) {
            return true;
        }
    }
    return false;
}

//
// Registry
//

_Use_decl_annotations_
NTSTATUS LoadRulesFromRegistry(DriverState& State, PCUNICODE_STRING RegistryPath) noexcept
{
    PAGED_CODE();

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(RegistryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    HANDLE raw = nullptr;
    NTSTATUS status = ZwOpenKey(&raw, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    kstd::unique_kernel_handle serviceKey(raw);

    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               serviceKey.get(), nullptr);
    status = ZwOpenKey(&raw, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    kstd::unique_kernel_handle paramsKey(raw);

    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"DenyPrefixes");
    ULONG needed = 0;
    status = ZwQueryValueKey(paramsKey.get(), &valueName, KeyValuePartialInformation,
                             nullptr, 0, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }

    kstd::pool_buffer<UCHAR> buffer;
    if (!buffer.allocate(needed, POOL_FLAG_PAGED)) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer.get());
    status = ZwQueryValueKey(paramsKey.get(), &valueName, KeyValuePartialInformation,
                             info, static_cast<ULONG>(buffer.bytes()), &needed);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_MULTI_SZ) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    // walk the MULTI_SZ without trusting its terminators
    auto p = reinterpret_cast<PCWCH>(info->Data);
    auto end = p + info->DataLength / sizeof(WCHAR);
    ULONG added = 0;

    while (p < end && *p != L'\0') {
        auto q = p;
        while (q < end && *q != L'\0') {
            ++q;
        }
        size_t bytes = static_cast<size_t>(q - p) * sizeof(WCHAR);
        if (bytes <= MaxPrefixBytes &&
            NT_SUCCESS(State.AddRule(p, static_cast<USHORT>(bytes)))) {
            ++added;
        }
        p = q + 1;
    }

    KdPrint(("execguard: %lu rule(s) from registry\n", added));
    return STATUS_SUCCESS;
}

//
// Process creation callback (PASSIVE_LEVEL, creating thread's context)
//

_Use_decl_annotations_
void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    DriverState* state = g_State;
    if (CreateInfo == nullptr || state == nullptr ||
        CreateInfo->ImageFileName == nullptr) {
        return;
    }

    if (state->IsDenied(CreateInfo->ImageFileName)) {
        CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
        InterlockedIncrement(&state->Blocked);
        KdPrint(("execguard: denied pid %p %wZ\n", ProcessId, CreateInfo->ImageFileName));
    }
}

//
// Dispatch
//

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information) noexcept
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    DriverState* state = g_State;
    if (state == nullptr) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY, 0);
    }

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& params = stack->Parameters.DeviceIoControl;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

    switch (params.IoControlCode) {

    case IOCTL_EXECGUARD_ADD_PREFIX: {
        ULONG len = params.InputBufferLength;
        if (buffer == nullptr || len == 0 || len > MaxPrefixBytes || (len % sizeof(WCHAR)) != 0) {
            return CompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        // drop a trailing NUL if the tool sent one
        auto text = static_cast<PCWCH>(buffer);
        if (text[len / sizeof(WCHAR) - 1] == L'\0') {
            len -= sizeof(WCHAR);
        }
        return CompleteIrp(Irp, state->AddRule(text, static_cast<USHORT>(len)), 0);
    }

    case IOCTL_EXECGUARD_CLEAR:
        state->ClearRules();
        return CompleteIrp(Irp, STATUS_SUCCESS, 0);

    case IOCTL_EXECGUARD_GET_BLOCKED:
        if (params.OutputBufferLength < sizeof(LONG)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        *static_cast<PLONG>(buffer) = state->Blocked;
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(LONG));

    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

} // namespace execguard
