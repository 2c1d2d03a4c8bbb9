/*++

Copyright (c) Trey Research Security.  All rights reserved.

Module Name:

    monitors.cpp

Abstract:

    Policy store and the process / image / registry monitors.  The
    system callbacks are static member functions; they reach the driver
    through PolicyDriver::Instance() (notify routines) or their context
    argument (registry callback).

Environment:

    Kernel mode, /kernel C++.

--*/

#include "policy.h"

namespace {

//
// RAII wrappers used only while loading configuration.
//
class ScopedKeyHandle : kcpp::NonCopyable
{
public:
    ScopedKeyHandle() : m_Handle(nullptr) {}
    ~ScopedKeyHandle()
    {
        if (m_Handle != nullptr) {
            (VOID)ZwClose(m_Handle);
        }
    }

    PHANDLE Put() { return &m_Handle; }
    HANDLE Get() const { return m_Handle; }

private:
    HANDLE m_Handle;
};

class ScopedPoolBuffer : kcpp::NonCopyable
{
public:
    ScopedPoolBuffer(SIZE_T Size, ULONG Tag)
        : m_Buffer(ExAllocatePool2(POOL_FLAG_PAGED, Size, Tag)), m_Tag(Tag) {}

    ~ScopedPoolBuffer()
    {
        if (m_Buffer != nullptr) {
            ExFreePoolWithTag(m_Buffer, m_Tag);
        }
    }

    PVOID Get() const { return m_Buffer; }

private:
    PVOID m_Buffer;
    ULONG m_Tag;
};

void
FileNameComponent(
    _In_ PCUNICODE_STRING Path,
    _Out_ PUNICODE_STRING Name
    )
{
    USHORT cch = Path->Length / sizeof(WCHAR);
    USHORT start = cch;

    while (start > 0 && Path->Buffer[start - 1] != L'\\') {
        start--;
    }

    Name->Buffer = Path->Buffer + start;
    Name->Length = static_cast<USHORT>((cch - start) * sizeof(WCHAR));
    Name->MaximumLength = Name->Length;
}

} // namespace


//
// ---- PolicyStore ----------------------------------------------------------
//

#pragma code_seg("INIT")

_Use_decl_annotations_
void
PolicyStore::LoadFromRegistry(
    PCUNICODE_STRING ServiceKey
    )
/*++

Routine Description:

    Loads BlockedImages (REG_MULTI_SZ) from the service key.  Optional:
    any failure leaves the store empty.

--*/
{
    OBJECT_ATTRIBUTES attributes;
    ScopedKeyHandle key;
    UNICODE_STRING valueName;
    ULONG needed = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, L"BlockedImages");

    InitializeObjectAttributes(&attributes,
                               const_cast<PUNICODE_STRING>(ServiceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr,
                               nullptr);

    status = ZwOpenKey(key.Put(), KEY_QUERY_VALUE, &attributes);
    if (!NT_SUCCESS(status)) {
        return;
    }

    status = ZwQueryValueKey(key.Get(), &valueName, KeyValuePartialInformation, nullptr, 0, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        return;
    }

    ScopedPoolBuffer buffer(needed, KPOL_TAG_STRING);
    if (buffer.Get() == nullptr) {
        return;
    }

    auto info = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer.Get());

    status = ZwQueryValueKey(key.Get(), &valueName, KeyValuePartialInformation, info, needed, &needed);
    if (!NT_SUCCESS(status) || info->Type != REG_MULTI_SZ) {
        return;
    }

    kcpp::ExclusiveGuard guard(m_Lock);

    PCWSTR cursor = reinterpret_cast<PCWSTR>(info->Data);
    SIZE_T remaining = info->DataLength / sizeof(WCHAR);

    while (remaining > 0 && *cursor != UNICODE_NULL) {

        SIZE_T cch = 0;
        while (cch < remaining && cursor[cch] != UNICODE_NULL) {
            cch++;
        }

        (VOID)AddRuleLocked(cursor, cch);

        if (cch >= remaining) {
            break;
        }

        cursor += cch + 1;
        remaining -= cch + 1;
    }

    KPOL_LOG("%lu blocked image rule(s) loaded", m_Count);
}

#pragma code_seg()


#pragma code_seg("PAGE")

NTSTATUS
PolicyStore::AddRuleLocked(
    _In_reads_(Cch) PCWSTR Name,
    _In_ SIZE_T Cch
    )
{
    PAGED_CODE();

    if (Cch == 0 || Cch >= KPOL_RULE_CCH) {
        return STATUS_INVALID_PARAMETER;
    }

    if (m_Count >= KPOL_MAX_RULES) {
        return STATUS_QUOTA_EXCEEDED;
    }

    NTSTATUS status = RtlStringCchCopyNW(m_Rules[m_Count], KPOL_RULE_CCH, Name, Cch);
    if (NT_SUCCESS(status)) {
        m_Count++;
    }

    return status;
}


_Use_decl_annotations_
NTSTATUS
PolicyStore::AddRule(
    PCWSTR Name,
    SIZE_T Cch
    )
{
    PAGED_CODE();

    kcpp::ExclusiveGuard guard(m_Lock);
    return AddRuleLocked(Name, Cch);
}


_Use_decl_annotations_
void
PolicyStore::Clear()
{
    PAGED_CODE();

    kcpp::ExclusiveGuard guard(m_Lock);
    m_Count = 0;
    RtlZeroMemory(m_Rules, sizeof(m_Rules));
}


_Use_decl_annotations_
bool
PolicyStore::IsBlocked(
    PCUNICODE_STRING ImagePath
    )
{
    UNICODE_STRING fileName;
    UNICODE_STRING rule;

    PAGED_CODE();

    if (ImagePath == nullptr || ImagePath->Buffer == nullptr || ImagePath->Length == 0) {
        return false;
    }

    FileNameComponent(ImagePath, &fileName);

    kcpp::SharedGuard guard(m_Lock);

    for (ULONG i = 0; i < m_Count; i++) {
        RtlInitUnicodeString(&rule, m_Rules[i]);
        if (RtlEqualUnicodeString(&fileName, &rule, TRUE)) {
            return true;
        }
    }

    return false;
}


//
// ---- ProcessMonitor -------------------------------------------------------
//

NTSTATUS
ProcessMonitor::Start()
{
    PAGED_CODE();

    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(&ProcessMonitor::OnProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        m_Registered = true;
    }

    return status;
}


void
ProcessMonitor::Stop()
{
    PAGED_CODE();

    if (m_Registered) {
        (VOID)PsSetCreateProcessNotifyRoutineEx(&ProcessMonitor::OnProcessNotify, TRUE);
        m_Registered = false;
    }
}


VOID
ProcessMonitor::OnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Process);

    PolicyDriver* driver = PolicyDriver::Instance();

    if (driver == nullptr || CreateInfo == nullptr) {
        return;
    }

    InterlockedIncrement64(&driver->Counters().ProcessesSeen);

    if (!CreateInfo->FileOpenNameAvailable) {
        return;
    }

    if (driver->Policy().IsBlocked(CreateInfo->ImageFileName)) {

        InterlockedIncrement64(&driver->Counters().ProcessesBlocked);

        KPOL_LOG("blocked pid %p (%wZ)", ProcessId, CreateInfo->ImageFileName);

        CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
    }
}


//
// ---- ImageMonitor ---------------------------------------------------------
//

NTSTATUS
ImageMonitor::Start()
{
    PAGED_CODE();

    NTSTATUS status = PsSetLoadImageNotifyRoutine(&ImageMonitor::OnImageLoad);
    if (NT_SUCCESS(status)) {
        m_Registered = true;
    }

    return status;
}


void
ImageMonitor::Stop()
{
    PAGED_CODE();

    if (m_Registered) {
        (VOID)PsRemoveLoadImageNotifyRoutine(&ImageMonitor::OnImageLoad);
        m_Registered = false;
    }
}


VOID
ImageMonitor::OnImageLoad(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);

    PolicyDriver* driver = PolicyDriver::Instance();

    if (driver != nullptr) {
        InterlockedIncrement64(&driver->Counters().ImagesLoaded);
    }
}


//
// ---- RegistryMonitor ------------------------------------------------------
//

NTSTATUS
RegistryMonitor::Start(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    RtlInitUnicodeString(&m_Altitude, KPOL_ALTITUDE);

    NTSTATUS status = CmRegisterCallbackEx(&RegistryMonitor::OnRegistryNotify,
                                           &m_Altitude,
                                           DriverObject,
                                           PolicyDriver::Instance(),
                                           &m_Cookie,
                                           nullptr);
    if (NT_SUCCESS(status)) {
        m_Registered = true;
    }

    return status;
}


void
RegistryMonitor::Stop()
{
    PAGED_CODE();

    if (m_Registered) {
        (VOID)CmUnRegisterCallback(m_Cookie);
        m_Registered = false;
    }
}


NTSTATUS
RegistryMonitor::OnRegistryNotify(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);

    auto driver = static_cast<PolicyDriver*>(CallbackContext);

    if (driver != nullptr) {
        InterlockedIncrement64(&driver->Counters().RegistryOperations);
    }

    return STATUS_SUCCESS;
}

#pragma code_seg()
