#pragma once
#include "os.h"

#define RND_DEVICE_NAME     L"\\Device\\OsRandom"
#define RND_LINK_NAME       L"\\DosDevices\\OsRandom"
#define RND_POOL_BYTES      512
#define RND_SEED_BYTES      64
#define RND_RESEED_SECONDS  30
#define RND_JITTER_SAMPLES  256

typedef struct _RND_GLOBALS {
    PDEVICE_OBJECT      Device;
    PUNICODE_STRING     RegPath;        /* service key, for the saved seed */

    PUCHAR              Pool;
    ULONG               PoolPos;
    ULONGLONG           Counter;
    os_spinlock_t       PoolLock;

    PKTHREAD            ReseedThread;
    KEVENT              StopEvent;
} RND_GLOBALS;

extern RND_GLOBALS g_rnd;

/* pool.c */
NTSTATUS rnd_pool_init(void);
void     rnd_pool_fini(void);
void     rnd_pool_mix(const void *data, SIZE_T len);
void     rnd_pool_extract(void *out, SIZE_T len);
NTSTATUS rnd_reseed_start(void);
void     rnd_reseed_stop(void);
