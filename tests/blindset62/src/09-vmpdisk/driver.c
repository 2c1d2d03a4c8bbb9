/*
 * driver.c - DriverEntry / unload of vmpdisk
 */
#include "vmp.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD VmpUnload;

PVMP_DRIVER g_Vmp = NULL;

static VOID
VmpFreeDriverState(
    VOID
    )
{
    if (g_Vmp == NULL) {
        return;
    }
    if (g_Vmp->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Vmp->RegistryPath.Buffer, VMP_TAG);
    }
    ExFreePoolWithTag(g_Vmp, VMP_TAG);
    g_Vmp = NULL;
}

static NTSTATUS
VmpAllocDriverState(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    g_Vmp = (PVMP_DRIVER)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VMP_DRIVER), VMP_TAG);
    if (g_Vmp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeSpinLock(&g_Vmp->Lock);
    InitializeListHead(&g_Vmp->Adapters);

    g_Vmp->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_Vmp->RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                       g_Vmp->RegistryPath.MaximumLength,
                                                       VMP_TAG);
    if (g_Vmp->RegistryPath.Buffer == NULL) {
        VmpFreeDriverState();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Vmp->RegistryPath, RegistryPath);
    return STATUS_SUCCESS;
}

/*
 * Storport installs its own DriverUnload in StorPortInitialize.  We wrap it:
 * storport first (that removes the adapters), then our driver wide state.
 */
static VOID
VmpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDRIVER_UNLOAD portUnload = g_Vmp->PortUnload;

    VMP_INFO("unload");

    if (portUnload != NULL) {
        portUnload(DriverObject);
    }
    VmpFreeDriverState();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS status;

    status = VmpAllocDriverState(RegistryPath);
    if (!NT_SUCCESS(status)) {
        VMP_ERR("driver state allocation failed 0x%08X", status);
        return status;
    }

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwFindAdapter            = VmpFindAdapter;
    hwInit.HwInitialize             = VmpInitialize;
    hwInit.HwStartIo                = VmpStartIo;
    hwInit.HwResetBus               = VmpResetBus;
    hwInit.HwAdapterControl         = VmpAdapterControl;
    hwInit.HwFreeAdapterResources   = VmpFreeAdapterResources;
    hwInit.HwProcessServiceRequest  = VmpProcessServiceRequest;
    hwInit.HwCompleteServiceIrp     = VmpCompleteServiceIrp;

    hwInit.DeviceExtensionSize      = sizeof(VMP_ADAPTER);
    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;

    status = (NTSTATUS)StorPortInitialize(DriverObject, RegistryPath,
                                          (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (!NT_SUCCESS(status)) {
        VMP_ERR("StorPortInitialize failed 0x%08X", status);
        VmpFreeDriverState();
        return status;
    }

    g_Vmp->PortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VmpUnload;

    VMP_INFO("loaded");
    return status;
}
