#include "Rules.h"

namespace honey {

NPAGED_LOOKASIDE_LIST Rules::s_lookaside;
LIST_ENTRY            Rules::s_procs;
EX_PUSH_LOCK          Rules::s_lock;
bool                  Rules::s_ready = false;

// classic bait: things ransomware and stealers go for first
static const UNICODE_STRING kHoneyNames[] = {
    RTL_CONSTANT_STRING(L"!!!_passwords.xlsx"),
    RTL_CONSTANT_STRING(L"000_backup_keys.txt"),
    RTL_CONSTANT_STRING(L"wallet.dat.bak"),
    RTL_CONSTANT_STRING(L"id_rsa.old"),
};

NTSTATUS Rules::Initialize()
{
    InitializeListHead(&s_procs);
    FltInitializePushLock(&s_lock);
    ExInitializeNPagedLookasideList(&s_lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(ProcEntry), HONEY_TAG, 0);
    s_ready = true;
    return STATUS_SUCCESS;
}

void Rules::Destroy()
{
    if (!s_ready) {
        return;
    }
    s_ready = false;

    FltAcquirePushLockExclusive(&s_lock);
    while (!IsListEmpty(&s_procs)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&s_procs), ProcEntry, Link);
        ExFreeToNPagedLookasideList(&s_lookaside, e);
    }
    FltReleasePushLock(&s_lock);

    ExDeleteNPagedLookasideList(&s_lookaside);
    FltDeletePushLock(&s_lock);
}

bool Rules::IsHoneyName(_In_ PCUNICODE_STRING FinalComponent)
{
    for (const auto& name : kHoneyNames) {
        if (RtlEqualUnicodeString(&name, FinalComponent, TRUE)) {
            return true;
        }
    }
    return false;
}

void Rules::OnProcessCreated(_In_ HANDLE Pid, _In_opt_ PCUNICODE_STRING ImageFileName)
{
    auto e = static_cast<ProcEntry*>(ExAllocateFromNPagedLookasideList(&s_lookaside));
    if (!e) {
        return;
    }
    RtlZeroMemory(e, sizeof(*e));
    e->Pid = Pid;
    if (ImageFileName && ImageFileName->Buffer) {
        // keep the tail, that is the interesting bit
        USHORT cch = ImageFileName->Length / sizeof(WCHAR);
        USHORT skip = (USHORT)(cch > HONEY_IMG_CCH - 1 ? cch - (HONEY_IMG_CCH - 1) : 0);
        RtlCopyMemory(e->Image, ImageFileName->Buffer + skip, (cch - skip) * sizeof(WCHAR));
    }

    FltAcquirePushLockExclusive(&s_lock);
    InsertHeadList(&s_procs, &e->Link);
    FltReleasePushLock(&s_lock);
}

void Rules::OnProcessExited(_In_ HANDLE Pid)
{
    ProcEntry* found = nullptr;

    FltAcquirePushLockExclusive(&s_lock);
    for (PLIST_ENTRY le = s_procs.Flink; le != &s_procs; le = le->Flink) {
        auto e = CONTAINING_RECORD(le, ProcEntry, Link);
        if (e->Pid == Pid) {
            RemoveEntryList(&e->Link);
            found = e;
            break;
        }
    }
    FltReleasePushLock(&s_lock);

    if (found) {
        ExFreeToNPagedLookasideList(&s_lookaside, found);
    }
}

bool Rules::LookupImage(_In_ HANDLE Pid, _Out_writes_(Cch) PWCHAR Out, _In_ SIZE_T Cch)
{
    bool hit = false;
    Out[0] = L'\0';

    FltAcquirePushLockShared(&s_lock);
    for (PLIST_ENTRY le = s_procs.Flink; le != &s_procs; le = le->Flink) {
        auto e = CONTAINING_RECORD(le, ProcEntry, Link);
        if (e->Pid == Pid) {
            RtlStringCchCopyW(Out, Cch, e->Image);
            hit = true;
            break;
        }
    }
    FltReleasePushLock(&s_lock);
    return hit;
}

} // namespace honey
