//
// entry.cpp - DriverEntry and driver-wide state
//
#include "vmp.h"

namespace vmp {

Driver::State* Driver::s_State = nullptr;

NTSTATUS
Driver::Create(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    s_State = static_cast<State*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(State), Tag));
    if (s_State == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&s_State->Lock);
    InitializeListHead(&s_State->Adapters);
    return STATUS_SUCCESS;
}

void
Driver::Destroy()
{
    if (s_State != nullptr) {
        NT_ASSERT(IsListEmpty(&s_State->Adapters));
        ExFreePoolWithTag(s_State, Tag);
        s_State = nullptr;
    }
}

void
Driver::HookUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    // StorPortInitialize filled in DriverUnload; run ours first, then storport's
    s_State->PortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = Unload;
}

void
Driver::Unload(_In_ PDRIVER_OBJECT DriverObject)
{
    VMP_INFO("unload");
    PDRIVER_UNLOAD portUnload = s_State->PortUnload;
    if (portUnload != nullptr) {
        portUnload(DriverObject);
    }
    Destroy();
}

void
Driver::Track(_Inout_ Adapter* A)
{
    InStackLock lock(&s_State->Lock);
    A->Number = s_State->NextNumber++;
    InsertTailList(&s_State->Adapters, &A->Link);
}

void
Driver::Untrack(_Inout_ Adapter* A)
{
    InStackLock lock(&s_State->Lock);
    RemoveEntryList(&A->Link);
    InitializeListHead(&A->Link);
}

} // namespace vmp

extern "C" ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    using namespace vmp;

    auto driverObject = static_cast<PDRIVER_OBJECT>(DriverObject);
    VMP_INFO("DriverEntry %p", driverObject);

    NTSTATUS status = Driver::Create(driverObject);
    if (!NT_SUCCESS(status)) {
        return static_cast<ULONG>(status);
    }

    VIRTUAL_HW_INITIALIZATION_DATA hw;
    RtlZeroMemory(&hw, sizeof(hw));
    hw.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hw.AdapterInterfaceType     = Internal;
    hw.HwInitialize             = HwInitialize;
    hw.HwStartIo                = HwStartIo;
    hw.HwFindAdapter            = HwFindAdapter;
    hw.HwResetBus               = HwResetBus;
    hw.HwAdapterControl         = HwAdapterControl;
    hw.HwFreeAdapterResources   = HwFreeAdapterResources;
    hw.HwProcessServiceRequest  = HwProcessServiceRequest;
    hw.HwCompleteServiceIrp     = HwCompleteServiceIrp;
    hw.DeviceExtensionSize      = sizeof(Adapter);
    hw.SpecificLuExtensionSize  = sizeof(LunExtension);
    hw.TaggedQueuing            = TRUE;
    hw.AutoRequestSense         = TRUE;
    hw.MultipleRequestPerLu     = TRUE;
    hw.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    ULONG result = StorPortInitialize(DriverObject, RegistryPath,
                                      reinterpret_cast<PHW_INITIALIZATION_DATA>(&hw), nullptr);
    if (result != STATUS_SUCCESS) {
        VMP_ERROR("StorPortInitialize 0x%08X", result);
        Driver::Destroy();
        return result;
    }

    Driver::HookUnload(driverObject);
    return result;
}
