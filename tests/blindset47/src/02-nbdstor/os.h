/*
 * os.h - nbdstor portability layer.  The block/protocol core is shared with
 * the FreeBSD GEOM and Linux blk-mq front ends; this header is all it sees.
 */
#ifndef NBD_OS_H
#define NBD_OS_H

#if defined(_WIN32)
# include <ntddk.h>
# include <storport.h>

# define OS_TAG             'sdbN'
# define OS_LOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, \
                                       "[nbdstor] " fmt "\n", ##__VA_ARGS__)

typedef struct os_mutex {
    KSPIN_LOCK  lock;
    KIRQL       irql;
} os_mutex_t;

# define os_mutex_init(m)    KeInitializeSpinLock(&(m)->lock)
# define os_mutex_lock(m)    KeAcquireSpinLock(&(m)->lock, &(m)->irql)
# define os_mutex_unlock(m)  KeReleaseSpinLock(&(m)->lock, (m)->irql)
# define os_mutex_destroy(m) ((void)(m))

#elif defined(__FreeBSD__)
# include "os_freebsd.h"
#else
# include "os_linux.h"
#endif

#define OS_ENOMEM   12
#define OS_EINVAL   22
#define OS_EIO       5
#define OS_ENOSPC   28

void    *os_alloc(size_t n);
void    *os_zalloc(size_t n);
void     os_free(void *p);
NTSTATUS os_errno_to_status(int err);

#endif
