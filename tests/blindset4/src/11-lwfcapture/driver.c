/*
 * driver.c - DriverEntry and unload of LwfCapture.
 */
#include "lwfcap.h"

LC_GLOBALS g_Lc;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LcUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                         status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  fChars;
    NDIS_STRING                         serviceName  = RTL_CONSTANT_STRING(LC_SERVICE_NAME);
    NDIS_STRING                         uniqueName   = RTL_CONSTANT_STRING(LC_UNIQUE_NAME);
    NDIS_STRING                         friendlyName = RTL_CONSTANT_STRING(LC_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Lc, sizeof(g_Lc));
    g_Lc.DriverObject = DriverObject;

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type      = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Size      = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Revision  = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion   = LC_NDIS_MAJOR;
    fChars.MinorNdisVersion   = LC_NDIS_MINOR;
    fChars.MajorDriverVersion = LC_DRIVER_MAJOR;
    fChars.MinorDriverVersion = LC_DRIVER_MINOR;
    fChars.Flags              = 0;
    fChars.FriendlyName       = friendlyName;
    fChars.UniqueName         = uniqueName;
    fChars.ServiceName        = serviceName;

    fChars.SetOptionsHandler                  = LcSetOptions;
    fChars.AttachHandler                      = LcAttach;
    fChars.DetachHandler                      = LcDetach;
    fChars.RestartHandler                     = LcRestart;
    fChars.PauseHandler                       = LcPause;
    fChars.SendNetBufferListsHandler          = LcSendNetBufferLists;
    fChars.SendNetBufferListsCompleteHandler  = LcSendNetBufferListsComplete;
    fChars.ReceiveNetBufferListsHandler       = LcReceiveNetBufferLists;
    fChars.ReturnNetBufferListsHandler        = LcReturnNetBufferLists;
    /* OID, status and PnP handlers left NULL: NDIS passes them through. */

    DriverObject->DriverUnload = LcUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fChars,
                                       &g_Lc.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "lwfcap: NdisFRegisterFilterDriver 0x%08x\n", status);
        return status;
    }

    //
    // Module list, its lock and the capture ring.
    //
    status = LcInitializeCaptureState();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(g_Lc.FilterDriverHandle);
        g_Lc.FilterDriverHandle = NULL;
        return status;
    }

    status = LcRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(g_Lc.FilterDriverHandle);
        g_Lc.FilterDriverHandle = NULL;
        LcFreeCaptureState();
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
LcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    LcDeregisterDevice();

    /* Detaches every module before it returns. */
    NdisFDeregisterFilterDriver(g_Lc.FilterDriverHandle);
    g_Lc.FilterDriverHandle = NULL;

    NT_ASSERT(IsListEmpty(&g_Lc.FilterModuleList));
    LcFreeCaptureState();
}
