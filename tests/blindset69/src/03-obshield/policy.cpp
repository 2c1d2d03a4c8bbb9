// policy.cpp - the table of protected process ids
#include "obshield.h"

namespace obs {

ERESOURCE Policy::s_lock;
ULONG Policy::s_pids[OBS_MAX_PIDS];
ULONG Policy::s_count;

NTSTATUS Policy::Init()
{
    s_count = 0;
    RtlZeroMemory(s_pids, sizeof(s_pids));
    return ExInitializeResourceLite(&s_lock);
}

void Policy::Term()
{
    Clear();
}

void Policy::Destroy()
{
    ExDeleteResourceLite(&s_lock);
}

bool Policy::IsProtected(ULONG pid)
{
    SharedLock g(&s_lock);
    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid) {
            return true;
        }
    }
    return false;
}

NTSTATUS Policy::Add(ULONG pid)
{
    ExclusiveLock g(&s_lock);
    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid) {
            return STATUS_SUCCESS;
        }
    }
    if (s_count == OBS_MAX_PIDS) {
        return STATUS_TOO_MANY_NAMES;
    }
    s_pids[s_count++] = pid;
    return STATUS_SUCCESS;
}

NTSTATUS Policy::Remove(ULONG pid)
{
    ExclusiveLock g(&s_lock);
    for (ULONG i = 0; i < s_count; i++) {
        if (s_pids[i] == pid) {
            s_pids[i] = s_pids[--s_count];
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NOT_FOUND;
}

void Policy::Clear()
{
    ExclusiveLock g(&s_lock);
    s_count = 0;
}

} // namespace obs
