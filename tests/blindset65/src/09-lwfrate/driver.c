/*
 * driver.c - lwfrate DriverEntry / FilterUnload
 */
#include "lwfrate.h"

LR_GLOBALS LrGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LrUnload;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LrUnload)

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendly = RTL_CONSTANT_STRING(L"LwfRate Throughput Meter");
    NDIS_STRING unique   = RTL_CONSTANT_STRING(L"{A4D2F0C7-1B8E-4E63-9C25-7F0B3E1D6A48}");
    NDIS_STRING service  = RTL_CONSTANT_STRING(L"lwfrate");
    BOOLEAN lockReady = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&LrGlobals, sizeof(LrGlobals));

    /*
     * Attach can run before NdisFRegisterFilterDriver even returns, so the
     * module list has to be usable first.
     */
    NdisAllocateSpinLock(&LrGlobals.Lock);
    InitializeListHead(&LrGlobals.Modules);
    lockReady = TRUE;

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion   = LR_NDIS_MAJOR;
    fc.MinorNdisVersion   = LR_NDIS_MINOR;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 4;
    fc.FriendlyName = friendly;
    fc.UniqueName   = unique;
    fc.ServiceName  = service;

    fc.AttachHandler                     = LrAttach;
    fc.DetachHandler                     = LrDetach;
    fc.RestartHandler                    = LrRestart;
    fc.PauseHandler                      = LrPause;
    fc.SendNetBufferListsHandler         = LrSend;
    fc.SendNetBufferListsCompleteHandler = LrSendComplete;
    fc.ReceiveNetBufferListsHandler      = LrReceive;
    fc.ReturnNetBufferListsHandler       = LrReturn;

    DriverObject->DriverUnload = LrUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fc,
                                       &LrGlobals.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LR_ERR("NdisFRegisterFilterDriver 0x%08x", status);
        goto fail;
    }

    status = LrRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        LR_ERR("LrRegisterDevice 0x%08x", status);
        goto fail_deregister;
    }

    LR_INFO("loaded");
    return STATUS_SUCCESS;

fail_deregister:
    NdisFDeregisterFilterDriver(LrGlobals.FilterDriverHandle);
    LrGlobals.FilterDriverHandle = NULL;
fail:
    if (lockReady) {
        NdisFreeSpinLock(&LrGlobals.Lock);
    }
    return (NTSTATUS)status;
}

VOID
LrUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* the device first: its ioctl path walks the module list */
    LrDeregisterDevice();

    /* detaches every module synchronously */
    NdisFDeregisterFilterDriver(LrGlobals.FilterDriverHandle);
    LrGlobals.FilterDriverHandle = NULL;

    NT_ASSERT(IsListEmpty(&LrGlobals.Modules));
    NdisFreeSpinLock(&LrGlobals.Lock);

    LR_INFO("unloaded");
}
