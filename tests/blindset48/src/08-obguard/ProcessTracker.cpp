//
// ProcessTracker.cpp - keeps the pids of running instances of the protected image.
//
#include "obguard.h"

namespace obguard {

KSPIN_LOCK     ProcessTracker::s_Lock;
HANDLE         ProcessTracker::s_Pids[OG_MAX_PROTECTED];
ULONG          ProcessTracker::s_Count;
UNICODE_STRING ProcessTracker::s_Image;
bool           ProcessTracker::s_Registered;

namespace {

bool EndsWith(_In_ PCUNICODE_STRING Full, _In_ PCUNICODE_STRING Tail)
{
    if (Full == nullptr || Full->Length < Tail->Length) {
        return false;
    }
    UNICODE_STRING suffix;
    suffix.Buffer = reinterpret_cast<PWCH>(reinterpret_cast<PUCHAR>(Full->Buffer) + Full->Length - Tail->Length);
    suffix.Length = suffix.MaximumLength = Tail->Length;
    return RtlEqualUnicodeString(&suffix, Tail, TRUE) != FALSE;
}

} // anonymous namespace

void
ProcessTracker::OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr) {
        // name compare stays outside the lock (case tables are pageable)
        if (!EndsWith(CreateInfo->ImageFileName, &s_Image)) {
            return;
        }
        bool added = false;
        {
            SpinLockGuard guard(&s_Lock);
            if (s_Count < OG_MAX_PROTECTED) {
                s_Pids[s_Count++] = ProcessId;
                added = true;
            }
        }
        OG_LOG("pid %p %s", ProcessId, added ? "protected" : "NOT protected (table full)");
        return;
    }

    SpinLockGuard guard(&s_Lock);
    for (ULONG i = 0; i < s_Count; i++) {
        if (s_Pids[i] == ProcessId) {
            s_Pids[i] = s_Pids[--s_Count];
            break;
        }
    }
}

bool
ProcessTracker::IsProtected(_In_ HANDLE ProcessId)
{
    SpinLockGuard guard(&s_Lock);

    for (ULONG i = 0; i < s_Count; i++) {
        if (s_Pids[i] == ProcessId) {
            return true;
        }
    }
    return false;
}

NTSTATUS
ProcessTracker::Initialize(_In_ PCUNICODE_STRING ProtectedImage)
{
    KeInitializeSpinLock(&s_Lock);
    s_Count = 0;

    WStrPtr copy(static_cast<PWCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                     ProtectedImage->Length + sizeof(WCHAR), OG_TAG)));
    if (!copy) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy.get(), ProtectedImage->Buffer, ProtectedImage->Length);

    s_Image.Buffer = copy.get();
    s_Image.Length = ProtectedImage->Length;
    s_Image.MaximumLength = ProtectedImage->Length + sizeof(WCHAR);

    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        OG_LOG("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        RtlZeroMemory(&s_Image, sizeof(s_Image));
        return status;                      // copy frees the name
    }

    copy.release();                         // s_Image owns it now
    s_Registered = true;
    return STATUS_SUCCESS;
}

void
ProcessTracker::Shutdown()
{
    if (s_Registered) {
        PsSetCreateProcessNotifyRoutine(reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(OnProcessNotify), TRUE);
        s_Registered = false;
    }

    if (s_Image.Buffer != nullptr) {
        ExFreePoolWithTag(s_Image.Buffer, OG_TAG);
        RtlZeroMemory(&s_Image, sizeof(s_Image));
    }
}

} // namespace obguard
