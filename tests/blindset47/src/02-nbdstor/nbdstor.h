#ifndef NBDSTOR_H
#define NBDSTOR_H

#include "os.h"

#define NBD_BLOCK_SIZE      512
#define NBD_DEFAULT_BYTES   (32ULL * 1024 * 1024)
#define NBD_MAX_XFER        (128 * 1024)
#define NBD_DIRTY_SHIFT     12          /* one bit per 4K chunk */

struct nbd_cfg {
    ULONGLONG   disk_bytes;
    ULONG       block_size;
    CHAR        vendor[8];
    CHAR        product[16];
};

struct nbd_global {
    struct nbd_cfg  *cfg;
    PUCHAR           store;
    PULONG           dirty;
    os_mutex_t       lock;
    PDRIVER_UNLOAD   port_unload;
};

typedef struct _NBD_ADAPTER {
    ULONGLONG   blocks;
    ULONG       resets;
} NBD_ADAPTER, *PNBD_ADAPTER;

typedef struct _NBD_LUN {
    BOOLEAN     ready;
} NBD_LUN, *PNBD_LUN;

extern struct nbd_global g_nbd;

int  nbd_platform_init(void);
void nbd_platform_fini(void);

#endif
