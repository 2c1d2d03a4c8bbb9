//
// WorkerPool.cpp - what a job actually does. Deliberately boring: the point
// of the project is the thread plumbing.
//
#include "WorkerPool.h"

namespace wp {

namespace {

enum class JobKind : ULONG {
    Sleep = 1,
    Checksum = 2,
    Print = 3,
};

ULONG Checksum(ULONG seed)
{
    ULONG x = seed ? seed : 0x9E3779B9;
    for (int i = 0; i < 4096; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
    }
    return x;
}

} // namespace

void RunJob(const Job& job)
{
    switch (static_cast<JobKind>(job.Kind)) {
    case JobKind::Sleep: {
        LARGE_INTEGER delay;
        delay.QuadPart = -10LL * 1000 * (job.Argument > 5000 ? 5000 : job.Argument);
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
        break;
    }
    case JobKind::Checksum:
        KdPrint(("workerpool: checksum(%lu) = %08lx on thread %p\n",
                 job.Argument, Checksum(job.Argument), PsGetCurrentThreadId()));
        break;
    case JobKind::Print:
        KdPrint(("workerpool: job says %lu\n", job.Argument));
        break;
    default:
        KdPrint(("workerpool: unknown job kind %lu\n", job.Kind));
        break;
    }
}

} // namespace wp
