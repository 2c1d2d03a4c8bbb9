//
// driver.cpp - DriverEntry, unload and the system power-state hook
//
#include "pcidaq.h"

LIST_ENTRY          Daq::Globals::CardList;
KSPIN_LOCK          Daq::Globals::CardListLock;
PCALLBACK_OBJECT    Daq::Globals::PowerCbObject = nullptr;
PVOID               Daq::Globals::PowerCbHandle = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

// \Callback\PowerState: stop the sequencer before sleep so the FPGA doesn't
// DMA into memory that is being hibernated.
_Use_decl_annotations_
VOID
Daq::PowerStateCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    KIRQL       oldIrql;
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (reinterpret_cast<ULONG_PTR>(Argument1) != PO_CB_SYSTEM_STATE_LOCK) {
        return;
    }

    const bool resuming = (Argument2 != nullptr);

    KeAcquireSpinLock(&Globals::CardListLock, &oldIrql);
    for (entry = Globals::CardList.Flink; entry != &Globals::CardList; entry = entry->Flink) {
        PDAQ_CONTEXT card = CONTAINING_RECORD(entry, DAQ_CONTEXT, Link);

        InterlockedExchange(&card->PowerLocked, resuming ? 0 : 1);
        if (!resuming && card->Regs != nullptr) {
            WriteReg(card, DAQ_REG_CONTROL, 0);
        }
    }
    KeReleaseSpinLock(&Globals::CardListLock, oldIrql);
}

static NTSTATUS
RegisterPowerStateHook()
{
    UNICODE_STRING      name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES   oa;
    NTSTATUS            status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr, nullptr);

    status = ExCreateCallback(&Daq::Globals::PowerCbObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Daq::Globals::PowerCbHandle = ExRegisterCallback(Daq::Globals::PowerCbObject,
                                                     Daq::PowerStateCallback,
                                                     nullptr);
    if (Daq::Globals::PowerCbHandle == nullptr) {
        ObDereferenceObject(Daq::Globals::PowerCbObject);
        Daq::Globals::PowerCbObject = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    return STATUS_SUCCESS;
}

static VOID
UnregisterPowerStateHook()
{
    if (Daq::Globals::PowerCbHandle != nullptr) {
        ExUnregisterCallback(Daq::Globals::PowerCbHandle);
        Daq::Globals::PowerCbHandle = nullptr;
    }
    if (Daq::Globals::PowerCbObject != nullptr) {
        ObDereferenceObject(Daq::Globals::PowerCbObject);
        Daq::Globals::PowerCbObject = nullptr;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG   config;
    NTSTATUS            status;

    DAQ_LOG("DriverEntry (%s %s)", __DATE__, __TIME__);

    status = RegisterPowerStateHook();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeListHead(&Daq::Globals::CardList);
    KeInitializeSpinLock(&Daq::Globals::CardListLock);

    WDF_DRIVER_CONFIG_INIT(&config, Daq::EvtDeviceAdd);
    config.EvtDriverUnload = Daq::EvtDriverUnload;
    config.DriverPoolTag   = DAQ_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DAQ_LOG("WdfDriverCreate 0x%08X", status);
        UnregisterPowerStateHook();
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
Daq::EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    UnregisterPowerStateHook();
}
