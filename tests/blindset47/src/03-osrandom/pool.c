/*
 * pool.c -- entropy pool and the periodic reseed thread.
 *
 * The mixer below is the "lite" one used when core/chacha.c is not linked
 * in; it is good enough to whiten timer jitter, not to be a CSPRNG on its
 * own.
 */
#include "rnd.h"

static __inline ULONGLONG rotl64(ULONGLONG x, int r)
{
    return (x << r) | (x >> (64 - r));
}

NTSTATUS rnd_pool_init(void)
{
    g_rnd.Pool = (PUCHAR)os_alloc(RND_POOL_BYTES);
    if (g_rnd.Pool == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    RtlZeroMemory(g_rnd.Pool, RND_POOL_BYTES);
    g_rnd.PoolPos = 0;
    g_rnd.Counter = os_cycles();
    os_spin_init(&g_rnd.PoolLock);
    return STATUS_SUCCESS;
}

void rnd_pool_fini(void)
{
    if (g_rnd.Pool != NULL) {
        RtlSecureZeroMemory(g_rnd.Pool, RND_POOL_BYTES);
        os_free(g_rnd.Pool);
        g_rnd.Pool = NULL;
    }
}

void rnd_pool_mix(const void *data, SIZE_T len)
{
    const UCHAR *p = (const UCHAR *)data;
    KIRQL irql;
    SIZE_T i;

    os_spin_lock(&g_rnd.PoolLock, &irql);
    for (i = 0; i < len; i++) {
        ULONG pos = g_rnd.PoolPos;
        g_rnd.Pool[pos] ^= p[i];
        g_rnd.Pool[(pos + 37) % RND_POOL_BYTES] += (UCHAR)rotl64(g_rnd.Counter, (int)(i % 63) + 1);
        g_rnd.PoolPos = (pos + 1) % RND_POOL_BYTES;
        g_rnd.Counter = rotl64(g_rnd.Counter ^ p[i], 17) * 0x9E3779B97F4A7C15ULL;
    }
    os_spin_unlock(&g_rnd.PoolLock, irql);
}

void rnd_pool_extract(void *out, SIZE_T len)
{
    PUCHAR o = (PUCHAR)out;
    ULONGLONG s;
    KIRQL irql;
    SIZE_T i;

    os_spin_lock(&g_rnd.PoolLock, &irql);
    s = g_rnd.Counter ^ os_cycles();
    for (i = 0; i < len; i++) {
        s ^= g_rnd.Pool[(g_rnd.PoolPos + i * 7) % RND_POOL_BYTES];
        s = rotl64(s * 0xBF58476D1CE4E5B9ULL, 31) ^ (s >> 29);
        o[i] = (UCHAR)(s >> 56);
    }
    /* backtrack protection: fold the output state back in */
    g_rnd.Counter = rotl64(s, 7) + 1;
    os_spin_unlock(&g_rnd.PoolLock, irql);
}

static void rnd_collect_jitter(void)
{
    ULONGLONG prev, now;
    UCHAR sample[RND_JITTER_SAMPLES];
    ULONG i;
    LARGE_INTEGER tiny;

    tiny.QuadPart = -1;     /* 100ns: really "whenever the scheduler wants" */
    prev = os_cycles();
    for (i = 0; i < RND_JITTER_SAMPLES; i++) {
        if ((i & 31) == 0)
            KeDelayExecutionThread(KernelMode, FALSE, &tiny);
        now = os_cycles();
        sample[i] = (UCHAR)((now - prev) ^ ((now - prev) >> 8));
        prev = now;
    }
    rnd_pool_mix(sample, sizeof(sample));
    RtlSecureZeroMemory(sample, sizeof(sample));
}

static KSTART_ROUTINE rnd_reseed_thread;

static VOID rnd_reseed_thread(PVOID Context)
{
    LARGE_INTEGER period;
    NTSTATUS st;

    UNREFERENCED_PARAMETER(Context);

    period.QuadPart = -10LL * 1000 * 1000 * RND_RESEED_SECONDS;
    rnd_collect_jitter();

    for (;;) {
        st = KeWaitForSingleObject(&g_rnd.StopEvent, Executive, KernelMode, FALSE, &period);
        if (st != STATUS_TIMEOUT)
            break;
        rnd_collect_jitter();
        OS_LOG("reseeded\n");
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS rnd_reseed_start(void)
{
    HANDLE h;
    NTSTATUS status;

    KeInitializeEvent(&g_rnd.StopEvent, NotificationEvent, FALSE);

    status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  rnd_reseed_thread, NULL);
    if (!NT_SUCCESS(status))
        return status;

    status = ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&g_rnd.ReseedThread, NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot track it, so stop it right here */
        KeSetEvent(&g_rnd.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, NULL);
        g_rnd.ReseedThread = NULL;
    }
    ZwClose(h);
    return status;
}

void rnd_reseed_stop(void)
{
    if (g_rnd.ReseedThread == NULL)
        return;

    /* the thread only ever blocks on StopEvent, it notices this at once */
    KeSetEvent(&g_rnd.StopEvent, IO_NO_INCREMENT, FALSE);
    ObDereferenceObject(g_rnd.ReseedThread);
    g_rnd.ReseedThread = NULL;
}
