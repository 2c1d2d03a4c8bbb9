/*
 * tagfree.c (conforming) - a driver that keeps its configuration block and
 * its event ring in pool of two tags, and frees each with the tag it was
 * allocated with, on the failure path and at unload.
 * Expected: nothing.
 */

#include <ntddk.h>

#define TF_TAG_CONFIG 'gfCT'
#define TF_TAG_RING   'gnRT'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TfUnload;

typedef struct _TF_CONFIG {
    ULONG Level;
    ULONG RingSize;
} TF_CONFIG, *PTF_CONFIG;

static PTF_CONFIG TfConfig;
static PUCHAR TfRing;

VOID
TfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(TfRing, TF_TAG_RING);
    ExFreePoolWithTag(TfConfig, TF_TAG_CONFIG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    TfConfig = (PTF_CONFIG)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(TF_CONFIG), TF_TAG_CONFIG);
    if (TfConfig == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    TfConfig->Level = 1;
    TfConfig->RingSize = 4096;

    TfRing = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, TfConfig->RingSize, TF_TAG_RING);
    if (TfRing == NULL) {
        ExFreePoolWithTag(TfConfig, TF_TAG_CONFIG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->DriverUnload = TfUnload;
    return STATUS_SUCCESS;
}
