#include "pktcount.h"

NDIS_HANDLE    g_FilterDriverHandle = NULL;
PPC_DRIVER_CTX g_Ctx = NULL;
PPC_TOTALS     g_Totals = NULL;

NDIS_STATUS
PcAttach(
    _In_ NDIS_HANDLE NdisFilterHandle,
    _In_ NDIS_HANDLE FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attrs;
    PPC_MODULE mod;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    mod = (PPC_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                         sizeof(PC_MODULE),
                                                         PC_MODULE_TAG,
                                                         NormalPoolPriority);
    if (mod == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(mod, sizeof(PC_MODULE));
    mod->FilterHandle = NdisFilterHandle;
    mod->IfIndex = AttachParameters->BaseMiniportIfIndex;
    mod->State = PcStatePaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, mod, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(mod, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_Ctx->Lock);
    InsertTailList(&g_Ctx->Modules, &mod->Link);
    g_Ctx->ModuleCount++;
    NdisReleaseSpinLock(&g_Ctx->Lock);

    DbgPrint("pktcount: attached to ifindex %lu\n", mod->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID
PcDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Ctx->Lock);
    RemoveEntryList(&mod->Link);
    g_Ctx->ModuleCount--;
    NdisReleaseSpinLock(&g_Ctx->Lock);

    InterlockedAdd64(&g_Totals->TxFrames, mod->TxFrames);
    InterlockedAdd64(&g_Totals->TxBytes, mod->TxBytes);
    InterlockedAdd64(&g_Totals->RxFrames, mod->RxFrames);
    InterlockedAdd64(&g_Totals->RxBytes, mod->RxBytes);
    InterlockedIncrement(&g_Totals->ModulesDetached);

    DbgPrint("pktcount: detached from ifindex %lu\n", mod->IfIndex);
    NdisFreeMemory(mod, 0, 0);
}

NDIS_STATUS
PcRestart(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    mod->State = PcStateRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
PcPause(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    // pure pass-through: we never own any NBLs, nothing to drain
    mod->State = PcStatePaused;
    return NDIS_STATUS_SUCCESS;
}

static VOID PcLogTotals(VOID)
{
    DbgPrint("pktcount: tx %I64d frames / %I64d bytes, rx %I64d frames / %I64d bytes, %ld adapters\n",
             g_Totals->TxFrames, g_Totals->TxBytes,
             g_Totals->RxFrames, g_Totals->RxBytes,
             g_Totals->ModulesDetached);
}

VOID
PcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PcLogTotals();
    ExFreePoolWithTag(g_Totals, PC_TOTALS_TAG);

    NdisFDeregisterFilterDriver(g_FilterDriverHandle);

    NdisFreeSpinLock(&g_Ctx->Lock);
    NdisFreeMemory(g_Ctx, sizeof(PC_DRIVER_CTX), 0);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(PC_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(PC_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(PC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Ctx = (PPC_DRIVER_CTX)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PC_DRIVER_CTX), PC_CTX_TAG);
    if (g_Ctx == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NdisAllocateSpinLock(&g_Ctx->Lock);
    InitializeListHead(&g_Ctx->Modules);

    g_Totals = (PPC_TOTALS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PC_TOTALS), PC_TOTALS_TAG);
    if (g_Totals == NULL) {
        NdisFreeSpinLock(&g_Ctx->Lock);
        ExFreePoolWithTag(g_Ctx, PC_CTX_TAG);
        g_Ctx = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = PC_NDIS_MAJOR;
    fc.MinorNdisVersion = PC_NDIS_MINOR;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 2;
    fc.Flags = 0;
    fc.FriendlyName = friendlyName;
    fc.UniqueName = uniqueName;
    fc.ServiceName = serviceName;

    fc.AttachHandler = PcAttach;
    fc.DetachHandler = PcDetach;
    fc.RestartHandler = PcRestart;
    fc.PauseHandler = PcPause;
    fc.SendNetBufferListsHandler = PcSendNbls;
    fc.SendNetBufferListsCompleteHandler = PcSendNblsComplete;
    fc.CancelSendNetBufferListsHandler = PcCancelSend;
    fc.ReceiveNetBufferListsHandler = PcReceiveNbls;
    fc.ReturnNetBufferListsHandler = PcReturnNbls;

    DriverObject->DriverUnload = PcUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fc,
                                       &g_FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("pktcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        ExFreePoolWithTag(g_Totals, PC_TOTALS_TAG);
        NdisFreeSpinLock(&g_Ctx->Lock);
        ExFreePoolWithTag(g_Ctx, PC_CTX_TAG);
        g_Totals = NULL;
        g_Ctx = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}
