#include "vnet.h"

void *os_zalloc(SIZE_T n)
{
    void *p = ExAllocatePoolWithTag(NonPagedPoolNx, n, VNET_TAG);
    if (p != NULL)
        RtlZeroMemory(p, n);
    return p;
}

void os_free(void *p)
{
    if (p != NULL)
        ExFreePoolWithTag(p, VNET_TAG);
}

/* errno values as the core defines them (Linux numbering) */
#define E_NOMEM     12
#define E_INVAL     22
#define E_NODEV     19
#define E_IO         5

int os_errno_from_ndis(NDIS_STATUS st)
{
    switch (st) {
    case NDIS_STATUS_SUCCESS:           return 0;
    case NDIS_STATUS_RESOURCES:         return -E_NOMEM;
    case NDIS_STATUS_INVALID_PARAMETER: return -E_INVAL;
    case NDIS_STATUS_ADAPTER_NOT_FOUND: return -E_NODEV;
    default:                            return -E_IO;
    }
}

NDIS_STATUS os_ndis_from_errno(int e)
{
    if (e == 0)
        return NDIS_STATUS_SUCCESS;
    switch (e < 0 ? -e : e) {
    case E_NOMEM: return NDIS_STATUS_RESOURCES;
    case E_INVAL: return NDIS_STATUS_INVALID_PARAMETER;
    case E_NODEV: return NDIS_STATUS_ADAPTER_NOT_FOUND;
    default:      return NDIS_STATUS_FAILURE;
    }
}
