#include "vstor.h"

PVS_DRIVER g_Vs = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VsDriverUnload;

static NTSTATUS
VsAllocGlobals(_In_ PDRIVER_OBJECT DriverObject)
{
    g_Vs = (PVS_DRIVER)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VS_DRIVER), VS_TAG);
    if (g_Vs == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Vs->DriverObject = DriverObject;
    KeInitializeSpinLock(&g_Vs->Lock);
    InitializeListHead(&g_Vs->Adapters);
    g_Vs->AdapterCount = 0;
    g_Vs->BlockCount = VS_DEFAULT_BLOCKS;
    return STATUS_SUCCESS;
}

static VOID
VsFreeGlobals(VOID)
{
    if (g_Vs != NULL) {
        ExFreePoolWithTag(g_Vs, VS_TAG);
        g_Vs = NULL;
    }
}

VOID
VsDriverUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PDRIVER_UNLOAD portUnload = g_Vs->PortUnload;

    VS_LOG("unload");

    if (portUnload != NULL) {
        portUnload(DriverObject);
    }
    VsFreeGlobals();
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS status;
    ULONG spStatus;

    VS_LOG("DriverEntry %wZ", RegistryPath);

    status = VsAllocGlobals(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;

    hwInit.HwInitialize = VsHwInitialize;
    hwInit.HwStartIo = VsHwStartIo;
    hwInit.HwFindAdapter = VsHwFindAdapter;
    hwInit.HwResetBus = VsHwResetBus;
    hwInit.HwAdapterControl = VsHwAdapterControl;
    hwInit.HwFreeAdapterResources = VsHwFreeAdapterResources;
    hwInit.HwProcessServiceRequest = NULL;
    hwInit.HwCompleteServiceIrp = NULL;

    hwInit.DeviceExtensionSize = sizeof(VS_HBA);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;

    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;
    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    spStatus = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (spStatus != STATUS_SUCCESS) {
        VS_LOG("StorPortInitialize failed 0x%08X", spStatus);
        VsFreeGlobals();
    } else {
        // Storport installed its own unload; hook ours and chain to it
        g_Vs->PortUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = VsDriverUnload;
    }

    return status;
}
