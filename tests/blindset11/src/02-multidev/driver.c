//
// driver.c - entry and unload for multidev
//
#include "multidev.h"

MD_STATE g_Md;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     MdUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MdUnload)
#endif

static VOID
MdFreeEcho(VOID)
{
    if (g_Md.Echo != NULL) {
        ExFreePoolWithTag(g_Md.Echo, MD_TAG);
        g_Md.Echo = NULL;
    }
}

VOID
MdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    MdDestroyAll();
    MdFreeEcho();
    MD_PRINT("unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG created = 0;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Md, sizeof(g_Md));

    // the echo buffer is shared by all opens of \\.\MdEcho
    g_Md.Echo = (PMD_ECHO_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                sizeof(MD_ECHO_STATE), MD_TAG);
    if (g_Md.Echo == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExInitializeFastMutex(&g_Md.Echo->Lock);

    for (i = 0; i < MdKindCount; i++) {
        CHECK_STATUS(MdCreateOne(DriverObject, i));
        created++;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = MdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = MdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = MdRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = MdWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MdDeviceControl;
    DriverObject->DriverUnload = MdUnload;

    MD_PRINT("%lu devices up\n", created);
    return STATUS_SUCCESS;

Cleanup:
    // MdCreateOne cleans up after itself, so only the finished ones go
    while (created > 0) {
        created--;
        MdDestroyOne(created);
    }
    MdFreeEcho();
    return status;
}
