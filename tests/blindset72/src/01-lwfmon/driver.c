/*
 * lwfmon - driver entry / unload
 */
#include "lwfmon.h"

LWF_GLOBALS g_Lwf;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LwfUnload;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LwfUnload)

static VOID
LwfFillCharacteristics(
    _Out_ PNDIS_FILTER_DRIVER_CHARACTERISTICS Fc,
    _In_ PNDIS_STRING FriendlyName,
    _In_ PNDIS_STRING UniqueName,
    _In_ PNDIS_STRING ServiceName)
{
    NdisZeroMemory(Fc, sizeof(*Fc));

    Fc->Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    Fc->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    Fc->Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;

    Fc->MajorNdisVersion   = LWFMON_NDIS_MAJOR;
    Fc->MinorNdisVersion   = LWFMON_NDIS_MINOR;
    Fc->MajorDriverVersion = 1;
    Fc->MinorDriverVersion = 2;
    Fc->Flags              = 0;

    Fc->FriendlyName = *FriendlyName;
    Fc->UniqueName   = *UniqueName;
    Fc->ServiceName  = *ServiceName;

    Fc->AttachHandler  = LwfAttach;
    Fc->DetachHandler  = LwfDetach;
    Fc->RestartHandler = LwfRestart;
    Fc->PauseHandler   = LwfPause;

    /* only look at the data path in one direction each; the rest is bypassed */
    Fc->SendNetBufferListsHandler    = LwfSendNbls;
    Fc->ReceiveNetBufferListsHandler = LwfReceiveNbls;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendly = RTL_CONSTANT_STRING(LWFMON_FRIENDLY_NAME);
    NDIS_STRING unique   = RTL_CONSTANT_STRING(LWFMON_UNIQUE_NAME);
    NDIS_STRING service  = RTL_CONSTANT_STRING(LWFMON_SERVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    LOG("DriverEntry built %s %s", __DATE__, __TIME__);

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    g_Lwf.DriverObject = DriverObject;
    DriverObject->DriverUnload = LwfUnload;

    LwfFillCharacteristics(&fc, &friendly, &unique, &service);

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)&g_Lwf,
                                       &fc,
                                       &g_Lwf.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        ERR("NdisFRegisterFilterDriver failed 0x%08x", status);
        return status;
    }

    /* module list is only touched from attach/detach, set it up now */
    NdisAllocateSpinLock(&g_Lwf.Lock);
    InitializeListHead(&g_Lwf.Modules);
    g_Lwf.ModuleCount = 0;

    LOG("registered, handle %p", g_Lwf.DriverHandle);
    return STATUS_SUCCESS;
}

VOID
LwfUnload(
    _In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LOG("unloading, %lu modules still listed", g_Lwf.ModuleCount);

    NdisFDeregisterFilterDriver(g_Lwf.DriverHandle);
    g_Lwf.DriverHandle = NULL;

    NdisFreeSpinLock(&g_Lwf.Lock);
}
