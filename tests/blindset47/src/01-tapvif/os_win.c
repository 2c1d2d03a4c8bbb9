#include "os.h"

void *os_alloc(SIZE_T size)
{
    return ExAllocatePoolWithTag(NonPagedPoolNx, size, OS_POOL_TAG);
}

void *os_zalloc(SIZE_T size)
{
    void *p = os_alloc(size);
    if (p != NULL)
        RtlZeroMemory(p, size);
    return p;
}

void os_free(void *ptr)
{
    if (ptr != NULL)
        ExFreePoolWithTag(ptr, OS_POOL_TAG);
}

/* map the core's -errno values onto something NDIS understands */
NDIS_STATUS os_err_to_ndis(int err)
{
    switch (err) {
    case OS_OK:         return NDIS_STATUS_SUCCESS;
    case -OS_ENOMEM:    return NDIS_STATUS_RESOURCES;
    case -OS_EINVAL:    return NDIS_STATUS_INVALID_PARAMETER;
    case -OS_EBUSY:     return NDIS_STATUS_RESOURCE_CONFLICT;
    case -OS_ENODEV:    return NDIS_STATUS_ADAPTER_NOT_FOUND;
    default:            return NDIS_STATUS_FAILURE;
    }
}
