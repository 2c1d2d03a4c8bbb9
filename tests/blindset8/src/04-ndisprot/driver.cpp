// driver.cpp - pktio DriverEntry, Unload and the staged teardown.
//
// DriverEntry records each step it completes in g_Pktio.Stage; on any
// failure it calls PktioTeardown() with the stage reached, and Unload
// calls the same routine with InitStage::Complete.  One unwind path.

#include "ndisprot.h"

PktioGlobals g_Pktio;

extern "C" DRIVER_INITIALIZE DriverEntry;
extern "C" DRIVER_UNLOAD PktioUnload;

static void
PktioTeardown(InitStage reached)
{
    switch (reached) {
    case InitStage::ProtocolRegistered:
        // Blocks until every binding has been unbound.
        NdisDeregisterProtocolDriver(g_Pktio.ProtocolHandle);
        g_Pktio.ProtocolHandle = nullptr;
        [[fallthrough]];

    case InitStage::LinkCreated:
        IoDeleteSymbolicLink(&g_Pktio.LinkName);
        [[fallthrough]];

    case InitStage::DeviceCreated:
        IoDeleteDevice(g_Pktio.ControlDevice);
        g_Pktio.ControlDevice = nullptr;
        NdisFreeSpinLock(&g_Pktio.BindingsLock);
        [[fallthrough]];

    case InitStage::Nothing:
        break;
    }

    g_Pktio.Stage = InitStage::Nothing;
}

static NTSTATUS
PktioRegisterProtocol()
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS chars;
    NDIS_STRING name;

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type     = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    chars.Header.Size     = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;

    chars.MajorNdisVersion   = PKTIO_NDIS_MAJOR;
    chars.MinorNdisVersion   = PKTIO_NDIS_MINOR;
    chars.MajorDriverVersion = 2;
    chars.MinorDriverVersion = 1;

    RtlInitUnicodeString(&name, PKTIO_PROTOCOL_NAME);
    chars.Name = name;

    chars.SetOptionsHandler                 = PktioSetOptions;
    chars.BindAdapterHandlerEx              = PktioBindAdapter;
    chars.UnbindAdapterHandlerEx            = PktioUnbindAdapter;
    chars.OpenAdapterCompleteHandlerEx      = PktioOpenAdapterComplete;
    chars.CloseAdapterCompleteHandlerEx     = PktioCloseAdapterComplete;
    chars.NetPnPEventHandler                = PktioPnpEvent;
    chars.UninstallHandler                  = PktioUninstall;
    chars.OidRequestCompleteHandler         = PktioOidRequestComplete;
    chars.StatusHandlerEx                   = PktioStatus;
    chars.ReceiveNetBufferListsHandler      = PktioReceiveNbls;
    chars.SendNetBufferListsCompleteHandler = PktioSendComplete;

    NDIS_STATUS ndisStatus = NdisRegisterProtocolDriver(&g_Pktio, &chars, &g_Pktio.ProtocolHandle);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        g_Pktio.ProtocolHandle = nullptr;
        return (ndisStatus == NDIS_STATUS_RESOURCES) ? STATUS_INSUFFICIENT_RESOURCES
                                                     : STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status;
    UNICODE_STRING deviceName;

    RtlZeroMemory(&g_Pktio, sizeof(g_Pktio));
    g_Pktio.DriverObject = DriverObject;
    g_Pktio.Stage        = InitStage::Nothing;
    InitializeListHead(&g_Pktio.Bindings);
    RtlInitUnicodeString(&g_Pktio.LinkName, PKTIO_DOS_DEVICE_NAME);

    RtlInitUnicodeString(&deviceName, PKTIO_NT_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pktio.ControlDevice);
    if (!NT_SUCCESS(status)) {
        PktioTeardown(g_Pktio.Stage);
        return status;
    }
    NdisAllocateSpinLock(&g_Pktio.BindingsLock);
    g_Pktio.Stage = InitStage::DeviceCreated;

    g_Pktio.ControlDevice->Flags |= DO_DIRECT_IO;

    status = IoCreateSymbolicLink(&g_Pktio.LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        PktioTeardown(g_Pktio.Stage);
        return status;
    }
    g_Pktio.Stage = InitStage::LinkCreated;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PktioCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PktioCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = PktioCleanup;
    DriverObject->MajorFunction[IRP_MJ_READ]           = PktioRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = PktioWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PktioDeviceControl;

    // Bind callbacks may run before this returns; the list and lock
    // they use are ready above.
    status = PktioRegisterProtocol();
    if (!NT_SUCCESS(status)) {
        PktioTeardown(g_Pktio.Stage);
        return status;
    }
    g_Pktio.Stage = InitStage::ProtocolRegistered;

    g_Pktio.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = PktioUnload;

    return STATUS_SUCCESS;
}

extern "C"
VOID
PktioUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    NT_ASSERT(g_Pktio.Stage == InitStage::Complete);
    PktioTeardown(InitStage::Complete);
}
