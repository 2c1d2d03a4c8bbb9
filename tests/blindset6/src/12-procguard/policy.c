#include "procguard.h"

BOOLEAN
PgIsProtected(
    _In_ HANDLE ProcessId
    )
{
    BOOLEAN found = FALSE;
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquirePushLockShared(&State.Lock);
    for (i = 0; i < State.ProtectedCount; i++) {
        if (State.Protected[i] == ProcessId) {
            found = TRUE;
            break;
        }
    }
    ExReleasePushLockShared(&State.Lock);
    KeLeaveCriticalRegion();
    return found;
}

NTSTATUS
PgProtect(
    _In_ HANDLE ProcessId
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&State.Lock);
    if (State.ProtectedCount >= PG_MAX_PROTECTED) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        State.Protected[State.ProtectedCount++] = ProcessId;
    }
    ExReleasePushLockExclusive(&State.Lock);
    KeLeaveCriticalRegion();
    return status;
}

VOID
PgForget(
    _In_ HANDLE ProcessId
    )
{
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&State.Lock);
    for (i = 0; i < State.ProtectedCount; i++) {
        if (State.Protected[i] == ProcessId) {
            State.Protected[i] = State.Protected[--State.ProtectedCount];
            break;
        }
    }
    ExReleasePushLockExclusive(&State.Lock);
    KeLeaveCriticalRegion();
}

VOID
PgForgetAll(
    VOID
    )
{
    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&State.Lock);
    State.ProtectedCount = 0;
    ExReleasePushLockExclusive(&State.Lock);
    KeLeaveCriticalRegion();
}
