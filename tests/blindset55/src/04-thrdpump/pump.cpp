//
// pump.cpp - the worker thread and its job list
//
#include "pump.h"

namespace pump {

Globals g;

static KSTART_ROUTINE WorkerMain;

static Job*
PopJob()
{
    LockGuard guard;

    if (IsListEmpty(&g.Jobs)) {
        return nullptr;
    }
    g.JobCount--;
    return CONTAINING_RECORD(RemoveHeadList(&g.Jobs), Job, Link);
}

static void
RefreshInterval()
{
    OBJECT_ATTRIBUTES oa;
    HANDLE            root;
    HANDLE            key;
    UNICODE_STRING    sub = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING    val = RTL_CONSTANT_STRING(L"IntervalMs");
    UCHAR             raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG             got;
    NTSTATUS          status;

    InitializeObjectAttributes(&oa, &g.RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    status = ZwOpenKey(&root, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, root, nullptr);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    ZwClose(root);
    if (!NT_SUCCESS(status)) {
        return;
    }

    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
    status = ZwQueryValueKey(key, &val, KeyValuePartialInformation, info, sizeof(raw), &got);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG ms = *reinterpret_cast<PULONG>(info->Data);
        if (ms >= 50 && ms <= 60000) {
            g.IntervalMs = ms;
        }
    }
    ZwClose(key);
}

static void
RunJob(const PUMP_JOB_IN& in)
{
    ULONG len = min(in.Length, static_cast<ULONG>(PUMP_SCRATCH_BYTES));
    ULONG x   = in.Seed | 1;

    // xorshift fill + checksum; stands in for "real" work
    for (ULONG i = 0; i < len; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        g.Scratch[i] = static_cast<UCHAR>(x);
    }

    ULONG64 sum = 0;
    for (ULONG i = 0; i < len; i++) {
        sum = (sum << 1 | sum >> 63) ^ g.Scratch[i];
    }

    LockGuard guard;
    g.Stats.Checksum ^= sum;
    g.Stats.Completed++;
}

static VOID
WorkerMain(
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    PVOID objects[2] = { &g.StopEvent, &g.WorkEvent };
    LARGE_INTEGER timeout;

    PLOG("worker up");

    for (;;) {
        timeout.QuadPart = -10000LL * g.IntervalMs;

        NTSTATUS wait = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                 FALSE, &timeout, nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }
        if (wait == STATUS_TIMEOUT) {
            RefreshInterval();
            continue;
        }

        while (Job* job = PopJob()) {
            RunJob(job->In);
            ExFreePoolWithTag(job, PUMP_TAG);
        }
    }

    PLOG("worker down");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
Start()
{
    HANDLE   thread;
    NTSTATUS status;

    KeInitializeEvent(&g.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g.WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&g.Lock);
    InitializeListHead(&g.Jobs);
    g.IntervalMs = PUMP_DEFAULT_INTERVAL;

    g.Scratch = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, PUMP_SCRATCH_BYTES, PUMP_TAG));
    if (!g.Scratch) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr, WorkerMain, nullptr);
    if (!NT_SUCCESS(status)) {
        PLOG("PsCreateSystemThread 0x%08X", status);
        ExFreePoolWithTag(g.Scratch, PUMP_TAG);
        g.Scratch = nullptr;
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g.Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // can't happen for a handle we just got, but keep the thread from outliving us
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, nullptr);
        ZwClose(thread);
        g.Thread = nullptr;
        ExFreePoolWithTag(g.Scratch, PUMP_TAG);
        g.Scratch = nullptr;
        return status;
    }

    ZwClose(thread);
    return STATUS_SUCCESS;
}

void
Stop()
{
    if (g.Thread) {
        KeSetEvent(&g.StopEvent, IO_NO_INCREMENT, FALSE);
        ObDereferenceObject(g.Thread);
        g.Thread = nullptr;
    }

    // leftover jobs
    while (Job* job = PopJob()) {
        ExFreePoolWithTag(job, PUMP_TAG);
    }

    if (g.Scratch) {
        ExFreePoolWithTag(g.Scratch, PUMP_TAG);
        g.Scratch = nullptr;
    }
}

bool
Submit(const PUMP_JOB_IN& In)
{
    auto job = static_cast<Job*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(Job), PUMP_TAG));
    if (!job) {
        return false;
    }
    job->In = In;

    {
        LockGuard guard;
        if (g.JobCount >= PUMP_MAX_JOBS) {
            g.Stats.Rejected++;
            ExFreePoolWithTag(job, PUMP_TAG);
            return false;
        }
        InsertTailList(&g.Jobs, &job->Link);
        g.JobCount++;
        g.Stats.Submitted++;
    }

    KeSetEvent(&g.WorkEvent, IO_NO_INCREMENT, FALSE);
    return true;
}

} // namespace pump
