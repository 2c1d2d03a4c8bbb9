// workq.cpp
#include "workq.h"
#include "guards.h"

namespace wq {

EX_RUNDOWN_REF  Engine::s_Rundown;
KSPIN_LOCK      Engine::s_ResultLock;
WQ_RESULT       Engine::s_Results[WQ_RESULT_SLOTS];
ULONG           Engine::s_ResultNext = 0;
volatile LONG   Engine::s_Sequence = 0;

void Engine::Init()
{
    ExInitializeRundownProtection(&s_Rundown);
    KeInitializeSpinLock(&s_ResultLock);
    RtlZeroMemory(s_Results, sizeof(s_Results));
    s_ResultNext = 0;
    s_Sequence = 0;
}

ULONG Engine::Crc32(const UCHAR* p, ULONG n)
{
    ULONG crc = 0xFFFFFFFF;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
        }
    }
    return ~crc;
}

void Engine::Record(ULONG seq, ULONG len, ULONG crc)
{
    kx::SpinLockGuard lock(s_ResultLock);
    WQ_RESULT& r = s_Results[s_ResultNext % WQ_RESULT_SLOTS];
    r.Sequence = seq;
    r.Length = len;
    r.Crc32 = crc;
    s_ResultNext++;
}

_Use_decl_annotations_
void Engine::JobRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Job* job = static_cast<Job*>(Context);

    Record(job->Sequence, job->Length, Crc32(job->Data, job->Length));
    KdPrint(("workq: job %lu done (%lu bytes)\n", job->Sequence, job->Length));

    IoFreeWorkItem(job->Item);
    ExFreePoolWithTag(job, WQ_TAG);

    // pairs with the reference Submit() handed to us
    ExReleaseRundownProtection(&s_Rundown);
}

NTSTATUS Engine::Submit(PDEVICE_OBJECT Device, const void* Data, ULONG Length, PULONG Sequence)
{
    if (Length == 0 || Length > WQ_MAX_INPUT) {
        return STATUS_INVALID_PARAMETER;
    }

    kx::RundownGuard guard(s_Rundown);
    if (!guard.Held()) {
        return STATUS_DELETE_PENDING;
    }

    const SIZE_T cb = FIELD_OFFSET(Job, Data) + Length;
    Job* job = static_cast<Job*>(ExAllocatePoolWithTag(NonPagedPoolNx, cb, WQ_TAG));
    if (job == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    job->Item = IoAllocateWorkItem(Device);
    if (job->Item == nullptr) {
        ExFreePoolWithTag(job, WQ_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    job->Sequence = static_cast<ULONG>(InterlockedIncrement(&s_Sequence));
    job->Length = Length;
    RtlCopyMemory(job->Data, Data, Length);
    *Sequence = job->Sequence;

    guard.Detach();     // JobRoutine releases it
    IoQueueWorkItem(job->Item, JobRoutine, DelayedWorkQueue, job);
    return STATUS_SUCCESS;
}

ULONG Engine::CopyResults(WQ_RESULT* Out, ULONG MaxCount)
{
    kx::SpinLockGuard lock(s_ResultLock);
    ULONG n = s_ResultNext < WQ_RESULT_SLOTS ? s_ResultNext : WQ_RESULT_SLOTS;
    if (n > MaxCount) {
        n = MaxCount;
    }
    RtlCopyMemory(Out, s_Results, n * sizeof(WQ_RESULT));
    return n;
}

void Engine::Shutdown()
{
    // no new jobs after this, and wait for the queued ones to finish
    ExWaitForRundownProtectionRelease(&s_Rundown);
}

} // namespace wq
