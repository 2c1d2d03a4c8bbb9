/* os.h - portability shim for the shared tapcore (Linux/FreeBSD/Windows) */
#ifndef TAPVIF_OS_H
#define TAPVIF_OS_H

#ifdef _WIN32
#include <ndis.h>

#define OS_POOL_TAG         'fvaT'

#define OS_LVL_ERR          DPFLTR_ERROR_LEVEL
#define OS_LVL_INFO         DPFLTR_INFO_LEVEL

#define OS_LOG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (lvl), "tapvif: " fmt "\n", ##__VA_ARGS__)

typedef NDIS_SPIN_LOCK os_mutex_t;

#define os_mutex_init(m)     NdisAllocateSpinLock(m)
#define os_mutex_destroy(m)  NdisFreeSpinLock(m)
#define os_mutex_lock(m)     NdisAcquireSpinLock(m)
#define os_mutex_unlock(m)   NdisReleaseSpinLock(m)

#define os_atomic_dec(p)     InterlockedDecrement((volatile LONG *)(p))

void       *os_alloc(SIZE_T size);
void       *os_zalloc(SIZE_T size);
void        os_free(void *ptr);
NDIS_STATUS os_err_to_ndis(int err);

#else  /* !_WIN32 */
#error "this copy of os.h is the Windows flavour, use os_posix.h elsewhere"
#endif

/* the core speaks negative errno, like the kernel it was born in */
#define OS_OK        0
#define OS_EINVAL    22
#define OS_ENOMEM    12
#define OS_EBUSY     16
#define OS_ENODEV    19

#endif /* TAPVIF_OS_H */
