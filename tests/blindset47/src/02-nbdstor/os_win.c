#include "nbdstor.h"

struct nbd_global g_nbd;

void *os_alloc(size_t n)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, n, OS_TAG);
}

void *os_zalloc(size_t n)
{
    void *p = os_alloc(n);
    if (p)
        RtlZeroMemory(p, n);
    return p;
}

void os_free(void *p)
{
    if (p)
        ExFreePoolWithTag(p, OS_TAG);
}

NTSTATUS os_errno_to_status(int err)
{
    if (err >= 0)
        return STATUS_SUCCESS;
    switch (-err) {
    case OS_ENOMEM: return STATUS_INSUFFICIENT_RESOURCES;
    case OS_EINVAL: return STATUS_INVALID_PARAMETER;
    case OS_ENOSPC: return STATUS_DISK_FULL;
    case OS_EIO:
    default:        return STATUS_IO_DEVICE_ERROR;
    }
}

static void nbd_cfg_defaults(struct nbd_cfg *c)
{
    c->disk_bytes = NBD_DEFAULT_BYTES;
    c->block_size = NBD_BLOCK_SIZE;
    RtlCopyMemory(c->vendor,  "OSNBD   ", 8);
    RtlCopyMemory(c->product, "NBD Virtual Disk", 16);
}

/*
 * Called once from DriverEntry, before storport knows about us.
 * Returns -errno like the rest of the core.
 */
int nbd_platform_init(void)
{
    SIZE_T dirty_bytes;

    g_nbd.cfg = os_zalloc(sizeof(*g_nbd.cfg));
    if (g_nbd.cfg == NULL)
        return -OS_ENOMEM;
    nbd_cfg_defaults(g_nbd.cfg);

    g_nbd.store = os_alloc((SIZE_T)g_nbd.cfg->disk_bytes);
    if (g_nbd.store == NULL) {
        os_free(g_nbd.cfg);
        g_nbd.cfg = NULL;
        return -OS_ENOMEM;
    }

    /* dirty map: which 4K chunks the nbd client still has to push */
    dirty_bytes = (SIZE_T)((g_nbd.cfg->disk_bytes >> NBD_DIRTY_SHIFT) / 8);
    g_nbd.dirty = os_zalloc(dirty_bytes);
    if (g_nbd.dirty == NULL) {
        OS_LOG("no memory for dirty map (%Iu bytes)", dirty_bytes);
        os_free(g_nbd.cfg);
        g_nbd.cfg = NULL;
        return -OS_ENOMEM;
    }

    os_mutex_init(&g_nbd.lock);
    return 0;
}

void nbd_platform_fini(void)
{
    os_mutex_destroy(&g_nbd.lock);
    os_free(g_nbd.dirty);
    g_nbd.dirty = NULL;
    os_free(g_nbd.store);
    g_nbd.store = NULL;
    os_free(g_nbd.cfg);
    g_nbd.cfg = NULL;
}
